import { Schema, model, type Model, type Types } from 'mongoose'

/**
 * One "accept" of a one-time subscribe template in `wx.requestSubscribeMessage`: WeChat then
 * allows exactly one message of that template to the user. A message reserves a grant with a
 * claim (`grant:<id>`, owned by the message), so no two messages spend the same one.
 */
const grantSchema = new Schema(
  {
    userId: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    templateId: { type: String, required: true },
    grantedAt: { type: Date, required: true },
    /** The message holding it (its claim is the lock; this lets others skip it without asking). */
    reservedFor: { type: Schema.Types.ObjectId, default: null },
    /** Set once spent: sent, refused by WeChat (43101), or sent with no answer. */
    usedAt: { type: Date, default: null },
    usedBy: { type: Schema.Types.ObjectId, default: null },
    outcome: { type: String, enum: ['sent', 'refused', 'unknown', null], default: null },
  },
  { versionKey: false, strict: 'throw', timestamps: true },
)
grantSchema.index({ userId: 1, templateId: 1, usedAt: 1, reservedFor: 1, grantedAt: 1 })

export interface GrantDoc {
  _id: Types.ObjectId
  userId: Types.ObjectId
  templateId: string
  grantedAt: Date
  reservedFor: Types.ObjectId | null
  usedAt: Date | null
  usedBy: Types.ObjectId | null
  outcome: 'sent' | 'refused' | 'unknown' | null
}
export const SubscribeGrant = model('SubscribeGrant', grantSchema) as unknown as Model<GrantDoc>
