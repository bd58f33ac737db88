import { Schema, model, type InferSchemaType, type Types } from 'mongoose'
import { DELIVERY_MODES, INSTRUMENT_KINDS, INSTRUMENT_STATUSES, ORIGINS, USAGES, VERIFY_RESULTS, VERIFY_STATUSES } from '@qjt/shared'
import { baseSchemaOptions } from '../../db/schema-options'

/**
 * One ledger row: an instrument (or a batch of identical ones, `quantity` > 1) of one unit.
 * Catalogue names are copied in so the ledger reads and exports without joins; dates without a
 * time (`purchasedAt`, `validUntil`) are `YYYY-MM-DD` strings in China time, which compare and
 * sort correctly as text.
 */
const instrumentSchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, ref: 'Organization', required: true },
    /** 器具编码: county + year + 6-digit sequence, unique nationally. */
    code: { type: String, required: true },
    name: { type: String, required: true },
    kind: { type: String, enum: INSTRUMENT_KINDS, required: true },
    level1Code: { type: String, required: true },
    level1Name: { type: String, required: true },
    level2Code: { type: String, required: true },
    level2Name: { type: String, required: true },
    model: { type: String, default: null },
    range: { type: String, default: null },
    accuracyClass: { type: String, default: null },
    serialNo: { type: String, required: true },
    manufacturer: { type: String, default: null },
    origin: { type: String, enum: ORIGINS, required: true },
    /** 使用地点行政区划 (county), which decides the institution a booking goes to. */
    regionCode: { type: String, required: true },
    location: { type: String, required: true },
    purchasedAt: { type: String, default: null },
    quantity: { type: Number, required: true, min: 1 },
    usage: { type: String, enum: USAGES, required: true },
    deliveryMode: { type: String, enum: DELIVERY_MODES, required: true },
    validUntil: { type: String, default: null },
    institutionId: { type: Schema.Types.ObjectId, ref: 'Organization', default: null },
    institutionName: { type: String, default: null },
    certificateNo: { type: String, default: null },
    /** Set when a certificate issued here last updated the row; its fields are then not hand-edited. */
    certificateId: { type: Schema.Types.ObjectId, default: null },
    status: { type: String, enum: INSTRUMENT_STATUSES, required: true },
    verifyStatus: { type: String, enum: VERIFY_STATUSES, required: true },
    verifyResult: { type: String, enum: [...VERIFY_RESULTS, null], default: null },
    /** The booking holding it while that booking is open; bookings set and clear it. */
    openBookingId: { type: Schema.Types.ObjectId, default: null },
    createdBy: { type: Schema.Types.ObjectId, ref: 'User', default: null },
    version: { type: Number, default: 0 },
  },
  baseSchemaOptions,
)
instrumentSchema.index({ code: 1 }, { unique: true })
// One instrument per 二级目录 + 出厂编号 in a unit: what import matches on.
instrumentSchema.index({ orgId: 1, level2Code: 1, serialNo: 1 }, { unique: true })
instrumentSchema.index({ orgId: 1, updatedAt: -1, _id: -1 })
instrumentSchema.index({ orgId: 1, status: 1, updatedAt: -1 })
instrumentSchema.index({ orgId: 1, verifyStatus: 1, updatedAt: -1 })
instrumentSchema.index({ orgId: 1, validUntil: 1 })
instrumentSchema.index({ orgId: 1, serialNo: 1 })
instrumentSchema.index({ orgId: 1, certificateNo: 1 })
// Regulators watch what is overdue by region.
instrumentSchema.index({ regionCode: 1, validUntil: 1 })

export type InstrumentDoc = InferSchemaType<typeof instrumentSchema> & { _id: Types.ObjectId; createdAt: Date; updatedAt: Date }
export const Instrument = model('Instrument', instrumentSchema)

/** The fields a unit edits (and import writes), as stored. */
export const EDITABLE_FIELDS = [
  'name',
  'kind',
  'level1Code',
  'level1Name',
  'level2Code',
  'level2Name',
  'model',
  'range',
  'accuracyClass',
  'serialNo',
  'manufacturer',
  'origin',
  'regionCode',
  'location',
  'purchasedAt',
  'quantity',
  'usage',
  'deliveryMode',
  'validUntil',
  'certificateNo',
  'institutionName',
] as const satisfies readonly (keyof InstrumentDoc)[]
export type EditableField = (typeof EDITABLE_FIELDS)[number]
