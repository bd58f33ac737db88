import { Schema, model, type Model, type Types } from 'mongoose'
import { DELIVERY_STATUSES, NOTIFICATION_CHANNELS, NOTIFICATION_EVENTS, type DeliveryStatus, type NotificationChannel, type NotificationEvent } from '@qjt/shared'

/**
 * One WeChat message to send: a notification on its way to one user. The channel is chosen when
 * it is sent. Every change of state is a versioned write (`writeIfVersion`), so exactly one
 * worker sends each attempt; `claimedAt` tells an interrupted send from a running one.
 */
const outboxSchema = new Schema(
  {
    /** The notification's `_id`; also the official account's `client_msg_id`. */
    _id: { type: Schema.Types.ObjectId, required: true },
    key: { type: String, required: true },
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    orgId: { type: Schema.Types.ObjectId, ref: 'Organization', required: true },
    intentId: { type: String, required: true },
    event: { type: String, enum: NOTIFICATION_EVENTS, required: true },
    page: { type: String, required: true },
    /** Facts the templates are filled from (`bookingNo`, `status`, `date`…). */
    fields: { type: Schema.Types.Mixed, required: true },
    at: { type: Date, required: true },
    /** The intent's channels in order of preference; unset: the usual order (see `chooseRoute`). */
    channels: { type: [{ type: String, enum: NOTIFICATION_CHANNELS }], default: undefined },
    status: { type: String, enum: DELIVERY_STATUSES, required: true },
    channel: { type: String, enum: [...NOTIFICATION_CHANNELS, null], default: null },
    /** When a pending message may next be sent. */
    dueAt: { type: Date, required: true },
    attempts: { type: Number, default: 0 },
    claimedAt: { type: Date, default: null },
    claimedBy: { type: String, default: null },
    /** The subscribe grant this message uses (reserved for it by a claim). */
    grantId: { type: Schema.Types.ObjectId, default: null },
    lastError: { type: new Schema({ errcode: Number, errmsg: String }, { _id: false }), default: null },
    /**
     * Set when a template message may have reached WeChat without an answer saying so. It is only
     * sent again (same `client_msg_id`) while WeChat still de-duplicates, never by another channel.
     */
    uncertainAt: { type: Date, default: null },
    sentAt: { type: Date, default: null },
    msgid: { type: String, default: null },
    version: { type: Number, default: 0 },
  },
  { versionKey: false, strict: 'throw', timestamps: true },
)
outboxSchema.index({ status: 1, dueAt: 1 })
outboxSchema.index({ status: 1, claimedAt: 1 })

export interface OutboxDoc {
  _id: Types.ObjectId
  key: string
  userId: Types.ObjectId
  orgId: Types.ObjectId
  intentId: string
  event: NotificationEvent
  page: string
  fields: Record<string, string>
  at: Date
  channels?: NotificationChannel[] | null
  status: DeliveryStatus
  channel: NotificationChannel | null
  dueAt: Date
  attempts: number
  claimedAt: Date | null
  claimedBy: string | null
  grantId: Types.ObjectId | null
  lastError: { errcode: number; errmsg: string } | null
  uncertainAt: Date | null
  sentAt: Date | null
  msgid: string | null
  version: number
  createdAt: Date
  updatedAt: Date
}
export const OutboxMessage = model('OutboxMessage', outboxSchema) as unknown as Model<OutboxDoc>
