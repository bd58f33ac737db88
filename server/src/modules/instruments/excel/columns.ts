import {
  DELIVERY_MODE_LABELS,
  INSTRUMENT_FIELD_LABELS as L,
  INSTRUMENT_KIND_LABELS,
  INSTRUMENT_STATUS_LABELS,
  ORIGIN_LABELS,
  USAGE_LABELS,
  VERIFY_RESULT_LABELS,
  VERIFY_STATUS_LABELS,
} from '@qjt/shared'
import { findRegionAt } from '@qjt/shared/regions'
import type { InstrumentDoc } from '../model'
import { isOverdue } from '../rules'

/**
 * The ledger's spreadsheet columns, in the national ledger's order: one definition that the
 * export writes, the template offers and the import reads back (by header, so column order in
 * an uploaded file does not matter).
 */

/** The sheet the export and the template write and the import looks for first. */
export const LEDGER_SHEET = '台账'

export type ColumnKey = keyof typeof L | 'overdue'

export interface LedgerColumn {
  key: ColumnKey
  header: string
  /** Excel column width, in characters. */
  width: number
  /** Maintained by the system: exported for reading, ignored by the import. */
  exportOnly?: true
  /** Must be filled in on import (the template shows these headers in red). */
  required?: true
  /** The 说明 sheet's line about what to enter. */
  hint: string
  /** The template's example value. */
  example?: string
  /** The export's cell for a row. */
  cell: (row: InstrumentDoc, today: string) => string | number | null
}

/** `01 非自动衡器`: the code first, since 二级目录 names repeat 一级目录 names. */
export const catalogueCell = (code: string, name: string) => `${code} ${name}`

/** `152921 阿拉善左旗`. */
export function regionCell(code: string): string {
  const county = findRegionAt('county', code)
  return county ? `${code} ${county.name}` : code
}

const labelList = (labels: Record<string, string>) => Object.values(labels).join('、')

export const LEDGER_COLUMNS: readonly LedgerColumn[] = [
  { key: 'code', header: L.code, width: 20, exportOnly: true, hint: '系统生成，导入时忽略', cell: (r) => r.code },
  {
    key: 'name',
    header: L.name,
    width: 18,
    required: true,
    hint: '不超过50个字',
    example: '电子计价秤',
    cell: (r) => r.name,
  },
  {
    key: 'kind',
    header: L.kind,
    width: 14,
    hint: `下拉选择：${labelList(INSTRUMENT_KIND_LABELS)}；不填为工作计量器具`,
    example: INSTRUMENT_KIND_LABELS.working,
    cell: (r) => INSTRUMENT_KIND_LABELS[r.kind],
  },
  {
    key: 'level1Code',
    header: L.level1Code,
    width: 22,
    required: true,
    hint: '下拉选择，“代码 名称”，如 01 非自动衡器；也可只填代码',
    example: '01 非自动衡器',
    cell: (r) => catalogueCell(r.level1Code, r.level1Name),
  },
  {
    key: 'level2Code',
    header: L.level2Code,
    width: 24,
    required: true,
    hint: '下拉选择，“代码 名称”，如 0101 非自动衡器；须属于所填一级目录',
    example: '0101 非自动衡器',
    cell: (r) => catalogueCell(r.level2Code, r.level2Name),
  },
  { key: 'model', header: L.model, width: 14, hint: '不超过50个字', example: 'ACS-15', cell: (r) => r.model ?? null },
  { key: 'range', header: L.range, width: 14, hint: '不超过50个字', example: '(0~15)kg', cell: (r) => r.range ?? null },
  { key: 'accuracyClass', header: L.accuracyClass, width: 12, hint: '不超过20个字', example: 'Ⅲ', cell: (r) => r.accuracyClass ?? null },
  {
    key: 'serialNo',
    header: L.serialNo,
    width: 18,
    required: true,
    hint: '不超过50个字；同一二级目录下不能重复，是与台账已有器具对应的依据',
    example: 'JS-20240301-001',
    cell: (r) => r.serialNo,
  },
  { key: 'manufacturer', header: L.manufacturer, width: 22, hint: '不超过100个字', example: '上海友声衡器有限公司', cell: (r) => r.manufacturer ?? null },
  {
    key: 'origin',
    header: L.origin,
    width: 10,
    hint: `下拉选择：${labelList(ORIGIN_LABELS)}；不填为国产`,
    example: ORIGIN_LABELS.domestic,
    cell: (r) => ORIGIN_LABELS[r.origin],
  },
  {
    key: 'regionCode',
    header: L.regionCode,
    width: 24,
    required: true,
    hint: '下拉选择区县，“代码 名称”，如 152921 阿拉善左旗；也可只填6位代码',
    example: '152921 阿拉善左旗',
    cell: (r) => regionCell(r.regionCode),
  },
  {
    key: 'location',
    header: L.location,
    width: 30,
    required: true,
    hint: '不超过200个字',
    example: '巴彦浩特镇新华农贸市场12号摊位',
    cell: (r) => r.location,
  },
  {
    key: 'purchasedAt',
    header: L.purchasedAt,
    width: 12,
    hint: '日期，格式 YYYY-MM-DD（也可用 Excel 日期），不能晚于今天',
    example: '2024-03-01',
    cell: (r) => r.purchasedAt ?? null,
  },
  { key: 'quantity', header: L.quantity, width: 10, hint: '正整数，不超过9999；不填为1', example: '1', cell: (r) => r.quantity },
  {
    key: 'usage',
    header: L.usage,
    width: 12,
    required: true,
    hint: `下拉选择：${labelList(USAGE_LABELS)}`,
    example: USAGE_LABELS.trade,
    cell: (r) => USAGE_LABELS[r.usage],
  },
  {
    key: 'deliveryMode',
    header: L.deliveryMode,
    width: 10,
    hint: `下拉选择：${labelList(DELIVERY_MODE_LABELS)}；不填为送检`,
    example: DELIVERY_MODE_LABELS.send_in,
    cell: (r) => DELIVERY_MODE_LABELS[r.deliveryMode],
  },
  {
    key: 'validUntil',
    header: L.validUntil,
    width: 12,
    hint: '上次检定证书的有效期，格式 YYYY-MM-DD；未检定过不填',
    example: '2025-02-28',
    cell: (r) => r.validUntil ?? null,
  },
  { key: 'institutionName', header: L.institutionName, width: 22, hint: '上次检定的机构，不超过100个字', example: '阿拉善盟检验检测中心', cell: (r) => r.institutionName ?? null },
  { key: 'certificateNo', header: L.certificateNo, width: 18, hint: '上次检定的证书编号，不超过50个字', example: 'ALSM-2024-000123', cell: (r) => r.certificateNo ?? null },
  {
    key: 'status',
    header: L.status,
    width: 10,
    hint: `下拉选择：${labelList(INSTRUMENT_STATUS_LABELS)}；新器具不填为新增，已有器具不填则不变`,
    example: INSTRUMENT_STATUS_LABELS.in_use,
    cell: (r) => INSTRUMENT_STATUS_LABELS[r.status],
  },
  { key: 'verifyStatus', header: L.verifyStatus, width: 10, exportOnly: true, hint: '系统维护，导入时忽略', cell: (r) => VERIFY_STATUS_LABELS[r.verifyStatus] },
  {
    key: 'verifyResult',
    header: L.verifyResult,
    width: 10,
    exportOnly: true,
    hint: '系统维护，导入时忽略',
    cell: (r) => (r.verifyResult ? VERIFY_RESULT_LABELS[r.verifyResult] : null),
  },
  {
    key: 'overdue',
    header: '逾期',
    width: 8,
    exportOnly: true,
    hint: '有效期至早于今天为“是”，导入时忽略',
    cell: (r, today) => (isOverdue(r, today) ? '是' : '否'),
  },
]

/** The columns a unit fills in: the template's and the import's. */
export const IMPORT_COLUMNS: readonly LedgerColumn[] = LEDGER_COLUMNS.filter((c) => !c.exportOnly)

/** Column name for a field (`serialNo` → 出厂编号), as import errors name it. */
export const headerOf = (key: string): string => LEDGER_COLUMNS.find((c) => c.key === key)?.header ?? key
