import { Schema, model, type InferSchemaType, type Types } from 'mongoose'
import { ORG_TYPES } from '@qjt/shared'
import { baseSchemaOptions } from '../../db/schema-options'

/**
 * An organization: a unit that uses instruments, a verification institution, a regulator or the
 * customer-service centre. Every ledger, booking and certificate belongs to exactly one.
 */
const organizationSchema = new Schema(
  {
    type: { type: String, enum: ORG_TYPES, required: true },
    name: { type: String, required: true, maxlength: 100 },
    /** 统一社会信用代码, optional (individual stall holders may have none); not an identity. */
    uscc: { type: String, default: null },
    /** County for units and institutions; the supervised division for regulators. */
    regionCode: { type: String, required: true },
    address: { type: String, required: true, maxlength: 200 },
    contactName: { type: String, default: '' },
    contactPhone: { type: String, default: '' },
    /** Public phone (institutions: shown in the directory and on certificates). */
    phone: { type: String, default: null },
    /**
     * Institutions: short code used in certificate numbers, e.g. `ALSM`. Left unset (never null)
     * on other organizations so the sparse unique index ignores them on MongoDB and FerretDB alike.
     */
    shortCode: { type: String },
    /** Institutions: 计量授权证书 number printed on certificates. */
    authorizationNo: { type: String, default: null },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    version: { type: Number, default: 0 },
  },
  baseSchemaOptions,
)
organizationSchema.index({ type: 1, name: 1 })
organizationSchema.index({ shortCode: 1 }, { unique: true, sparse: true })

export type OrganizationDoc = InferSchemaType<typeof organizationSchema> & { _id: Types.ObjectId }
export const Organization = model('Organization', organizationSchema)
