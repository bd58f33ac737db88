import { Schema, model, type Model, type Types } from 'mongoose'

/**
 * 证书编号 → certificate. FerretDB finds a document without reading the whole collection only by
 * `_id`, so the public check (and every read by number) starts here rather than at `{ no }` on
 * the certificates. Written once at issuance; the `_id` also makes a number impossible to reuse.
 */
const certificateNumberSchema = new Schema(
  {
    _id: { type: String, required: true },
    certificateId: { type: Schema.Types.ObjectId, required: true },
  },
  { versionKey: false, strict: 'throw' },
)

export interface CertificateNumberDoc {
  _id: string
  certificateId: Types.ObjectId
}
export const CertificateNumber = model('CertificateNumber', certificateNumberSchema) as unknown as Model<CertificateNumberDoc>

/**
 * One public check of a certificate number, genuine or not. Inserted, never updated: FerretDB
 * loses concurrent `$inc`s, so the count shown on a certificate is a count of these.
 */
const certificateLookupSchema = new Schema(
  {
    /** The number as asked for: also numbers that do not exist, or with a wrong signature. */
    no: { type: String, required: true },
    at: { type: Date, required: true },
    genuine: { type: Boolean, required: true },
  },
  { versionKey: false, strict: 'throw' },
)
certificateLookupSchema.index({ no: 1, genuine: 1 })

export interface CertificateLookupDoc {
  _id: Types.ObjectId
  no: string
  at: Date
  genuine: boolean
}
export const CertificateLookup = model('CertificateLookup', certificateLookupSchema) as unknown as Model<CertificateLookupDoc>
