import { z } from 'zod'
import type { OrgType, Role } from './roles'

/** `POST /auth/wechat`: the code `wx.login` gave the mini-program. */
export const WechatLoginSchema = z.strictObject({
  code: z.string({ error: '缺少登录凭证' }).trim().min(1, { error: '缺少登录凭证' }).max(128, { error: '登录凭证格式不正确' }),
})
export type WechatLoginInput = z.infer<typeof WechatLoginSchema>

/** Openids the development login page accepts: what WeChat itself would issue, roughly. */
export const DevOpenidSchema = z
  .string()
  .trim()
  .min(1, { error: '请输入 openid' })
  .max(64, { error: 'openid 不能超过64个字符' })
  .regex(/^[A-Za-z0-9_-]+$/, { error: 'openid 只能包含字母、数字、下划线和短横线' })

/** `POST /me/phone`: the code from `<button open-type="getPhoneNumber">`. */
export const BindPhoneSchema = z.strictObject({
  code: z.string({ error: '缺少手机号授权凭证' }).trim().min(1, { error: '缺少手机号授权凭证' }).max(128),
})
export type BindPhoneInput = z.infer<typeof BindPhoneSchema>

export const ProfileUpdateSchema = z.strictObject({
  name: z
    .string({ error: '请填写姓名' })
    .trim()
    .min(1, { error: '请填写姓名' })
    .max(30, { error: '姓名不能超过30个字' }),
})
export type ProfileUpdateInput = z.infer<typeof ProfileUpdateSchema>

export interface SessionUser {
  id: string
  name: string
  roles: Role[]
  orgId: string | null
}

export interface LoginResult {
  token: string
  expiresAt: string
  user: SessionUser
}

export interface OrgSummary {
  id: string
  type: OrgType
  name: string
  regionCode: string
  regionName: string
}

export interface MeView extends SessionUser {
  phone: string | null
  org: OrgSummary | null
}
