import { BindPhoneSchema, ProfileUpdateSchema, WechatLoginSchema } from '@qjt/shared'
import { defineRoute } from '../../core/route'

export const authRoutes = [
  defineRoute({
    method: 'post',
    path: '/auth/wechat',
    summary: '微信登录：用 wx.login 的 code 换取会话令牌',
    tag: 'auth',
    access: 'public',
    body: WechatLoginSchema,
    handler: ({ body, services }, ctx) => {
      services.loginLimiter.hit(ctx.ip)
      return services.auth.login(body.code)
    },
  }),
  defineRoute({
    method: 'get',
    path: '/me',
    summary: '当前用户及其单位',
    tag: 'auth',
    access: 'session',
    handler: ({ actor, services }) => services.auth.me(actor),
  }),
  defineRoute({
    method: 'patch',
    path: '/me',
    summary: '修改姓名',
    tag: 'auth',
    access: 'session',
    body: ProfileUpdateSchema,
    handler: ({ actor, body, services }) => services.auth.updateProfile(actor, body),
  }),
  defineRoute({
    method: 'post',
    path: '/me/phone',
    summary: '绑定微信手机号（getPhoneNumber 按钮返回的 code）',
    tag: 'auth',
    access: 'session',
    body: BindPhoneSchema,
    handler: ({ actor, body, services }) => services.auth.bindPhone(actor, body.code),
  }),
]
