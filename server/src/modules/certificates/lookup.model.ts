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
 * loses concurrent `$inc`s. Folded into `CertificateLookupTotal` and deleted soon after, so the
 * count shown on a certificate is its total plus the checks not folded yet.
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

/** Genuine checks of one number (`_id`) folded in so far; `batch` names the last fold that added to it. */
const certificateLookupTotalSchema = new Schema(
  {
    _id: { type: String, required: true },
    count: { type: Number, required: true },
    batch: { type: String, required: true },
  },
  { versionKey: false, strict: 'throw' },
)

export interface CertificateLookupTotalDoc {
  _id: string
  count: number
  batch: string
}
export const CertificateLookupTotal = model('CertificateLookupTotal', certificateLookupTotalSchema) as unknown as Model<CertificateLookupTotalDoc>

/**
 * The fold under way (there is at most one, `_id: 'current'`): the checks it takes and what it
 * adds to each number, written before it adds anything so that a fold cut short is finished by
 * the next run rather than started again.
 */
const certificateLookupFoldSchema = new Schema(
  {
    _id: { type: String, required: true },
    batch: { type: String, required: true },
    eventIds: { type: [Schema.Types.ObjectId], default: [] },
    counts: { type: [{ _id: false, no: String, n: Number }], default: [] },
  },
  { versionKey: false, strict: 'throw' },
)

export interface CertificateLookupFoldDoc {
  _id: string
  batch: string
  eventIds: Types.ObjectId[]
  counts: { no: string; n: number }[]
}
export const CertificateLookupFold = model('CertificateLookupFold', certificateLookupFoldSchema) as unknown as Model<CertificateLookupFoldDoc>
