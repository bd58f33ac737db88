import { Schema, model, type Model, type Types } from 'mongoose'

/**
 * Someone who follows (or followed) our official account, from its follow/unfollow event pushes.
 * The unionid links them to a mini-program user, whose openid differs from `oaOpenid`.
 */
const followerSchema = new Schema(
  {
    oaOpenid: { type: String, required: true },
    /** Null when WeChat gave none (the account is not bound to the open platform). */
    unionid: { type: String, default: null },
    subscribed: { type: Boolean, required: true },
    /** The event's own time (CreateTime): a late retry of an older event changes nothing. */
    eventAt: { type: Date, required: true },
    version: { type: Number, default: 0 },
  },
  { versionKey: false, strict: 'throw', timestamps: true },
)
followerSchema.index({ oaOpenid: 1 }, { unique: true })
followerSchema.index({ unionid: 1, subscribed: 1 })

export interface FollowerDoc {
  _id: Types.ObjectId
  oaOpenid: string
  unionid: string | null
  subscribed: boolean
  eventAt: Date
  version: number
}
export const OaFollower = model('OaFollower', followerSchema) as unknown as Model<FollowerDoc>
