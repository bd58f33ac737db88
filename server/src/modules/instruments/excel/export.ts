import { once, type EventEmitter } from 'node:events'
import type { Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import type { InstrumentListQuery } from '@qjt/shared'
import type { Actor } from '../../../core/context'
import { orgIdOf } from '../../../core/tenant'
import { Instrument, type InstrumentDoc } from '../model'
import { LEDGER_SORT, ledgerFilter } from '../query'
import { LEDGER_COLUMNS, LEDGER_SHEET } from './columns'
import type { LedgerExcelDeps } from './import'

/** The list's filters without paging: an export holds every row the search finds. */
export type LedgerFilters = Omit<InstrumentListQuery, 'page' | 'pageSize'>

/** Rows read from the database per round trip. */
const BATCH = 1000

/** `台账_2026-11-27.xlsx`, with an ASCII name for clients that cannot read the UTF-8 one. */
export function exportFileName(today: string) {
  return { name: `台账_${today}.xlsx`, fallback: `ledger_${today}.xlsx` }
}

/**
 * Writes the caller's ledger rows that match `filters` (the list's search, same order) to `out`
 * as an .xlsx, row by row: rows stream from a database cursor into a streaming workbook, and the
 * loop waits whenever compression or the reader of `out` falls behind, so memory stays flat
 * however many rows there are.
 */
export async function exportLedger(deps: Pick<LedgerExcelDeps, 'instruments'>, out: Writable, actor: Actor, filters: LedgerFilters) {
  const today = deps.instruments.today()
  const filter = ledgerFilter(orgIdOf(actor), filters, today)
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  const sheet = workbook.addWorksheet(LEDGER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = LEDGER_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }))
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: LEDGER_COLUMNS.length } }
  sheet.getRow(1).font = { bold: true }
  sheet.getRow(1).commit()

  const zipInput = sheetZipInput(sheet)
  const cursor = Instrument.find(filter).sort(LEDGER_SORT).lean().cursor({ batchSize: BATCH })
  let rows = 0
  try {
    for await (const doc of cursor) {
      const row = doc as InstrumentDoc
      sheet.addRow(LEDGER_COLUMNS.map((c) => c.cell(row, today))).commit()
      rows += 1
      if (rows % 100 === 0) await keepUp(out, zipInput)
    }
  } finally {
    await cursor.close()
  }
  sheet.commit()
  await workbook.commit()
  return { rows }
}

/** Uncompressed sheet data allowed to wait for the compressor. */
const MAX_ZIP_BACKLOG = 1024 * 1024

interface ZipInput {
  _writableState?: { length: number }
  once(event: 'drain', listener: () => void): unknown
}

/**
 * The zip writer's input for the sheet. exceljs 4 feeds a sheet's XML to it without heeding
 * backpressure (its buffer ignores what `write()` answers), so when rows come faster than they
 * are compressed, the uncompressed sheet piles up here; null if exceljs changes shape.
 */
function sheetZipInput(sheet: ExcelJS.Worksheet): ZipInput | null {
  const input = (sheet as unknown as { _stream?: { pipes?: ZipInput[] } })._stream?.pipes?.[0]
  return input && typeof input._writableState?.length === 'number' && typeof input.once === 'function' ? input : null
}

/** Waits while compression or the reader lags behind; fails when the reader went away. */
async function keepUp(out: Writable, zipInput: ZipInput | null) {
  if (zipInput && zipInput._writableState!.length > MAX_ZIP_BACKLOG) await until(zipInput as unknown as EventEmitter, out)
  if (!out.destroyed && out.writableNeedDrain) await until(out, out)
  if (out.destroyed) throw new Error('The export stream was closed before the export finished')
}

/** The next 'drain' of `stream`, or `out` closing, whichever comes first. */
async function until(stream: EventEmitter, out: Writable) {
  if (out.destroyed) return
  const done = new AbortController()
  try {
    await Promise.race([once(stream, 'drain', { signal: done.signal }), once(out, 'close', { signal: done.signal })])
  } finally {
    done.abort()
  }
}
