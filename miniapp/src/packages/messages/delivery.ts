import { DELIVERY_STATUS_LABELS, type NotificationDeliveryView } from '@qjt/shared'

/**
 * How the WeChat copy of a message fared, in a few words, or null once it reached the user.
 * In-app only means nothing could carry it: no subscribe grant and no followed official account.
 */
export function deliveryText(d: NotificationDeliveryView): string | null {
  const why = d.error?.message
  if (d.status === 'sent') return d.channel === 'in_app' ? '未发送微信提醒：没有订阅该消息，仅在小程序内通知' : null
  if (d.status === 'failed') return `微信提醒发送失败：${why ?? '原因未知'}`
  if (d.status === 'pending') return why ? `微信提醒待重发（上次失败：${why}）` : '微信提醒待发送'
  return `微信提醒${DELIVERY_STATUS_LABELS[d.status] ?? d.status}${why ? `：${why}` : ''}`
}
