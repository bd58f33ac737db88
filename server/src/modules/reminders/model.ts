import { Schema, model, type Model } from 'mongoose'
import { REMINDER_STAGES, type ReminderItem } from './rules'

/**
 * One reminder of one instrument, written before its message: its `_id` (`reminderKey`) is the
 * claim that makes it go out once, whichever scheduler, process or re-run writes it first. A
 * dedicated collection rather than the general claims keeps those small, and lets each run read
 * every claim in one scan. Kept while the instrument keeps that 有效期至; a new one (re-verified),
 * a scrapped or deleted instrument lets the scheduler remove them.
 */
const reminderSchema = new Schema(
  {
    /** `<instrumentId>:<validUntil>:<stage>`. */
    _id: { type: String, required: true },
    orgId: { type: Schema.Types.ObjectId, required: true },
    instrumentId: { type: Schema.Types.ObjectId, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    validUntil: { type: String, required: true },
    stage: { type: String, enum: REMINDER_STAGES, required: true },
    action: { type: String, enum: ['reverify', 'rotate'], required: true },
    digestId: { type: String, required: true },
    at: { type: Date, required: true },
    /** When it was claimed, by the machine's clock: a claim long without `enqueuedAt` was interrupted. */
    claimedAt: { type: Date, required: true },
    enqueuedAt: { type: Date, default: null },
  },
  { versionKey: false, strict: 'throw' },
)

export interface ReminderDoc extends ReminderItem {
  _id: string
  claimedAt: Date
  enqueuedAt: Date | null
}

export const Reminder = model('Reminder', reminderSchema) as unknown as Model<ReminderDoc>
