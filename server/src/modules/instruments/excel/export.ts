import { once } from 'node:events'
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
 * loop waits whenever `out` is not keeping up, so memory stays flat however many rows there are.
 */
export async function exportLedger(deps: Pick<LedgerExcelDeps, 'instruments'>, out: Writable, actor: Actor, filters: LedgerFilters) {
  const today = deps.instruments.today()
  const filter = ledgerFilter(orgIdOf(actor), filters, today)
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  const sheet = workbook.addWorksheet(LEDGER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = LEDGER_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }))
  sheet.getRow(1).font = { bold: true }
  sheet.getRow(1).commit()

  const cursor = Instrument.find(filter).sort(LEDGER_SORT).lean().cursor({ batchSize: BATCH })
  let rows = 0
  try {
    for await (const doc of cursor) {
      const row = doc as InstrumentDoc
      sheet.addRow(LEDGER_COLUMNS.map((c) => c.cell(row, today))).commit()
      rows += 1
      if (rows % 200 === 0) await keepUp(out)
    }
  } finally {
    await cursor.close()
  }
  sheet.commit()
  await workbook.commit()
  return { rows }
}

/** Waits while `out` holds more than it wants; fails when the reader went away. */
async function keepUp(out: Writable) {
  if (!out.destroyed && out.writableNeedDrain) {
    const done = new AbortController()
    try {
      await Promise.race([once(out, 'drain', { signal: done.signal }), once(out, 'close', { signal: done.signal })])
    } finally {
      done.abort()
    }
  }
  if (out.destroyed) throw new Error('The export stream was closed before the export finished')
}
