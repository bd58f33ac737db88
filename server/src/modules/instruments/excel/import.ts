import { INSTRUMENT_STATUS_LABELS, type FieldChange, type ImportReport } from '@qjt/shared'
import type { Actor } from '../../../core/context'
import { AppError } from '../../../core/errors'
import { orgIdOf } from '../../../core/tenant'
import type { ReferenceService } from '../../reference/service'
import { Instrument, type InstrumentDoc } from '../model'
import { CERTIFICATE_FIELDS, diff, inOpenBooking, statusAfter, verificationFromHistory, type StatusAction } from '../rules'
import type { InstrumentService, NewRow } from '../service'
import { catalogueLookup } from './cells'
import { headerOf, IMPORT_COLUMNS } from './columns'
import { IMPORT_LIMITS, readLedgerRows, type ImportLimits } from './read'
import { checkRow, matchKey, type CheckedRow, type RowError } from './rows'

/** What the spreadsheet functions need; the app's services, or the same built by a script. */
export interface LedgerExcelDeps {
  instruments: Pick<InstrumentService, 'today' | 'referenceErrors' | 'insertRows' | 'write'>
  reference: Pick<ReferenceService, 'catalogue' | 'findKinds'>
}

export interface ImportOptions extends Partial<ImportLimits> {
  /** Named in each row's audit entry. */
  fileName?: string
  /** New rows per insert; each insert reserves its codes in one go. */
  chunkSize?: number
}

const SERIAL = headerOf('serialNo')
const RACED = '器具刚被他人修改，请重新导入'
const TAKEN = '本单位已有二级目录、出厂编号相同的器具（可能刚由他人录入），请重新导入以更新它'

/**
 * Imports a ledger workbook into the caller's unit. Each row is checked like the 新增 form; rows
 * matching an instrument of the unit on 二级目录 + 出厂编号 update it (or are left alone when
 * nothing changed, or when an open booking holds it), the rest are added. Each row is written
 * whole or not at all, so importing the same file again adds nothing.
 */
export async function importLedger(deps: LedgerExcelDeps, actor: Actor, file: Buffer, opts: ImportOptions = {}): Promise<ImportReport> {
  const orgId = orgIdOf(actor)
  const limits = { maxBytes: opts.maxBytes ?? IMPORT_LIMITS.maxBytes, maxRows: opts.maxRows ?? IMPORT_LIMITS.maxRows }
  const sheetRows = await readLedgerRows(file, limits)
  const report: ImportReport = { created: 0, updated: 0, unchanged: 0, failed: [], skippedInBooking: [] }
  if (sheetRows.length === 0) return report

  const catalogue = catalogueLookup(await deps.reference.catalogue())
  const kinds = await deps.reference.findKinds([...catalogue.level2.keys()])
  const firstRowOf = new Map<string, number>()
  const valid: CheckedRow[] = []
  for (const sheetRow of sheetRows) {
    const check = await checkRow(sheetRow, catalogue, kinds, deps.instruments)
    const errors = [...check.errors]
    if (check.key) {
      const first = firstRowOf.get(check.key)
      if (first === undefined) firstRowOf.set(check.key, check.row)
      else errors.push({ column: SERIAL, message: `与第${first}行的二级目录、出厂编号重复` })
    }
    if (errors.length > 0) report.failed.push({ row: check.row, errors: byColumn(errors) })
    else valid.push(check.checked!)
  }

  const existing = await findExisting(orgId, valid)
  const fresh: CheckedRow[] = []
  const updates: { checked: CheckedRow; row: InstrumentDoc; set: Partial<InstrumentDoc>; changes: FieldChange[] }[] = []
  for (const checked of valid) {
    const row = existing.get(matchKey(checked.fields.level2Code, checked.fields.serialNo))
    if (!row) {
      fresh.push(checked)
      continue
    }
    const plan = planUpdate(row, checked)
    if (plan === 'unchanged') report.unchanged += 1
    else if (plan === 'inBooking') report.skippedInBooking.push({ row: checked.row, code: row.code })
    else if ('errors' in plan) report.failed.push({ row: checked.row, errors: plan.errors })
    else updates.push({ checked, row, ...plan })
  }

  const note = opts.fileName ? `从 ${opts.fileName} 导入` : '从表格导入'
  // One at a time: the embedded database runs writes one after another anyway.
  for (const { checked, row, set, changes } of updates) {
    const failure = await refusal(async () => (await deps.instruments.write(actor, row, set, 'import', changes, note)) !== null)
    if (failure === null) report.updated += 1
    else report.failed.push({ row: checked.row, errors: [{ column: SERIAL, message: failure }] })
  }

  const chunkSize = opts.chunkSize ?? 500
  for (let i = 0; i < fresh.length; i += chunkSize) {
    const chunk = fresh.slice(i, i + chunkSize)
    try {
      await deps.instruments.insertRows(actor, chunk.map(stored), 'import', note)
      report.created += chunk.length
    } catch (err) {
      if (!isCollision(err)) throw err
      // A serial number taken meanwhile voids the whole insert: add the rows one by one to find it.
      for (const checked of chunk) {
        try {
          await deps.instruments.insertRows(actor, [stored(checked)], 'import', note)
          report.created += 1
        } catch (one) {
          if (!isCollision(one)) throw one
          report.failed.push({ row: checked.row, errors: [{ column: SERIAL, message: TAKEN }] })
        }
      }
    }
  }

  report.failed.sort((a, b) => a.row - b.row)
  report.skippedInBooking.sort((a, b) => a.row - b.row)
  return report
}

/**
 * The unit's instruments that rows of the file name, by match key. One pass over the unit's
 * rows, keeping only the matches: FerretDB scans the whole collection for any filter but `_id`,
 * so one pass costs the same as a lookup of a single serial number.
 */
async function findExisting(orgId: InstrumentDoc['orgId'], rows: CheckedRow[]): Promise<Map<string, InstrumentDoc>> {
  const wanted = new Set(rows.map((r) => matchKey(r.fields.level2Code, r.fields.serialNo)))
  const found = new Map<string, InstrumentDoc>()
  if (wanted.size === 0) return found
  for await (const doc of Instrument.find({ orgId }).lean().cursor({ batchSize: 1000 })) {
    const row = doc as InstrumentDoc
    const key = matchKey(row.level2Code, row.serialNo)
    if (wanted.has(key)) found.set(key, row)
  }
  return found
}

type UpdatePlan = 'unchanged' | 'inBooking' | { errors: RowError[] } | { set: Partial<InstrumentDoc>; changes: FieldChange[] }

/** What an import row does to the instrument it matches, by the same rules as an edit. */
function planUpdate(row: InstrumentDoc, checked: CheckedRow): UpdatePlan {
  const next: Partial<NewRow> = { ...checked.fields, ...(checked.status ? { status: checked.status } : {}) }
  const changes = diff(row, next)
  if (changes.length === 0) return 'unchanged'
  if (inOpenBooking(row)) return 'inBooking'
  if (row.status === 'scrapped') return { errors: [{ column: headerOf('status'), message: '器具已报废，不能再修改' }] }
  const changed = new Set(changes.map((c) => c.field))
  const errors: RowError[] = []
  if (row.certificateId) {
    for (const f of CERTIFICATE_FIELDS) if (changed.has(f)) errors.push({ column: headerOf(f), message: '由检定证书自动更新，不能手工修改' })
  }
  if (checked.status && changed.has('status') && !reachable(row.status, checked.status)) {
    const [from, to] = [INSTRUMENT_STATUS_LABELS[row.status], INSTRUMENT_STATUS_LABELS[checked.status]]
    errors.push({ column: headerOf('status'), message: `器具状态不能从${from}改为${to}` })
  }
  if (errors.length > 0) return { errors: byColumn(errors) }
  const set = Object.fromEntries(changes.map((c) => [c.field, next[c.field as keyof NewRow] ?? null])) as Partial<InstrumentDoc>
  const extra = changed.has('validUntil') ? verificationFromHistory(set.validUntil) : {}
  return { set: { ...set, ...extra }, changes }
}

const STATUS_ACTIONS: StatusAction[] = ['disable', 'enable', 'scrap']

/** Whether one of the ledger's status actions (停用, 启用, 报废) leads from one status to the other. */
function reachable(from: InstrumentDoc['status'], to: InstrumentDoc['status']): boolean {
  return STATUS_ACTIONS.some((action) => {
    const next = statusAfter(from, action)
    return 'to' in next && next.to === to
  })
}

function stored(checked: CheckedRow): NewRow {
  return checked.status ? { ...checked.fields, status: checked.status } : checked.fields
}

/** Runs a write that says whether it won; null when done, else the Chinese reason. Faults propagate. */
async function refusal(write: () => Promise<boolean>): Promise<string | null> {
  try {
    return (await write()) ? null : RACED
  } catch (err) {
    if (err instanceof AppError && err.status < 500) return err.message
    throw err
  }
}

const isCollision = (err: unknown) => err instanceof AppError && err.status === 409

const columnOrder = (column: string) => IMPORT_COLUMNS.findIndex((c) => c.header === column)
const byColumn = (errors: RowError[]) => [...errors].sort((a, b) => columnOrder(a.column) - columnOrder(b.column))
