import { z } from 'zod'
import {
  DELIVERY_MODE_LABELS,
  INSTRUMENT_FIELD_LABELS,
  INSTRUMENT_KIND_LABELS,
  INSTRUMENT_STATUS_LABELS,
  INSTRUMENT_STATUSES,
  InstrumentCreateSchema,
  ORIGIN_LABELS,
  USAGE_LABELS,
  emptyToUndefined,
  type InstrumentStatus,
} from '@qjt/shared'
import { toFieldErrors } from '../../../core/validate'
import type { CatalogueKindRef } from '../../reference/presenter'
import { EDITABLE_FIELDS } from '../model'
import type { InstrumentService, NewRow } from '../service'
import { catalogueCodeOf, choiceOf, dateOf, regionCodeOf, textOf, type CatalogueLookup, type Parsed, type Plain } from './cells'
import { IMPORT_COLUMNS, headerOf, type ColumnKey } from './columns'
import type { SheetRow } from './read'

/**
 * The 新增 form's schema, plus what only an import sets: the status of a row brought over from
 * a ledger kept elsewhere.
 */
export const InstrumentImportSchema = InstrumentCreateSchema.extend({
  status: z.preprocess(emptyToUndefined, z.enum(INSTRUMENT_STATUSES, { error: `请选择${INSTRUMENT_FIELD_LABELS.status}` }).optional()),
})
export type InstrumentImportInput = z.infer<typeof InstrumentImportSchema>

export interface RowError {
  column: string
  message: string
}

/** A row that passed every check: what to store, and the status when the file gives one. */
export interface CheckedRow {
  row: number
  fields: NewRow
  status?: InstrumentStatus
}

export interface RowCheck {
  row: number
  /** 二级目录 + 出厂编号 when both read, to find duplicates even in rows with other errors. */
  key: string | null
  checked: CheckedRow | null
  errors: RowError[]
}

export const matchKey = (level2Code: string, serialNo: string) => `${level2Code}\u0000${serialNo}`

type CellReader = (v: Plain, header: string, catalogue: CatalogueLookup) => Parsed

const text: CellReader = (v) => ({ value: textOf(v) })
const choice =
  (labels: Record<string, string>): CellReader =>
  (v, header) =>
    choiceOf(v, labels, header)

/** How each import column's cell becomes the form's value. */
const READERS: Record<string, CellReader> = {
  kind: choice(INSTRUMENT_KIND_LABELS),
  level1Code: (v, header, c) => catalogueCodeOf(v, c.level1, 2, header),
  level2Code: (v, header, c) => catalogueCodeOf(v, c.level2, 4, header),
  origin: choice(ORIGIN_LABELS),
  regionCode: (v, header) => regionCodeOf(v, header),
  purchasedAt: (v) => ({ value: dateOf(v) }),
  usage: choice(USAGE_LABELS),
  deliveryMode: choice(DELIVERY_MODE_LABELS),
  validUntil: (v) => ({ value: dateOf(v) }),
  status: choice(INSTRUMENT_STATUS_LABELS),
}

/** A cell the schema coerces itself (器具数量 typed as a number stays one). */
const keepNumbers: CellReader = (v) => ({ value: typeof v === 'number' ? v : textOf(v) })

/**
 * Checks one row the way the form is checked — the same schema, the same catalogue and county
 * checks — and reports every problem under its Chinese column name.
 */
export async function checkRow(
  sheetRow: SheetRow,
  catalogue: CatalogueLookup,
  kinds: Map<string, CatalogueKindRef>,
  instruments: Pick<InstrumentService, 'referenceErrors'>,
): Promise<RowCheck> {
  const { input, errors } = readCells(sheetRow, catalogue)
  const key = typeof input.level2Code === 'string' && typeof input.serialNo === 'string' ? matchKey(input.level2Code, input.serialNo) : null

  const parsed = InstrumentImportSchema.safeParse(input)
  if (!parsed.success) {
    for (const { path, message } of toFieldErrors(parsed.error)) add(errors, path.split('.')[0] as ColumnKey, message)
  }
  // The catalogue pair and the county are checked whenever they read, so one pass shows them too.
  const refs = { level1Code: input.level1Code, level2Code: input.level2Code, regionCode: input.regionCode }
  let names: Pick<NewRow, 'level1Name' | 'level2Name'> | null = null
  if (!errors.has('level1Code') && !errors.has('level2Code') && !errors.has('regionCode')) {
    const checked = await instruments.referenceErrors(refs as Pick<NewRow, 'level1Code' | 'level2Code' | 'regionCode'>, kinds)
    for (const { path, message } of checked.errors) add(errors, path as ColumnKey, message)
    names = checked.names
  }

  if (errors.size > 0 || !parsed.success || !names) {
    const order = (k: ColumnKey) => IMPORT_COLUMNS.findIndex((c) => c.key === k)
    const list = [...errors].sort(([a], [b]) => order(a) - order(b)).map(([k, message]) => ({ column: headerOf(k), message }))
    return { row: sheetRow.row, key, checked: null, errors: list }
  }
  const data = parsed.data
  return { row: sheetRow.row, key, checked: { row: sheetRow.row, fields: toNewRow(data, names), status: data.status }, errors: [] }
}

function readCells(sheetRow: SheetRow, catalogue: CatalogueLookup) {
  const input: Record<string, unknown> = {}
  const errors = new Map<ColumnKey, string>()
  for (const column of IMPORT_COLUMNS) {
    const read = READERS[column.key] ?? (column.key === 'quantity' ? keepNumbers : text)
    const result = read(sheetRow.cells[column.key], column.header, catalogue)
    if (result.error !== undefined) errors.set(column.key, result.error)
    else if (result.value !== undefined) input[column.key] = result.value
  }
  return { input, errors }
}

/** The first problem of a column is the one to fix first. */
function add(errors: Map<ColumnKey, string>, key: ColumnKey, message: string) {
  if (!errors.has(key)) errors.set(key, message)
}

/** The stored fields, every editable one: an empty optional cell clears the field. */
function toNewRow(data: InstrumentImportInput, names: Pick<NewRow, 'level1Name' | 'level2Name'>): NewRow {
  const source: Record<string, unknown> = { ...data, ...names }
  return Object.fromEntries(EDITABLE_FIELDS.map((f) => [f, source[f] ?? null])) as NewRow
}
