import { z } from 'zod'
import { dateOnly, emptyToUndefined, objectId, text } from '../common/fields'
import { PageQuerySchema } from '../common/schemas'
import { DELIVERY_MODES, type DeliveryMode } from '../instruments/enums'
import type { TaskItemRecordView } from '../verifications/schemas'
import { BOOKING_STATUSES, TASK_STATUSES, type BookingAction, type BookingStatus, type TaskStatus } from './enums'

export const BOOKING_ITEMS_MAX = 200

const instrumentIds = z
  .array(objectId('器具编号'), { error: '请选择器具' })
  .min(1, { error: '请至少选择一台器具' })
  .max(BOOKING_ITEMS_MAX, { error: `一个预约单最多${BOOKING_ITEMS_MAX}台器具` })
  .refine((ids) => new Set(ids).size === ids.length, { error: '器具不能重复选择' })

/** `POST /bookings`: a draft from chosen instruments of the ledger. */
export const BookingCreateSchema = z.strictObject({ instrumentIds })
export type BookingCreateInput = z.infer<typeof BookingCreateSchema>

/** `PATCH /bookings/:id`: the new instrument list of a draft or returned booking. */
export const BookingUpdateSchema = z.strictObject({ instrumentIds, version: z.number({ error: '缺少版本号' }).int().min(0) })
export type BookingUpdateInput = z.infer<typeof BookingUpdateSchema>

/** Optional guard for submit and withdraw: the version the user saw. */
export const BookingActionSchema = z.strictObject({ version: z.number().int().min(0).optional() })

const optional = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional())

const range = <T extends { from?: string; to?: string }>(q: T) => !q.from || !q.to || q.from <= q.to
const rangeError = { error: '开始日期不能晚于结束日期', path: ['to'] }

/** `GET /bookings`: by number, date range (预约时间, China dates) and status. */
export const BookingListQuerySchema = PageQuerySchema.extend({
  no: optional(z.string().trim().regex(/^\d{1,13}$/, { error: '预约编号为13位数字' })),
  status: optional(z.enum(BOOKING_STATUSES, { error: '请选择状态' })),
  from: optional(dateOnly('开始日期')),
  to: optional(dateOnly('结束日期')),
}).refine(range, rangeError)
export type BookingListQuery = z.infer<typeof BookingListQuerySchema>

/** `GET /tasks`: an institution's queue. `date` ranges over the scheduled date, else the submission. */
export const TaskListQuerySchema = PageQuerySchema.extend({
  status: optional(z.enum(TASK_STATUSES, { error: '请选择状态' })),
  from: optional(dateOnly('开始日期')),
  to: optional(dateOnly('结束日期')),
  unit: optional(z.string().trim().max(100)),
}).refine(range, rangeError)
export type TaskListQuery = z.infer<typeof TaskListQuerySchema>

/** `POST /tasks/:id/accept`. The date may not be in the past (checked against the server's today). */
export const TaskAcceptSchema = z.strictObject({
  scheduledDate: dateOnly('检定日期'),
  mode: z.enum(DELIVERY_MODES, { error: '请选择检定方式' }).optional(),
  version: z.number().int().min(0).optional(),
})
export type TaskAcceptInput = z.infer<typeof TaskAcceptSchema>

/** `POST /tasks/:id/return`: the reason the unit sees. */
export const TaskReturnSchema = z.strictObject({
  reason: text('退回原因', { min: 2, max: 200 }),
  version: z.number().int().min(0).optional(),
})
export type TaskReturnInput = z.infer<typeof TaskReturnSchema>

/**
 * `POST /tasks/:id/remove`: an instrument the unit never presented (or that could not be verified)
 * leaves the accepted task, so the rest can complete; it goes back to the ledger as it was.
 */
export const TaskRemoveItemSchema = z.strictObject({
  instrumentId: objectId('器具'),
  reason: text('移出原因', { min: 2, max: 200 }),
  version: z.number().int().min(0).optional(),
})
export type TaskRemoveItemInput = z.infer<typeof TaskRemoveItemSchema>

export interface BookingItemView {
  instrumentId: string
  code: string
  name: string
  level2Name: string
  serialNo: string
  regionCode: string
  deliveryMode: DeliveryMode
  /** The task (institution) the instrument went to; null until submitted. */
  taskId: string | null
  /** Why the institution took it off its accepted task (未送检…); null while it is on it. */
  removedReason: string | null
}

export interface TaskSummaryView {
  id: string
  institutionId: string
  institutionName: string
  institutionAddress: string | null
  institutionPhone: string | null
  status: TaskStatus
  round: number
  scheduledDate: string | null
  mode: DeliveryMode | null
  reason: string | null
  count: number
  /** A returned task of an earlier round, whose instruments went to a new task on resubmission. */
  closed: boolean
}

/** One row of an institution's queue: the task with the booking it belongs to. */
export interface TaskListItemView extends TaskSummaryView {
  bookingId: string
  bookingNo: string
  unitName: string
  submittedAt: string
}

export interface HistoryEntryView {
  at: string
  by: string
  action: BookingAction
  note: string | null
}

export interface BookingView {
  id: string
  no: string
  status: BookingStatus
  items: BookingItemView[]
  count: number
  tasks: TaskSummaryView[]
  history: HistoryEntryView[]
  createdAt: string
  submittedAt: string | null
  version: number
}

export interface TaskView extends TaskSummaryView {
  bookingId: string
  bookingNo: string
  submittedAt: string
  unit: { id: string; name: string; address: string; contactName: string; contactPhone: string; regionName: string }
  items: {
    instrumentId: string
    code: string
    name: string
    level2Name: string
    model: string | null
    serialNo: string
    location: string
    deliveryMode: DeliveryMode
    quantity: number
    /** The instrument's verification record in this task, once the 检定员 has made one. */
    record: TaskItemRecordView | null
  }[]
  history: HistoryEntryView[]
  /** What 受理 proposes: 现场检定 when every instrument of the task is to be verified on site. */
  defaultMode: DeliveryMode
  version: number
}
