import { Schema, model, type Model, type Types } from 'mongoose'
import {
  BOOKING_ACTIONS,
  BOOKING_STATUSES,
  DELIVERY_MODES,
  TASK_STATUSES,
  VERIFY_STATUSES,
  type BookingAction,
  type BookingStatus,
  type DeliveryMode,
  type TaskStatus,
  type VerifyStatus,
} from '@qjt/shared'
import { baseSchemaOptions } from '../../db/schema-options'

/**
 * A booking is one document with its items, its tasks and its history, so every state change
 * (submit, accept, return, withdraw) is one versioned write that either happens or not — two
 * reviewers, or a reviewer and a withdrawing unit, cannot both win. What follows from a change
 * in other collections (ledger rows, the task queue, messages) is recorded in the same write as
 * pending work and carried out right after, or by the relay if the process died in between.
 */
const itemSchema = new Schema(
  {
    instrumentId: { type: Schema.Types.ObjectId, required: true },
    code: { type: String, required: true },
    name: { type: String, required: true },
    level2Code: { type: String, required: true },
    level2Name: { type: String, required: true },
    serialNo: { type: String, required: true },
    regionCode: { type: String, required: true },
    deliveryMode: { type: String, enum: DELIVERY_MODES, required: true },
    taskId: { type: Schema.Types.ObjectId, default: null },
    /** 检定状态 before the booking took it, to hand it back as it was. */
    verifyStatusBefore: { type: String, enum: [...VERIFY_STATUSES, null], default: null },
    /** Why the institution took it off its accepted task; it then no longer belongs to the task. */
    removedReason: { type: String, default: null },
  },
  { _id: false },
)

const taskSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    institutionId: { type: Schema.Types.ObjectId, required: true },
    institutionName: { type: String, required: true },
    round: { type: Number, required: true },
    status: { type: String, enum: TASK_STATUSES, required: true },
    closed: { type: Boolean, default: false },
    instrumentIds: { type: [Schema.Types.ObjectId], default: [] },
    scheduledDate: { type: String, default: null },
    mode: { type: String, enum: [...DELIVERY_MODES, null], default: null },
    reason: { type: String, default: null },
    submittedAt: { type: Date, required: true },
  },
  { _id: false },
)

const historySchema = new Schema(
  {
    at: { type: Date, required: true },
    by: { type: String, required: true },
    byUserId: { type: Schema.Types.ObjectId, default: null },
    action: { type: String, enum: BOOKING_ACTIONS, required: true },
    note: { type: String, default: null },
  },
  { _id: false },
)

const bookingSchema = new Schema(
  {
    orgId: { type: Schema.Types.ObjectId, required: true },
    /** 预约编号: yyyyMMdd + 5-digit sequence of that day (China time). */
    no: { type: String, required: true },
    status: { type: String, enum: BOOKING_STATUSES, required: true },
    withdrawn: { type: Boolean, default: false },
    round: { type: Number, default: 0 },
    items: { type: [itemSchema], default: [] },
    tasks: { type: [taskSchema], default: [] },
    history: { type: [historySchema], default: [] },
    submittedAt: { type: Date, default: null },
    createdBy: { type: Schema.Types.ObjectId, default: null },
    /** A submission under way: the instruments are being taken from the ledger. */
    submitting: { type: Schema.Types.Mixed, default: null },
    /** Ledger rows to hand back (withdrawal, return) that were not handed back yet. */
    releasing: { type: [Schema.Types.ObjectId], default: [] },
    /** Messages about the last changes, not yet handed to the notification outbox. */
    outbox: { type: [Schema.Types.Mixed], default: [] },
    /** Follow-up work (ledger, queue, messages) of the last change may not be done yet. */
    followUp: { type: Boolean, default: false },
    version: { type: Number, default: 0 },
  },
  baseSchemaOptions,
)
bookingSchema.index({ no: 1 }, { unique: true })
bookingSchema.index({ orgId: 1, createdAt: -1, _id: -1 })
bookingSchema.index({ orgId: 1, status: 1, createdAt: -1 })
// The relay looks for unfinished follow-up work.
bookingSchema.index({ followUp: 1 })

export interface BookingItem {
  instrumentId: Types.ObjectId
  code: string
  name: string
  level2Code: string
  level2Name: string
  serialNo: string
  regionCode: string
  deliveryMode: DeliveryMode
  taskId: Types.ObjectId | null
  verifyStatusBefore: VerifyStatus | null
  removedReason?: string | null
}

export interface BookingTask {
  _id: Types.ObjectId
  institutionId: Types.ObjectId
  institutionName: string
  round: number
  status: TaskStatus
  closed: boolean
  instrumentIds: Types.ObjectId[]
  scheduledDate: string | null
  mode: DeliveryMode | null
  reason: string | null
  submittedAt: Date
}

export interface HistoryEntry {
  at: Date
  by: string
  byUserId: Types.ObjectId | null
  action: BookingAction
  note: string | null
}

/**
 * A submission in flight, recorded before any instrument is taken: which instruments go to which
 * new task, so that whoever finds it (a retry, the relay) can finish it or undo it.
 */
export interface Submitting {
  startedAt: Date
  round: number
  by: string
  byUserId: Types.ObjectId | null
  tasks: { _id: Types.ObjectId; institutionId: Types.ObjectId; institutionName: string; instrumentIds: Types.ObjectId[] }[]
  /** Each instrument's 检定状态 before it was taken, to hand it back as it was. */
  before: { instrumentId: Types.ObjectId; verifyStatus: VerifyStatus }[]
}

export interface BookingDoc {
  _id: Types.ObjectId
  orgId: Types.ObjectId
  no: string
  status: BookingStatus
  withdrawn: boolean
  round: number
  items: BookingItem[]
  tasks: BookingTask[]
  history: HistoryEntry[]
  submittedAt: Date | null
  createdBy: Types.ObjectId | null
  submitting: Submitting | null
  releasing: Types.ObjectId[]
  outbox: unknown[]
  followUp: boolean
  version: number
  createdAt: Date
  updatedAt: Date
}

export const Booking = model('Booking', bookingSchema) as unknown as Model<BookingDoc>

/**
 * The institutions' queue: one row per task, a copy of what the booking says, kept current by
 * the booking service (and by the relay after a crash). Read-only for everything else.
 */
const taskRowSchema = new Schema(
  {
    _id: { type: Schema.Types.ObjectId, required: true },
    bookingId: { type: Schema.Types.ObjectId, required: true },
    bookingNo: { type: String, required: true },
    unitId: { type: Schema.Types.ObjectId, required: true },
    unitName: { type: String, required: true },
    institutionId: { type: Schema.Types.ObjectId, required: true },
    status: { type: String, enum: TASK_STATUSES, required: true },
    closed: { type: Boolean, default: false },
    count: { type: Number, required: true },
    scheduledDate: { type: String, default: null },
    submittedAt: { type: Date, required: true },
    /** The China date of submission, for date filters. */
    submittedOn: { type: String, required: true },
    bookingVersion: { type: Number, required: true },
  },
  { versionKey: false, timestamps: true },
)
taskRowSchema.index({ institutionId: 1, submittedAt: -1, _id: -1 })
taskRowSchema.index({ institutionId: 1, status: 1, submittedAt: -1 })

export interface TaskRowDoc {
  _id: Types.ObjectId
  bookingId: Types.ObjectId
  bookingNo: string
  unitId: Types.ObjectId
  unitName: string
  institutionId: Types.ObjectId
  status: TaskStatus
  closed: boolean
  count: number
  scheduledDate: string | null
  submittedAt: Date
  submittedOn: string
  bookingVersion: number
}
export const TaskRow = model('TaskRow', taskRowSchema, 'tasks') as unknown as Model<TaskRowDoc>

