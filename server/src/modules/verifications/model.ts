import { Schema, model, type Model, type Types } from 'mongoose'
import {
  CATALOGUE_MODES,
  CERTIFICATE_TYPES,
  RECORD_ACTIONS,
  RECORD_STATUSES,
  VERIFY_RESULTS,
  type CatalogueMode,
  type CertificateType,
  type RecordAction,
  type RecordStatus,
  type VerifyResult,
} from '@qjt/shared'
import { baseSchemaOptions } from '../../db/schema-options'

/**
 * What the 检定员 recorded for one instrument of one task, and who signed it. One document per
 * task and instrument (a unique key: two 检定员 recording the same instrument at once cannot both
 * create one); a send-back returns the same record for editing. Every change is one versioned
 * write, so of two signers acting at once exactly one wins.
 */
const signatureSchema = new Schema(
  { userId: { type: Schema.Types.ObjectId, required: true }, name: { type: String, required: true }, at: { type: Date, required: true } },
  { _id: false },
)

const pointSchema = new Schema(
  {
    item: { type: String, default: null },
    nominal: { type: String, required: true },
    indication: { type: String, required: true },
    mpe: { type: String, required: true },
    unit: { type: String, required: true },
    /** 示值 − 标称值, computed exactly from the decimal texts. */
    error: { type: String, required: true },
    passed: { type: Boolean, required: true },
  },
  { _id: false },
)

const historySchema = new Schema(
  {
    at: { type: Date, required: true },
    by: { type: String, required: true },
    byUserId: { type: Schema.Types.ObjectId, required: true },
    action: { type: String, enum: RECORD_ACTIONS, required: true },
    note: { type: String, default: null },
  },
  { _id: false },
)

/**
 * Decided when the 批准人 signs, in the same write, so re-running an interrupted issuance issues
 * exactly what was approved; `no` is filled in once reserved and never changes after.
 */
const issuingSchema = new Schema(
  {
    at: { type: Date, required: true },
    type: { type: String, enum: CERTIFICATE_TYPES, required: true },
    validUntil: { type: String, default: null },
    replaceBy: { type: String, default: null },
    mode: { type: String, enum: [...CATALOGUE_MODES, null], default: null },
    usageClass: { type: String, default: null },
    previousValidUntil: { type: String, default: null },
    no: { type: String, default: null },
  },
  { _id: false },
)

const recordSchema = new Schema(
  {
    institutionId: { type: Schema.Types.ObjectId, required: true },
    /** The unit owning the instrument. */
    orgId: { type: Schema.Types.ObjectId, required: true },
    unitName: { type: String, required: true },
    bookingId: { type: Schema.Types.ObjectId, required: true },
    bookingNo: { type: String, required: true },
    taskId: { type: Schema.Types.ObjectId, required: true },
    instrumentId: { type: Schema.Types.ObjectId, required: true },
    instrument: {
      code: { type: String, required: true },
      name: { type: String, required: true },
      model: { type: String, default: null },
      serialNo: { type: String, required: true },
      level2Code: { type: String, required: true },
      level2Name: { type: String, required: true },
    },
    regulation: { type: String, required: true },
    place: { type: String, required: true },
    environment: {
      temperature: { type: String, required: true },
      humidity: { type: String, required: true },
      other: { type: String, default: null },
    },
    standards: { type: [{ _id: false, name: String, certificateNo: String, validUntil: String }], default: [] },
    points: { type: [pointSchema], default: [] },
    inspection: { passed: { type: Boolean, required: true }, reason: { type: String, default: null } },
    /** `YYYY-MM-DD`, China date. */
    verifiedAt: { type: String, required: true },
    conclusion: { type: String, enum: VERIFY_RESULTS, required: true },
    failures: { type: [String], default: [] },
    status: { type: String, enum: RECORD_STATUSES, required: true },
    sendBackReason: { type: String, default: null },
    verifier: { type: signatureSchema, required: true },
    checker: { type: signatureSchema, default: null },
    approver: { type: signatureSchema, default: null },
    history: { type: [historySchema], default: [] },
    issuing: { type: issuingSchema, default: null },
    certificateId: { type: Schema.Types.ObjectId, default: null },
    certificateNo: { type: String, default: null },
    /** Issuance approved but not finished yet: the relay finishes it if its process died. */
    followUp: { type: Boolean, default: false },
    version: { type: Number, default: 0 },
  },
  baseSchemaOptions,
)
recordSchema.index({ taskId: 1, instrumentId: 1 }, { unique: true })
// The institution's queues: what awaits a check, an approval.
recordSchema.index({ institutionId: 1, status: 1, updatedAt: -1 })
recordSchema.index({ institutionId: 1, updatedAt: -1, _id: -1 })
recordSchema.index({ followUp: 1 })

export interface RecordSignature {
  userId: Types.ObjectId
  name: string
  at: Date
}

export interface RecordPoint {
  item: string | null
  nominal: string
  indication: string
  mpe: string
  unit: string
  error: string
  passed: boolean
}

export interface RecordHistoryEntry {
  at: Date
  by: string
  byUserId: Types.ObjectId
  action: RecordAction
  note: string | null
}

export interface IssuingPlan {
  at: Date
  type: CertificateType
  validUntil: string | null
  replaceBy: string | null
  mode: CatalogueMode | null
  usageClass: string | null
  previousValidUntil: string | null
  no: string | null
}

export interface RecordDoc {
  _id: Types.ObjectId
  institutionId: Types.ObjectId
  orgId: Types.ObjectId
  unitName: string
  bookingId: Types.ObjectId
  bookingNo: string
  taskId: Types.ObjectId
  instrumentId: Types.ObjectId
  instrument: { code: string; name: string; model: string | null; serialNo: string; level2Code: string; level2Name: string }
  regulation: string
  place: string
  environment: { temperature: string; humidity: string; other: string | null }
  standards: { name: string; certificateNo: string; validUntil: string }[]
  points: RecordPoint[]
  inspection: { passed: boolean; reason: string | null }
  verifiedAt: string
  conclusion: VerifyResult
  failures: string[]
  status: RecordStatus
  sendBackReason: string | null
  verifier: RecordSignature
  checker: RecordSignature | null
  approver: RecordSignature | null
  history: RecordHistoryEntry[]
  issuing: IssuingPlan | null
  certificateId: Types.ObjectId | null
  certificateNo: string | null
  followUp: boolean
  version: number
  createdAt: Date
  updatedAt: Date
}

export const VerificationRecord = model('VerificationRecord', recordSchema, 'verification_records') as unknown as Model<RecordDoc>
