import { wechatErrorLabel, type NotificationDeliveryView, type NotificationView } from '@qjt/shared'
import type { NotificationDoc } from './notification.model'
import type { OutboxDoc } from './outbox.model'

type Delivery = Pick<OutboxDoc, 'channel' | 'status' | 'lastError' | 'sentAt'>

export function presentDelivery(message: Delivery | undefined): NotificationDeliveryView {
  if (!message) return { channel: null, status: 'pending', error: null, sentAt: null }
  const error = message.lastError
  return {
    channel: message.channel ?? null,
    status: message.status,
    error: error ? { errcode: error.errcode, errmsg: error.errmsg, message: wechatErrorLabel(error.errcode) } : null,
    sentAt: message.sentAt ? message.sentAt.toISOString() : null,
  }
}

export function presentNotification(n: NotificationDoc, message: Delivery | undefined): NotificationView {
  return {
    id: String(n._id),
    event: n.event,
    title: n.title,
    body: n.body,
    page: n.page,
    createdAt: n.at.toISOString(),
    readAt: n.readAt ? n.readAt.toISOString() : null,
    delivery: presentDelivery(message),
  }
}
