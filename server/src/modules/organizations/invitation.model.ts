import { Schema, model, type InferSchemaType, type Types } from 'mongoose'
import { baseSchemaOptions } from '../../db/schema-options'

/** A single-use code a unit admin shares so a colleague can join as operator. */
const invitationSchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, ref: 'Organization', required: true },
    code: { type: String, required: true, unique: true },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', required: true },
    expiresAt: { type: Date, required: true },
    usedBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    usedAt: { type: Date, default: null },
    revokedAt: { type: Date, default: null },
  },
  baseSchemaOptions,
)
invitationSchema.index({ orgId: 1, createdAt: -1 })

export type InvitationDoc = InferSchemaType<typeof invitationSchema> & { _id: Types.ObjectId }
export const Invitation = model('Invitation', invitationSchema)
