import { z } from 'zod'
import { PageQuerySchema } from '../common/schemas'

/**
 * What a notification is about. Each event has its WeChat templates and the recipients its
 * sender names (a unit's members, or an institution's reviewers). Reminders join this list.
 */
export const NOTIFICATION_EVENTS = [
  'booking_submitted',
  'booking_accepted',
  'booking_returned',
  'booking_withdrawn',
  'booking_item_removed',
  'task_created',
  'certificate_issued',
  'reminder_due',
  'reminder_overdue',
] as const
export type NotificationEvent = (typeof NOTIFICATION_EVENTS)[number]

export const NOTIFICATION_EVENT_LABELS: Record<NotificationEvent, string> = {
  booking_submitted: '预约已提交',
  booking_accepted: '预约已受理',
  booking_returned: '预约已退回',
  booking_withdrawn: '预约已撤销',
  booking_item_removed: '器具移出任务',
  task_created: '新检定任务',
  certificate_issued: '证书已出具',
  reminder_due: '检定到期提醒',
  reminder_overdue: '检定逾期提醒',
}

/**
 * How a notification reached the user besides the in-app list: a mini-program subscribe message
 * (needs a one-time grant), an official-account template message (needs a follow), or nothing else.
 */
export const NOTIFICATION_CHANNELS = ['subscribe', 'oa_template', 'in_app'] as const
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number]

export const NOTIFICATION_CHANNEL_LABELS: Record<NotificationChannel, string> = {
  subscribe: '小程序订阅消息',
  oa_template: '公众号模板消息',
  in_app: '仅站内通知',
}

/**
 * `unconfirmed`: sending was interrupted and WeChat's answer never arrived; a subscribe message is
 * then not sent again, because a second one could reach the user twice.
 */
export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'unconfirmed', 'cancelled'] as const
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number]

export const DELIVERY_STATUS_LABELS: Record<DeliveryStatus, string> = {
  pending: '待发送',
  sending: '发送中',
  sent: '已送达',
  failed: '发送失败',
  unconfirmed: '发送结果未知',
  cancelled: '已取消',
}

/** Why WeChat refused a message, in words a user understands; other codes show as 微信错误 <code>. */
export const WECHAT_ERROR_LABELS: Record<number, string> = {
  [-1]: '微信系统繁忙',
  40003: '微信用户标识无效',
  40037: '消息模板无效',
  43004: '未关注公众号',
  43101: '未订阅该消息或订阅次数已用完',
  45009: '微信接口当日调用次数已满',
  45011: '微信接口调用太频繁',
  47003: '消息内容不符合微信规则',
}

export function wechatErrorLabel(errcode: number): string {
  return WECHAT_ERROR_LABELS[errcode] ?? `微信错误 ${errcode}`
}

/** `GET /notifications`: newest first; `unread=true` only unread ones, `false` only read ones. */
export const NotificationListQuerySchema = PageQuerySchema.extend({
  unread: z.enum(['true', 'false'], { error: 'unread 只能是 true 或 false' }).optional(),
})
export type NotificationListQuery = z.infer<typeof NotificationListQuerySchema>

/** What `wx.requestSubscribeMessage` answers per template id (its `errMsg` key is left out). */
export const SUBSCRIBE_RESULTS = ['accept', 'acceptWithAudio', 'reject', 'ban', 'filter'] as const
export type SubscribeResult = (typeof SUBSCRIBE_RESULTS)[number]

/** Templates one `wx.requestSubscribeMessage` call may ask for (the platform caps it at 3–5). */
export const SUBSCRIBE_TEMPLATES_MAX = 5

/** `POST /notifications/subscriptions`: the user's answers, one grant stored per accept. */
export const SubscriptionResultsSchema = z.strictObject({
  results: z
    .record(
      z.string().min(1, { error: '模板编号不能为空' }).max(128, { error: '模板编号格式不正确' }),
      z.enum(SUBSCRIBE_RESULTS, { error: '订阅结果只能是 accept、reject、ban 或 filter' }),
      { error: '缺少订阅结果' },
    )
    .refine((r) => Object.keys(r).length <= SUBSCRIBE_TEMPLATES_MAX, {
      error: `一次最多${SUBSCRIBE_TEMPLATES_MAX}个模板`,
    }),
})
export type SubscriptionResultsInput = z.infer<typeof SubscriptionResultsSchema>

export interface SubscriptionResultsView {
  /** Grants stored: one per accepted template. */
  recorded: number
  /** Template ids we do not send with, so nothing was stored for them. */
  ignored: string[]
}

export interface NotificationDeliveryView {
  /** Null until the message is first picked up for sending. */
  channel: NotificationChannel | null
  status: DeliveryStatus
  /** The last refusal (also while a retry is pending), or null. */
  error: { errcode: number; errmsg: string; message: string } | null
  sentAt: string | null
}

export interface NotificationView {
  id: string
  event: NotificationEvent
  title: string
  /** The full text: the in-app list shows all of it. */
  body: string
  /** Mini-program page with query, e.g. `packages/booking/detail/index?id=…`. */
  page: string
  createdAt: string
  readAt: string | null
  delivery: NotificationDeliveryView
}

export interface UnreadCountView {
  count: number
}

/** `GET /notifications/templates`: which subscribe templates the mini-program asks the user for. */
export interface SubscribeTemplatesView {
  /** Ask for these with `wx.requestSubscribeMessage` in the 提交申请 tap. */
  atBookingSubmit: string[]
  /** Ask for these where an institution's reviewer opens the task queue. */
  atTaskQueue: string[]
  /**
   * Ask for these where a unit keeps its ledger (saving an instrument, opening one near its
   * 有效期至): each grant carries one urgent reminder (7 days, 1 day, overdue) as a subscribe
   * message; the 30-day one goes by the official account or the in-app list only.
   */
  atLedger: string[]
  templates: { templateId: string; title: string; events: NotificationEvent[] }[]
}
