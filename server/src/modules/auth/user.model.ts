import { Schema, model, type InferSchemaType, type Types } from 'mongoose'
import { ORG_TYPES, ROLES } from '@qjt/shared'
import { baseSchemaOptions } from '../../db/schema-options'

/**
 * A person, known by their mini-program openid. Belongs to at most one organization and holds
 * roles only inside it; leaving (or being removed) clears both.
 */
const userSchema = new Schema(
  {
    openid: { type: String, required: true, unique: true },
    /** Links the same person across the mini-program and the service account. */
    unionid: { type: String, default: null },
    name: { type: String, required: true, maxlength: 30 },
    phone: { type: String, default: null },
    orgId: { type: Schema.Types.ObjectId, ref: 'Organization', default: null, index: true },
    /** Copied from the organization so each request resolves the caller with one read. */
    orgType: { type: String, enum: [...ORG_TYPES, null], default: null },
    roles: { type: [{ type: String, enum: ROLES }], default: [] },
    joinedAt: { type: Date, default: null },
    /** Bumped by every membership change, which only `writeIfVersion` makes. */
    version: { type: Number, default: 0 },
    lastLoginAt: { type: Date, default: null },
  },
  baseSchemaOptions,
)
userSchema.index({ unionid: 1 })

export type UserDoc = InferSchemaType<typeof userSchema> & { _id: Types.ObjectId }
export const User = model('User', userSchema)
