import { z } from 'zod'
import { dateOnly, emptyToUndefined, objectId, optionalText, regionCode, text } from '../common/fields'
import { chinaToday } from '../common/dates'
import { PageQuerySchema } from '../common/schemas'
import {
  DELIVERY_MODES,
  INSTRUMENT_KINDS,
  INSTRUMENT_STATUSES,
  ORIGINS,
  USAGES,
  VERIFY_STATUSES,
  type DeliveryMode,
  type InstrumentKind,
  type InstrumentStatus,
  type Origin,
  type Usage,
  type VerifyResult,
  type VerifyStatus,
} from './enums'

/** Chinese names of the ledger's fields: form labels, error messages and export headers. */
export const INSTRUMENT_FIELD_LABELS = {
  code: '器具编码',
  name: '器具名称',
  kind: '器具类型',
  level1Code: '一级目录',
  level2Code: '二级目录',
  model: '型号规格',
  range: '测量范围',
  accuracyClass: '准确度等级',
  serialNo: '出厂编号',
  manufacturer: '生产厂家',
  origin: '器具产地',
  regionCode: '使用地点行政区划',
  location: '安装/使用地点',
  purchasedAt: '购置时间',
  quantity: '器具数量',
  usage: '器具用途',
  deliveryMode: '送检方式',
  validUntil: '有效期至',
  institutionName: '检定机构',
  certificateNo: '证书编号',
  status: '器具状态',
  verifyStatus: '检定状态',
  verifyResult: '检定结果',
} as const

export const INSTRUMENT_LIMITS = {
  name: 50,
  model: 50,
  range: 50,
  accuracyClass: 20,
  serialNo: 50,
  manufacturer: 100,
  location: 200,
  certificateNo: 50,
  institutionName: 100,
  quantity: 9999,
} as const

const L = INSTRUMENT_FIELD_LABELS
const M = INSTRUMENT_LIMITS

const choice = <T extends readonly [string, ...string[]]>(values: T, label: string) =>
  z.enum(values, { error: `请选择${label}` })

/** 购置时间: a real date, not after today (China time, checked when parsed). */
const purchasedAt = z.preprocess(
  emptyToUndefined,
  dateOnly(L.purchasedAt)
    .refine((v) => v <= chinaToday(), { error: `${L.purchasedAt}不能晚于今天` })
    .optional(),
)

const optionalDate = (label: string) => z.preprocess(emptyToUndefined, dateOnly(label).optional())

/**
 * The fields a unit fills in, without defaults (so an edit never resets what it leaves out).
 * Whether the 一级/二级目录 pair exists in the loaded catalogue and the region is a county is
 * checked against reference data by the server (and by the pickers on the page).
 */
const fields = {
  name: text(L.name, { max: M.name }),
  kind: choice(INSTRUMENT_KINDS, L.kind),
  level1Code: z.string({ error: `请选择${L.level1Code}` }).regex(/^\d{2}$/, { error: `请选择${L.level1Code}` }),
  level2Code: z.string({ error: `请选择${L.level2Code}` }).regex(/^\d{4}$/, { error: `请选择${L.level2Code}` }),
  model: optionalText(L.model, M.model),
  range: optionalText(L.range, M.range),
  accuracyClass: optionalText(L.accuracyClass, M.accuracyClass),
  serialNo: text(L.serialNo, { max: M.serialNo }),
  manufacturer: optionalText(L.manufacturer, M.manufacturer),
  origin: choice(ORIGINS, L.origin),
  regionCode: regionCode(L.regionCode),
  location: text(L.location, { max: M.location }),
  purchasedAt,
  quantity: z.coerce
    .number({ error: `${L.quantity}应为正整数` })
    .int({ error: `${L.quantity}应为正整数` })
    .min(1, { error: `${L.quantity}应为正整数` })
    .max(M.quantity, { error: `${L.quantity}不能超过${M.quantity}` }),
  usage: choice(USAGES, L.usage),
  deliveryMode: choice(DELIVERY_MODES, L.deliveryMode),
  /**
   * The last verification before the instrument came into this ledger (a paper certificate),
   * so reminders work from day one. Certificates issued here fill these in themselves.
   */
  validUntil: optionalDate(L.validUntil),
  certificateNo: optionalText(L.certificateNo, M.certificateNo),
  institutionName: optionalText(L.institutionName, M.institutionName),
}

/** `POST /instruments`: a new ledger row; 器具编码 is generated. */
export const InstrumentCreateSchema = z.strictObject({
  ...fields,
  kind: fields.kind.default('working'),
  origin: fields.origin.default('domestic'),
  quantity: fields.quantity.default(1),
  deliveryMode: fields.deliveryMode.default('send_in'),
})
export type InstrumentCreateInput = z.infer<typeof InstrumentCreateSchema>
export type InstrumentFormValues = z.input<typeof InstrumentCreateSchema>

/**
 * `PATCH /instruments/:id`: any fields, with the `version` the edit was based on. An optional
 * field sent empty (`''` or null) is cleared; a field left out stays as it is.
 */
const optionalFields = Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, v.optional()])) as {
  [K in keyof typeof fields]: z.ZodOptional<(typeof fields)[K]>
}
export const InstrumentUpdateSchema = z.strictObject({
  ...optionalFields,
  version: z.number({ error: '缺少版本号' }).int().min(0),
})
export type InstrumentUpdateInput = z.infer<typeof InstrumentUpdateSchema>

/** Trailing digits of a serial number, which a batch counts up (JS-001 → JS-002). */
export const SERIAL_COUNTER = /^(.*?)(\d+)$/
export const BULK_MAX = 500

/**
 * `POST /instruments/bulk`: many near-identical instruments from one form — a stall market
 * registers dozens of the same scale. Serial numbers count up from `firstSerialNo`.
 */
export const InstrumentBulkCreateSchema = InstrumentCreateSchema.omit({ serialNo: true }).extend({
  firstSerialNo: text('起始出厂编号', { max: M.serialNo }).regex(SERIAL_COUNTER, {
    error: '起始出厂编号须以数字结尾，例如 JS-001',
  }),
  count: z.coerce
    .number({ error: '数量应为正整数' })
    .int({ error: '数量应为正整数' })
    .min(2, { error: '批量新增至少2台' })
    .max(BULK_MAX, { error: `一次最多新增${BULK_MAX}台` }),
})
export type InstrumentBulkCreateInput = z.infer<typeof InstrumentBulkCreateSchema>

/** The serial numbers a batch gets: the counter keeps its width (JS-001 … JS-050, 9 → 10). */
export function serialSeries(first: string, count: number): string[] {
  const match = SERIAL_COUNTER.exec(first)
  if (!match) return [first]
  const [, prefix, digits] = match as unknown as [string, string, string]
  const start = Number(digits)
  return Array.from({ length: count }, (_, i) => `${prefix}${String(start + i).padStart(digits.length, '0')}`)
}

/** `POST /instruments/:id/copy`: overrides for the copy; the serial number counts on by default. */
export const InstrumentCopySchema = z.strictObject({ serialNo: fields.serialNo.optional() })

const bool = z.enum(['true', 'false'], { error: '应为 true 或 false' }).transform((v) => v === 'true')
const optionalFilter = <T extends z.ZodType>(schema: T) => z.preprocess(emptyToUndefined, schema.optional())

/** `GET /instruments` (and the export): every filter of the national ledger page. */
export const InstrumentListQuerySchema = PageQuerySchema.extend({
  /** The search box: part of the name or of the code. */
  q: optionalFilter(z.string().trim().max(32)),
  code: optionalFilter(z.string().trim().max(32)),
  name: optionalFilter(z.string().trim().max(M.name)),
  certificateNo: optionalFilter(z.string().trim().max(M.certificateNo)),
  serialNo: optionalFilter(z.string().trim().max(M.serialNo)),
  status: optionalFilter(choice(INSTRUMENT_STATUSES, L.status)),
  verifyStatus: optionalFilter(choice(VERIFY_STATUSES, L.verifyStatus)),
  institutionId: optionalFilter(objectId('检定机构')),
  level2Code: optionalFilter(z.string().regex(/^\d{4}$/, { error: `${L.level2Code}代码应为4位数字` })),
  validFrom: optionalFilter(dateOnly('有效期起')),
  validTo: optionalFilter(dateOnly('有效期止')),
  overdue: optionalFilter(bool),
}).refine((q) => !q.validFrom || !q.validTo || q.validFrom <= q.validTo, {
  error: '有效期起不能晚于有效期止',
  path: ['validTo'],
})
export type InstrumentListQuery = z.infer<typeof InstrumentListQuerySchema>

export const BATCH_ACTIONS = ['setCatalogue', 'disable', 'enable', 'scrap', 'delete'] as const
export type BatchAction = (typeof BATCH_ACTIONS)[number]
export const BATCH_ACTION_LABELS: Record<BatchAction, string> = {
  setCatalogue: '二级目录批量修改',
  disable: '停用',
  enable: '启用',
  scrap: '报废',
  delete: '删除',
}
export const BATCH_MAX = 200

/** `POST /instruments/batch`. */
export const InstrumentBatchSchema = z
  .strictObject({
    action: z.enum(BATCH_ACTIONS, { error: '请选择批量操作' }),
    ids: z
      .array(objectId('器具编号'), { error: '请选择器具' })
      .min(1, { error: '请至少选择一台器具' })
      .max(BATCH_MAX, { error: `一次最多处理${BATCH_MAX}台` }),
    level2Code: z.string().regex(/^\d{4}$/, { error: `请选择${L.level2Code}` }).optional(),
  })
  .refine((b) => b.action !== 'setCatalogue' || b.level2Code, { error: `请选择${L.level2Code}`, path: ['level2Code'] })
export type InstrumentBatchInput = z.infer<typeof InstrumentBatchSchema>

export interface BatchResult {
  done: string[]
  refused: { id: string; code: string; message: string }[]
}

/** One change to one field, as the audit trail keeps it. */
export interface FieldChange {
  field: string
  label: string
  from: string | number | null
  to: string | number | null
}

export const AUDIT_ACTIONS = ['create', 'update', 'copy', 'bulk_create', 'import', 'setCatalogue', 'disable', 'enable', 'scrap', 'delete', 'verify', 'revoke'] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]
export const AUDIT_ACTION_LABELS: Record<AuditAction, string> = {
  create: '新增',
  update: '修改',
  copy: '复制新增',
  bulk_create: '批量新增',
  import: '导入',
  setCatalogue: '二级目录修改',
  disable: '停用',
  enable: '启用',
  scrap: '报废',
  delete: '删除',
  verify: '检定',
  revoke: '证书撤销',
}

export interface AuditEntryView {
  id: string
  at: string
  by: { id: string | null; name: string }
  action: AuditAction
  note: string | null
  changes: FieldChange[]
}

export interface InstrumentView {
  id: string
  code: string
  name: string
  kind: InstrumentKind
  level1Code: string
  level1Name: string
  level2Code: string
  level2Name: string
  model: string | null
  range: string | null
  accuracyClass: string | null
  serialNo: string
  manufacturer: string | null
  origin: Origin
  regionCode: string
  regionName: string
  location: string
  purchasedAt: string | null
  quantity: number
  usage: Usage
  deliveryMode: DeliveryMode
  validUntil: string | null
  institutionId: string | null
  institutionName: string | null
  certificateNo: string | null
  status: InstrumentStatus
  verifyStatus: VerifyStatus
  verifyResult: VerifyResult | null
  overdue: boolean
  /** The booking it is in while that booking is open (submitted, accepted, in progress). */
  openBookingId: string | null
  /** A certificate issued here keeps 有效期至, 证书编号 and 检定机构; they are not hand-edited. */
  certified: boolean
  version: number
  createdAt: string
  updatedAt: string
}

export interface InstrumentDetailView extends InstrumentView {
  audit: AuditEntryView[]
  /** Verifications and certificates of this instrument, newest first. */
  verifications: { certificateNo: string; verifiedAt: string; result: VerifyResult; validUntil: string | null; institutionName: string }[]
}

export interface ImportReport {
  created: number
  updated: number
  unchanged: number
  failed: { row: number; errors: { column: string; message: string }[] }[]
  /** Rows that matched an instrument in an open booking and were left as they are. */
  skippedInBooking: { row: number; code: string }[]
}
