import { Schema, model, type Model, type Types } from 'mongoose'
import { AUDIT_ACTIONS, type AuditAction } from '@qjt/shared'

/** Who changed which fields of an instrument, when, from what to what. Never edited. */
const instrumentAuditSchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, required: true },
    instrumentId: { type: Schema.Types.ObjectId, required: true },
    /** Kept so the trail still reads after the instrument is deleted. */
    code: { type: String, required: true },
    action: { type: String, enum: AUDIT_ACTIONS, required: true },
    at: { type: Date, required: true },
    by: {
      userId: { type: Schema.Types.ObjectId, default: null },
      name: { type: String, required: true },
    },
    changes: {
      type: [{ _id: false, field: String, from: Schema.Types.Mixed, to: Schema.Types.Mixed }],
      default: [],
    },
    note: { type: String, default: null },
  },
  { versionKey: false, strict: 'throw' },
)
instrumentAuditSchema.index({ orgId: 1, instrumentId: 1, at: -1 })

export interface InstrumentAuditDoc {
  _id: Types.ObjectId
  orgId: Types.ObjectId
  instrumentId: Types.ObjectId
  code: string
  action: AuditAction
  at: Date
  by: { userId: Types.ObjectId | null; name: string }
  changes: { field: string; from: unknown; to: unknown }[]
  note: string | null
}
export const InstrumentAudit = model('InstrumentAudit', instrumentAuditSchema) as unknown as Model<InstrumentAuditDoc>
