import ExcelJS from 'exceljs'
import { AppError } from '../../../core/errors'
import { isBlank, plainValue, type Plain } from './cells'
import { IMPORT_COLUMNS, LEDGER_COLUMNS, LEDGER_SHEET, type ColumnKey } from './columns'
import { zipUnpackedSize } from './zip'

export interface ImportLimits {
  /** Upload size in bytes. */
  maxBytes: number
  /** Data rows, not counting the header and empty rows. */
  maxRows: number
}

export const IMPORT_LIMITS: ImportLimits = { maxBytes: 10 * 1024 * 1024, maxRows: 10_000 }

/** Ample for the row limit with long texts; a file that unpacks to more is refused unopened. */
const MAX_UNPACKED_BYTES = 256 * 1024 * 1024

/** How far down a title or note above the header row may push it. */
const HEADER_SEARCH_ROWS = 10

/** One filled-in row: its Excel row number and its cells by column. */
export interface SheetRow {
  row: number
  cells: Partial<Record<ColumnKey, Plain>>
}

const MB = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10

export const tooLarge = (limits: ImportLimits, what: string) =>
  new AppError('IMPORT_TOO_LARGE', `${what}：一次最多导入${MB(limits.maxBytes)}MB、${limits.maxRows}行，请拆分后分批导入`)

const invalid = (message: string, details?: { path: string; message: string }[]) => new AppError('IMPORT_FILE_INVALID', message, details)

/** Header text as people leave it: spaces, a required mark, a 必填 note. */
const normalHeader = (v: ExcelJS.CellValue) =>
  String(plainValue(v) ?? '')
    .replace(/[\s*＊]|[（(]必填[)）]/g, '')
    .trim()

const KEY_BY_HEADER = new Map(LEDGER_COLUMNS.map((c) => [c.header, c.key]))

/**
 * Opens an uploaded ledger workbook and returns its filled-in rows. Refuses, before anything is
 * written, a file that is too large (413) and one that is not an .xlsx or whose header row lacks
 * template columns (400, naming them).
 */
export async function readLedgerRows(file: Buffer, limits: ImportLimits = IMPORT_LIMITS): Promise<SheetRow[]> {
  if (file.length > limits.maxBytes) throw tooLarge(limits, `文件大小${MB(file.length)}MB`)
  const unpacked = zipUnpackedSize(file)
  if (unpacked === null) throw invalid('文件不是 .xlsx 格式，请使用下载的模板填写（.xls 请在 Excel 中另存为 .xlsx）')
  if (unpacked > MAX_UNPACKED_BYTES) throw tooLarge(limits, '文件内容过多')

  const workbook = new ExcelJS.Workbook()
  try {
    await workbook.xlsx.load(file as unknown as ExcelJS.Buffer)
  } catch {
    throw invalid('无法读取文件，请确认是用 Excel 或 WPS 保存的 .xlsx 文件')
  }
  const sheet = workbook.getWorksheet(LEDGER_SHEET) ?? workbook.worksheets.find((s) => s.state === 'visible')
  if (!sheet) throw invalid('文件中没有工作表，请使用下载的模板填写')

  const { headerRow, columns } = findHeader(sheet)
  const missing = IMPORT_COLUMNS.filter((c) => !columns.has(c.key)).map((c) => c.header)
  if (missing.length > 0) {
    throw invalid(
      `表头与导入模板不一致，缺少列：${missing.join('、')}`,
      missing.map((header) => ({ path: header, message: '缺少此列' })),
    )
  }

  const rows: SheetRow[] = []
  let over = false
  sheet.eachRow((row, rowNumber) => {
    if (over || rowNumber <= headerRow) return
    const cells: SheetRow['cells'] = {}
    let filled = false
    for (const column of IMPORT_COLUMNS) {
      const value = plainValue(row.getCell(columns.get(column.key)!).value)
      if (isBlank(value)) continue
      cells[column.key] = value
      filled = true
    }
    if (!filled) return
    if (rows.length >= limits.maxRows) over = true
    else rows.push({ row: rowNumber, cells })
  })
  if (over) throw tooLarge(limits, `文件超过${limits.maxRows}行`)
  return rows
}

/** The row among the first few that names the most ledger columns, and where each column is. */
function findHeader(sheet: ExcelJS.Worksheet): { headerRow: number; columns: Map<ColumnKey, number> } {
  let best = { headerRow: 1, columns: new Map<ColumnKey, number>() }
  for (let r = 1; r <= Math.min(HEADER_SEARCH_ROWS, sheet.rowCount); r++) {
    const columns = new Map<ColumnKey, number>()
    sheet.getRow(r).eachCell((cell, col) => {
      const key = KEY_BY_HEADER.get(normalHeader(cell.value))
      if (key && !columns.has(key)) columns.set(key, col)
    })
    if (columns.size > best.columns.size) best = { headerRow: r, columns }
  }
  return best
}
