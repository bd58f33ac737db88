import ExcelJS from 'exceljs'
import type { Response } from 'superagent'
import { plainValue, type Plain } from './cells'
import { IMPORT_COLUMNS, LEDGER_SHEET } from './columns'

/** What tests put in a cell: text, a number, or a real Excel date. */
export type CellInput = string | number | Date | null

/** A row of the 台账 sheet by Chinese header. */
export type SheetRecord = Record<string, CellInput>

/** supertest: keep a binary response body as a Buffer. */
export function binary(res: Response, done: (err: Error | null, body: Buffer) => void) {
  const chunks: Buffer[] = []
  res.on('data', (chunk: Buffer) => chunks.push(chunk))
  res.on('end', () => done(null, Buffer.concat(chunks)))
}

export async function openWorkbook(file: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook()
  await workbook.xlsx.load(file as unknown as ExcelJS.Buffer)
  return workbook
}

/** The rows below the header of a sheet, by header text; empty cells are absent. */
export function readRecords(sheet: ExcelJS.Worksheet): Record<string, Plain>[] {
  const headers: string[] = []
  sheet.getRow(1).eachCell((cell, col) => (headers[col] = String(cell.value)))
  const records: Record<string, Plain>[] = []
  sheet.eachRow((row, n) => {
    if (n === 1) return
    const record: Record<string, Plain> = {}
    row.eachCell((cell, col) => (record[headers[col]!] = plainValue(cell.value)))
    records.push(record)
  })
  return records
}

/**
 * An .xlsx as a person would fill it in: the 台账 sheet with `headers` (the template's by
 * default) and one row per record; `null` leaves a row empty.
 */
export async function ledgerFile(records: (SheetRecord | null)[], headers: string[] = IMPORT_COLUMNS.map((c) => c.header)): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(LEDGER_SHEET)
  sheet.addRow(headers)
  for (const record of records) {
    const row = sheet.addRow(record ? headers.map((h) => record[h] ?? null) : [])
    row.eachCell((cell) => {
      if (cell.value instanceof Date) cell.numFmt = 'yyyy-mm-dd'
    })
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

let serial = 0

/** A valid row for an electronic price scale in 阿拉善左旗, with a serial number of its own. */
export function scaleRow(overrides: SheetRecord = {}): SheetRecord {
  serial += 1
  return {
    器具名称: '电子计价秤',
    器具类型: '工作计量器具',
    一级目录: '01 非自动衡器',
    二级目录: '0101 非自动衡器',
    型号规格: 'ACS-15',
    测量范围: '(0~15)kg',
    准确度等级: 'Ⅲ',
    出厂编号: `XL-${process.pid}-${String(serial).padStart(5, '0')}`,
    生产厂家: '上海友声衡器有限公司',
    器具产地: '国产',
    使用地点行政区划: '152921 阿拉善左旗',
    '安装/使用地点': '巴彦浩特镇新华农贸市场12号摊位',
    购置时间: '2024-03-01',
    器具数量: 1,
    器具用途: '贸易结算',
    送检方式: '送检',
    有效期至: null,
    检定机构: null,
    证书编号: null,
    器具状态: '在用',
    ...overrides,
  }
}
