import { z } from 'zod'
import { dateOnly, objectId, optionalText, text } from '../common/fields'
import { PageQuerySchema } from '../common/schemas'
import type { CatalogueMode } from '../reference/schemas'

/**
 * A measurement value as decimal text ("15.005", "-0.02"). Travels as a string so nothing on
 * the way rounds it; the server computes errors with a decimal library, never floats.
 */
export const DECIMAL_PATTERN = /^-?\d{1,9}(\.\d{1,6})?$/
export const decimal = (label: string) =>
  z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .regex(DECIMAL_PATTERN, { error: `${label}应为数字，最多6位小数` })

const positiveDecimal = (label: string) =>
  decimal(label).refine((v) => !v.startsWith('-') && /[1-9]/.test(v), { error: `${label}应大于0` })

/** 外观检查 and other checks made by looking: a failure fails the instrument whatever the points say. */
export const InspectionSchema = z.strictObject({
  passed: z.boolean({ error: '请选择外观检查结果' }),
  reason: optionalText('不合格原因', 100),
})

export const MeasurementPointSchema = z.strictObject({
  /** What is measured at this point (示值误差, 重复性 …); optional. */
  item: optionalText('检定项目', 30),
  nominal: decimal('标称值'),
  indication: decimal('示值'),
  /** 最大允许误差, as a positive amount: the point passes when |示值 − 标称值| ≤ it. */
  mpe: positiveDecimal('最大允许误差'),
  unit: text('单位', { max: 10 }),
})
export type MeasurementPointInput = z.infer<typeof MeasurementPointSchema>

export const StandardUsedSchema = z.strictObject({
  name: text('计量标准器名称', { max: 100 }),
  certificateNo: text('标准器证书编号', { max: 50 }),
  validUntil: dateOnly('标准器有效期至'),
})

const recordFields = {
  regulation: text('检定规程', { max: 100 }),
  place: text('检定地点', { max: 100 }),
  environment: z.strictObject({
    temperature: decimal('温度'),
    humidity: decimal('相对湿度'),
    other: optionalText('其他环境条件', 100),
  }),
  standards: z
    .array(StandardUsedSchema, { error: '请填写使用的计量标准器' })
    .min(1, { error: '请至少填写一台计量标准器' })
    .max(10, { error: '计量标准器最多10台' }),
  points: z.array(MeasurementPointSchema, { error: '请填写检定数据' }).max(50, { error: '检定点最多50个' }),
  inspection: InspectionSchema,
  verifiedAt: dateOnly('检定日期'),
}

/** A failed inspection needs its reason; a passed one needs measured points. */
function recordRules(r: { inspection: { passed: boolean; reason?: string }; points: unknown[] }, ctx: z.RefinementCtx) {
  if (!r.inspection.passed && !r.inspection.reason) ctx.addIssue({ code: 'custom', message: '请填写不合格原因', path: ['inspection', 'reason'] })
  if (r.inspection.passed && r.points.length === 0) ctx.addIssue({ code: 'custom', message: '请至少填写一个检定点', path: ['points'] })
}

/**
 * `POST /tasks/:id/records`: what the 检定员 records for one instrument of an accepted task.
 * The server computes each error and the conclusion; they are never sent.
 */
export const RecordInputSchema = z.strictObject({ instrumentId: objectId('器具'), ...recordFields }).superRefine(recordRules)
export type RecordInput = z.infer<typeof RecordInputSchema>

/** `PATCH /records/:id`: the 检定员 records again after a send-back. */
export const RecordEditSchema = z
  .strictObject({ ...recordFields, version: z.number({ error: '缺少版本号' }).int().min(0) })
  .superRefine(recordRules)
export type RecordEditInput = z.infer<typeof RecordEditSchema>

/** `POST /records/:id/send-back`: the 核验员 or 批准人 returns the record to the 检定员. */
export const RecordSendBackSchema = z.strictObject({
  reason: text('退回原因', { min: 2, max: 200 }),
  version: z.number().int().min(0).optional(),
})

/** `POST /records/:id/check`: the 核验员 signs. */
export const RecordCheckSchema = z.strictObject({ version: z.number().int().min(0).optional() })

/**
 * `POST /records/:id/approve`: the 批准人 signs and the certificate is issued. `validUntil` only
 * where the catalogue has no period for the kind (the approver sets it by the regulation).
 * For 限期使用、到期轮换 kinds the usage limit decides 到期轮换日期 (`replaceBy`): where the
 * catalogue gives it per size class (`{ "DN<=25": 72, … }`) the approver picks the instrument's
 * `usageClass`; where the catalogue has no limit the approver enters `replaceBy`.
 */
export const RecordApproveSchema = z.strictObject({
  validUntil: dateOnly('有效期至').optional(),
  usageClass: optionalText('使用期限类别', 30),
  replaceBy: dateOnly('到期轮换日期').optional(),
  version: z.number().int().min(0).optional(),
})
export type RecordApproveInput = z.infer<typeof RecordApproveSchema>
export type RecordSendBackInput = z.infer<typeof RecordSendBackSchema>
export type RecordCheckInput = z.infer<typeof RecordCheckSchema>

export const RECORD_STATUSES = ['recorded', 'checked', 'sent_back', 'approved'] as const
export type RecordStatus = (typeof RECORD_STATUSES)[number]
export const RECORD_STATUS_LABELS: Record<RecordStatus, string> = {
  recorded: '待核验',
  checked: '待批准',
  sent_back: '已退回',
  approved: '已批准',
}

export const RecordListQuerySchema = PageQuerySchema.extend({
  status: z.enum(RECORD_STATUSES, { error: '请选择状态' }).optional(),
})
export type RecordListQuery = z.infer<typeof RecordListQuerySchema>

/** What happened to a record: recorded, re-recorded, checked, sent back, approved. */
export const RECORD_ACTIONS = ['record', 'edit', 'check', 'send_back', 'approve'] as const
export type RecordAction = (typeof RECORD_ACTIONS)[number]
export const RECORD_ACTION_LABELS: Record<RecordAction, string> = {
  record: '录入检定数据',
  edit: '修改检定数据',
  check: '核验',
  send_back: '退回',
  approve: '批准',
}

export interface RecordHistoryView {
  at: string
  by: string
  action: RecordAction
  note: string | null
}

/** One instrument of a task as the task page shows it: its record, if any. */
export interface TaskItemRecordView {
  id: string
  status: RecordStatus
  conclusion: 'pass' | 'fail'
  certificateNo: string | null
}

export interface SignatureView {
  userId: string
  name: string
  at: string
}

export interface PointView extends MeasurementPointInput {
  /** 示值 − 标称值, exact. */
  error: string
  passed: boolean
}

export interface RecordView {
  id: string
  taskId: string
  bookingNo: string
  unitName: string
  instrument: { id: string; code: string; name: string; model: string | null; serialNo: string; level2Name: string }
  regulation: string
  place: string
  environment: { temperature: string; humidity: string; other: string | null }
  standards: { name: string; certificateNo: string; validUntil: string }[]
  points: PointView[]
  inspection: { passed: boolean; reason: string | null }
  verifiedAt: string
  conclusion: 'pass' | 'fail'
  /** Why it failed, in words: the failed points and the inspection. */
  failures: string[]
  status: RecordStatus
  sendBackReason: string | null
  verifier: SignatureView
  checker: SignatureView | null
  approver: SignatureView | null
  /** Set once approved. */
  certificateNo: string | null
  /** Whether the approver must enter 有效期至 (the catalogue has no period for this kind). */
  needsValidUntil: boolean
  /** 限期使用 kinds whose usage limit depends on size: the classes the approver picks from (else empty). */
  usageClasses: { key: string; months: number }[]
  /** 限期使用 kinds without a usage limit in the catalogue: the approver enters 到期轮换日期. */
  needsReplaceBy: boolean
  /** How the catalogue treats the kind (null where no source confirmed it). */
  mode: CatalogueMode | null
  certificateId: string | null
  history: RecordHistoryView[]
  createdAt: string
  updatedAt: string
  version: number
}
