import { once } from 'node:events'
import type { Writable } from 'node:stream'
import ExcelJS from 'exceljs'
import { OVERDUE_GROUP_LABELS, type OverdueGroup, type OverdueRow } from '@qjt/shared'
import type { OverdueReport } from './overdue'

export const SUMMARY_SHEET = '逾期统计'
export const DETAIL_SHEET = '逾期器具明细'

interface Column<T> {
  header: string
  width: number
  cell: (row: T) => string | number
}

export const SUMMARY_COLUMNS: Record<OverdueGroup, Column<OverdueRow>[]> = {
  region: [
    { header: '行政区划代码', width: 14, cell: (r) => r.key },
    { header: '地区', width: 24, cell: (r) => r.label },
    { header: '逾期器具数', width: 12, cell: (r) => r.count },
  ],
  unit: [
    { header: '使用单位', width: 32, cell: (r) => r.label },
    { header: '所在地区', width: 24, cell: (r) => r.regionName ?? '' },
    { header: '联系电话', width: 16, cell: (r) => r.contactPhone ?? '' },
    { header: '逾期器具数', width: 12, cell: (r) => r.count },
  ],
  catalogue: [
    { header: '一级目录代码', width: 14, cell: (r) => r.key },
    { header: '一级目录', width: 24, cell: (r) => r.label },
    { header: '逾期器具数', width: 12, cell: (r) => r.count },
  ],
}

export const DETAIL_COLUMNS: Column<OverdueReport['detail'][number]>[] = [
  { header: '使用单位', width: 32, cell: (d) => d.unit.name },
  { header: '器具编码', width: 20, cell: (d) => d.code },
  { header: '器具名称', width: 20, cell: (d) => d.name },
  { header: '二级目录', width: 20, cell: (d) => d.level2Name },
  { header: '有效期至', width: 12, cell: (d) => d.validUntil },
  { header: '逾期天数', width: 10, cell: (d) => d.daysOverdue },
  { header: '联系电话', width: 16, cell: (d) => d.unit.contactPhone },
]

const GROUP_CODES: Record<OverdueGroup, string> = { region: 'region', unit: 'unit', catalogue: 'catalogue' }

/** `逾期器具_阿拉善盟_按单位_2026-11-27.xlsx`, with an ASCII name for clients that cannot read it. */
export function overdueFileName(report: Pick<OverdueReport, 'scope' | 'groupBy' | 'today'>) {
  const { scope, groupBy, today } = report
  return {
    name: `逾期器具_${scope.regionName}_${OVERDUE_GROUP_LABELS[groupBy]}_${today}.xlsx`,
    fallback: `overdue_${scope.regionCode}_${GROUP_CODES[groupBy]}_${today}.xlsx`,
  }
}

/**
 * Writes the report as an .xlsx to `out` while it is read: the groups, and for the unit grouping
 * a sheet listing every overdue instrument with whom to call.
 */
export async function writeOverdueWorkbook(report: OverdueReport, out: Writable): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false })
  await writeSheet(workbook, out, SUMMARY_SHEET, SUMMARY_COLUMNS[report.groupBy], report.rows)
  if (report.groupBy === 'unit') await writeSheet(workbook, out, DETAIL_SHEET, DETAIL_COLUMNS, report.detail)
  await workbook.commit()
}

async function writeSheet<T>(workbook: ExcelJS.stream.xlsx.WorkbookWriter, out: Writable, name: string, columns: Column<T>[], rows: T[]) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] })
  sheet.columns = columns.map((c) => ({ header: c.header, width: c.width }))
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: columns.length } }
  sheet.getRow(1).font = { bold: true }
  sheet.getRow(1).commit()
  for (const [i, row] of rows.entries()) {
    sheet.addRow(columns.map((c) => c.cell(row))).commit()
    if (i % 200 === 199) await keepUp(out)
  }
  sheet.commit()
}

/** Lets compression and the reader catch up; fails when the reader went away. */
async function keepUp(out: Writable) {
  await new Promise((resolve) => setImmediate(resolve))
  if (!out.destroyed && out.writableNeedDrain) await Promise.race([once(out, 'drain'), once(out, 'close')])
  if (out.destroyed) throw new Error('The export stream was closed before the export finished')
}
