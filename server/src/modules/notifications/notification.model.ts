import { Schema, model, type Model, type Types } from 'mongoose'
import { NOTIFICATION_EVENTS, type NotificationEvent } from '@qjt/shared'

/**
 * One in-app notification of one user: what the 消息 list shows, read or unread. Its `_id` is
 * derived from (intent, user), so writing the same intent again inserts nothing new; the outbox
 * message that carries it to WeChat has the same `_id`.
 */
const notificationSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    /** `<intent id>|<user id>`, what `_id` is derived from. */
    key: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    /** The organization the user was notified as a member of. */
    orgId: { type: Schema.Types.ObjectId, ref: 'Organization', required: true },
    intentId: { type: String, required: true },
    event: { type: String, enum: NOTIFICATION_EVENTS, required: true },
    title: { type: String, required: true },
    body: { type: String, required: true },
    page: { type: String, required: true },
    /** When the thing happened (the intent's time): what the list shows and sorts by. */
    at: { type: Date, required: true },
    readAt: { type: Date, default: null },
  },
  { versionKey: false, strict: 'throw', timestamps: true },
)
notificationSchema.index({ userId: 1, at: -1, _id: -1 })
notificationSchema.index({ userId: 1, readAt: 1 })

export interface NotificationDoc {
  _id: Types.ObjectId
  key: string
  userId: Types.ObjectId
  orgId: Types.ObjectId
  intentId: string
  event: NotificationEvent
  title: string
  body: string
  page: string
  at: Date
  readAt: Date | null
  createdAt: Date
  updatedAt: Date
}
export const Notification = model('Notification', notificationSchema) as unknown as Model<NotificationDoc>
