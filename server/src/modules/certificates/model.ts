import { Schema, model, type Model, type Types } from 'mongoose'
import { CATALOGUE_MODES, CERTIFICATE_TYPES, VERIFY_RESULTS, type CatalogueMode, type CertificateType, type VerifyResult } from '@qjt/shared'

/**
 * An issued 检定证书 or 检定结果通知书. Everything printed on it is copied in at issuance, so
 * the document, its PDF and the public check never change when the ledger, the unit or the
 * institution change later. Only revocation and supersession are added afterwards.
 */
const signatureSchema = new Schema({ userId: Schema.Types.ObjectId, name: String, at: Date }, { _id: false })

const certificateSchema = new Schema(
  {
    /** 证书编号: `{institution short code}-{yyyy}-{6 digits}` (通知书: `…-TZ-…`), never reused. */
    no: { type: String, required: true },
    type: { type: String, enum: CERTIFICATE_TYPES, required: true },
    conclusion: { type: String, enum: VERIFY_RESULTS, required: true },
    conclusionText: { type: String, required: true },
    /** The unit that owns the instrument (who may see it) and the institution that issued it. */
    orgId: { type: Schema.Types.ObjectId, required: true },
    institutionId: { type: Schema.Types.ObjectId, required: true },
    instrumentId: { type: Schema.Types.ObjectId, required: true },
    recordId: { type: Schema.Types.ObjectId, required: true },
    taskId: { type: Schema.Types.ObjectId, required: true },
    bookingId: { type: Schema.Types.ObjectId, required: true },
    unit: { name: String, address: String, regionCode: String },
    instrument: {
      code: String,
      name: String,
      model: String,
      serialNo: String,
      manufacturer: String,
      accuracyClass: String,
      range: String,
      level1Code: String,
      level2Code: String,
      level2Name: String,
      regionCode: String,
    },
    institution: { name: String, shortCode: String, address: String, phone: String, authorizationNo: String },
    regulation: { type: String, required: true },
    place: { type: String, required: true },
    environment: { temperature: String, humidity: String, other: String },
    standards: { type: [{ _id: false, name: String, certificateNo: String, validUntil: String }], default: [] },
    points: {
      type: [{ _id: false, item: String, nominal: String, indication: String, mpe: String, unit: String, error: String, passed: Boolean }],
      default: [],
    },
    inspection: { passed: Boolean, reason: String },
    failures: { type: [String], default: [] },
    /** `YYYY-MM-DD`, China dates. */
    verifiedAt: { type: String, required: true },
    validUntil: { type: String, default: null },
    /** The instrument's 有效期至 before this verification: was it done on time? */
    previousValidUntil: { type: String, default: null },
    mode: { type: String, enum: [...CATALOGUE_MODES, null], default: null },
    replaceBy: { type: String, default: null },
    verifier: signatureSchema,
    checker: signatureSchema,
    approver: signatureSchema,
    issuedAt: { type: Date, required: true },
    /** The certificate of the same instrument this one replaces, and the one replacing it. */
    supersedes: { type: String, default: null },
    supersededBy: { type: String, default: null },
    revokedAt: { type: Date, default: null },
    revokeReason: { type: String, default: null },
    /** Key id of the Ed25519 key that signed the QR code's URL. */
    keyId: { type: String, required: true },
    version: { type: Number, default: 0 },
  },
  { timestamps: true, versionKey: false, strict: 'throw' },
)
certificateSchema.index({ no: 1 }, { unique: true })
// One certificate per approved record: re-running an interrupted issuance finds it.
certificateSchema.index({ recordId: 1 }, { unique: true })
certificateSchema.index({ orgId: 1, issuedAt: -1 })
certificateSchema.index({ institutionId: 1, issuedAt: -1 })
certificateSchema.index({ instrumentId: 1, issuedAt: -1 })

export interface Signature {
  userId: Types.ObjectId
  name: string
  at: Date
}

export interface CertificateDoc {
  _id: Types.ObjectId
  no: string
  type: CertificateType
  conclusion: VerifyResult
  conclusionText: string
  orgId: Types.ObjectId
  institutionId: Types.ObjectId
  instrumentId: Types.ObjectId
  recordId: Types.ObjectId
  taskId: Types.ObjectId
  bookingId: Types.ObjectId
  unit: { name: string; address: string; regionCode: string }
  instrument: {
    code: string
    name: string
    model: string | null
    serialNo: string
    manufacturer: string | null
    accuracyClass: string | null
    range: string | null
    level1Code: string
    level2Code: string
    level2Name: string
    regionCode: string
  }
  institution: { name: string; shortCode: string; address: string; phone: string | null; authorizationNo: string | null }
  regulation: string
  place: string
  environment: { temperature: string; humidity: string; other: string | null }
  standards: { name: string; certificateNo: string; validUntil: string }[]
  points: { item: string | null; nominal: string; indication: string; mpe: string; unit: string; error: string; passed: boolean }[]
  inspection: { passed: boolean; reason: string | null }
  failures: string[]
  verifiedAt: string
  validUntil: string | null
  previousValidUntil: string | null
  mode: CatalogueMode | null
  replaceBy: string | null
  verifier: Signature
  checker: Signature
  approver: Signature
  issuedAt: Date
  supersedes: string | null
  supersededBy: string | null
  revokedAt: Date | null
  revokeReason: string | null
  keyId: string
  version: number
  createdAt: Date
  updatedAt: Date
}

export const Certificate = model('Certificate', certificateSchema) as unknown as Model<CertificateDoc>
