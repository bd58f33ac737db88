import { z } from 'zod'
import { IdParamsSchema, NotificationListQuerySchema, SubscriptionResultsSchema } from '@qjt/shared'
import { AppError } from '../../core/errors'
import { defineRoute, type AppContext } from '../../core/route'

/** What WeChat adds to every push it sends (plain-text mode); other keys it may add are ignored. */
const PushQuerySchema = z.object({
  signature: z.string().min(1, { error: '缺少 signature' }).max(128),
  timestamp: z.string().regex(/^\d{1,12}$/, { error: 'timestamp 格式不正确' }),
  nonce: z.string().min(1, { error: '缺少 nonce' }).max(64),
  openid: z.string().max(64).optional(),
})
const EchoQuerySchema = PushQuerySchema.extend({ echostr: z.string().min(1, { error: '缺少 echostr' }).max(256) })

const MAX_PUSH_BYTES = 64 * 1024

/** The push's XML body, which the JSON body parser leaves unread. */
async function readXml(ctx: AppContext): Promise<string> {
  if (!ctx.is('text/xml', 'application/xml')) throw new AppError('UNSUPPORTED_MEDIA_TYPE', '推送内容应为 XML')
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of ctx.req) {
    size += (chunk as Buffer).length
    if (size > MAX_PUSH_BYTES) throw new AppError('PAYLOAD_TOO_LARGE')
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks).toString('utf8')
}

export const notificationRoutes = [
  defineRoute({
    method: 'get',
    path: '/notifications',
    summary: '我的消息（最新在前；unread=true 只看未读），每条带微信送达情况',
    tag: 'notifications',
    access: 'notifications.own',
    query: NotificationListQuerySchema,
    handler: ({ actor, query, services }) => services.notifications.list(actor, query),
  }),
  defineRoute({
    method: 'get',
    path: '/notifications/unread-count',
    summary: '未读消息数',
    tag: 'notifications',
    access: 'notifications.own',
    handler: ({ actor, services }) => services.notifications.unreadCount(actor),
  }),
  defineRoute({
    method: 'post',
    path: '/notifications/:id/read',
    summary: '标记一条消息为已读',
    tag: 'notifications',
    access: 'notifications.own',
    params: IdParamsSchema,
    handler: ({ actor, params, services }) => services.notifications.markRead(actor, params.id),
  }),
  defineRoute({
    method: 'post',
    path: '/notifications/read-all',
    summary: '全部标记为已读',
    tag: 'notifications',
    access: 'notifications.own',
    handler: ({ actor, services }) => services.notifications.markAllRead(actor),
  }),
  defineRoute({
    method: 'get',
    path: '/notifications/templates',
    summary: '小程序应请求订阅的消息模板（提交申请时、打开任务列表时）',
    tag: 'notifications',
    access: 'notifications.own',
    handler: ({ services }) => services.notifications.templates(),
  }),
  defineRoute({
    method: 'post',
    path: '/notifications/subscriptions',
    summary: '记录 wx.requestSubscribeMessage 的结果：每个 accept 可发送一条该模板的订阅消息',
    tag: 'notifications',
    access: 'notifications.own',
    body: SubscriptionResultsSchema,
    handler: ({ actor, body, services }) => services.notifications.recordSubscriptions(actor, body),
  }),
  defineRoute({
    method: 'get',
    path: '/wechat/oa/events',
    summary: '公众号消息推送：服务器地址校验（签名正确时原样返回 echostr）',
    tag: 'wechat',
    access: 'public',
    query: EchoQuerySchema,
    handler: ({ query, services }, ctx) => {
      const echo = services.oaEvents.echo(query)
      ctx.type = 'text/plain'
      return echo
    },
  }),
  defineRoute({
    method: 'post',
    path: '/wechat/oa/events',
    summary: '公众号消息推送（明文模式 XML）：关注/取消关注事件，关联公众号用户与小程序用户；答复 success',
    tag: 'wechat',
    access: 'public',
    query: PushQuerySchema,
    handler: async ({ query, services }, ctx) => {
      services.oaEvents.verify(query)
      const answer = await services.oaEvents.handle(query, await readXml(ctx))
      ctx.type = 'text/plain'
      return answer
    },
  }),
]
