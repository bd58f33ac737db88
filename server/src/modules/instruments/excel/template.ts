import ExcelJS from 'exceljs'
import {
  DELIVERY_MODE_LABELS,
  INSTRUMENT_KIND_LABELS,
  INSTRUMENT_STATUS_LABELS,
  ORIGIN_LABELS,
  USAGE_LABELS,
  type CatalogueItem,
} from '@qjt/shared'
import { countiesWithin, findRegionAt, regionChildren, regionFullName } from '@qjt/shared/regions'
import type { ReferenceService } from '../../reference/service'
import { catalogueCell, IMPORT_COLUMNS, LEDGER_SHEET, regionCell, type ColumnKey } from './columns'
import { IMPORT_LIMITS } from './read'

export const NOTES_SHEET = '说明'
export const OPTIONS_SHEET = '选项'

/** Rows the dropdowns cover: as many as one import takes. */
const LAST_ROW = IMPORT_LIMITS.maxRows + 1

const RED = { argb: 'FFC00000' }

/** Short lists go into the validation itself (Excel allows 255 characters there). */
const INLINE_LISTS: Partial<Record<ColumnKey, Record<string, string>>> = {
  kind: INSTRUMENT_KIND_LABELS,
  origin: ORIGIN_LABELS,
  usage: USAGE_LABELS,
  deliveryMode: DELIVERY_MODE_LABELS,
  status: INSTRUMENT_STATUS_LABELS,
}

/** Long lists live on the hidden 选项 sheet, one column each, and dropdowns point at them. */
interface OptionList {
  key: ColumnKey
  title: string
  values: string[]
  /** A column beside the list that helps people find an entry; not offered in the dropdown. */
  aside?: { title: string; values: string[] }
}

const NOTES = [
  '1. 在“台账”工作表中从第2行起每行填写一台（或一批相同的）器具；第1行是表头，请勿修改，列的顺序可以调整。',
  '2. 红色表头的列必须填写；有下拉箭头的列请从列表中选择，一级目录、二级目录和行政区划也可只填代码。',
  '3. 导入时按“二级目录 + 出厂编号”对应本单位台账中已有的器具：已有的按表格内容更新（内容相同的不变，在未完成预约中的器具不修改），没有的新增。同一文件中二级目录和出厂编号都相同的行只能有一行。',
  '4. 有错误的行不会导入，导入结果列出每行的行号、列名和原因；改正后可重新导入整个文件，已导入的器具不会重复新增。',
  `5. 一次最多导入${IMPORT_LIMITS.maxRows}行，文件不超过${IMPORT_LIMITS.maxBytes / 1024 / 1024}MB。日期格式为 YYYY-MM-DD，例如 2024-03-01。`,
  '6. 从台账导出的表格可直接修改后导入；器具编码、检定状态、检定结果、逾期列由系统维护，导入时忽略。',
]

/**
 * The import template: the 台账 sheet with the import columns and a dropdown on every column with
 * a fixed set of values, a 说明 sheet (what each column takes, with an example), and the hidden
 * 选项 sheet the long dropdowns read from. Built from the loaded catalogue, so it offers exactly
 * what the import accepts.
 */
export async function buildImportTemplate(deps: { reference: Pick<ReferenceService, 'catalogue'> }): Promise<Buffer> {
  const catalogue = await deps.reference.catalogue()
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet(LEDGER_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] })
  const notes = workbook.addWorksheet(NOTES_SHEET)
  const options = workbook.addWorksheet(OPTIONS_SHEET, { state: 'hidden' })

  sheet.columns = IMPORT_COLUMNS.map((c) => ({
    header: c.header,
    key: c.key,
    width: c.width,
    // As text, so Excel keeps 出厂编号 00123 and dates as typed.
    style: c.key === 'quantity' ? {} : { numFmt: '@' },
  }))
  IMPORT_COLUMNS.forEach((c, i) => {
    const cell = sheet.getRow(1).getCell(i + 1)
    cell.font = { bold: true, ...(c.required ? { color: RED } : {}) }
    cell.numFmt = 'General'
  })

  // Each list in its own column, the column that helps find an entry right after it.
  const lists = optionLists(catalogue)
  const listColumn = new Map<ColumnKey, string>()
  let next = 1
  const place = (title: string, values: string[], width: number) => {
    const column = options.getColumn(next++)
    column.width = width
    column.values = [title, ...values]
    return column.letter
  }
  for (const list of lists) {
    listColumn.set(list.key, place(list.title, list.values, 28))
    if (list.aside) place(list.aside.title, list.aside.values, 36)
  }
  options.getRow(1).font = { bold: true }

  const validations = (sheet as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }).dataValidations
  IMPORT_COLUMNS.forEach((c, i) => {
    const target = sheet.getColumn(i + 1).letter
    const range = `${target}2:${target}${LAST_ROW}`
    const inline = INLINE_LISTS[c.key]
    const list = lists.find((l) => l.key === c.key)
    if (inline) {
      validations.add(range, {
        type: 'list',
        allowBlank: true,
        formulae: [`"${Object.values(inline).join(',')}"`],
        showErrorMessage: true,
        errorStyle: 'stop',
        errorTitle: c.header,
        error: `请从下拉列表中选择${c.header}`,
      })
    } else if (list) {
      const letter = listColumn.get(c.key)!
      validations.add(range, {
        type: 'list',
        allowBlank: true,
        formulae: [`'${OPTIONS_SHEET}'!$${letter}$2:$${letter}$${list.values.length + 1}`],
        showErrorMessage: true,
        // A bare code is accepted too, so typing one only warns.
        errorStyle: 'warning',
        errorTitle: c.header,
        error: `请从下拉列表中选择${c.header}，或填写其代码`,
      })
    }
  })

  writeNotes(notes)
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

function optionLists(catalogue: CatalogueItem[]): OptionList[] {
  const counties = [...new Set(regionChildren().flatMap((province) => countiesWithin(province.code)))]
    .filter((code) => findRegionAt('county', code))
    .sort()
  return [
    { key: 'level1Code', title: '一级目录', values: catalogue.map((item) => catalogueCell(item.code, item.name)) },
    {
      key: 'level2Code',
      title: '二级目录',
      values: catalogue.flatMap((item) => item.children.map((kind) => catalogueCell(kind.code, kind.name))),
      aside: { title: '所属一级目录', values: catalogue.flatMap((item) => item.children.map(() => catalogueCell(item.code, item.name))) },
    },
    {
      key: 'regionCode',
      title: '使用地点行政区划',
      values: counties.map(regionCell),
      aside: { title: '全称', values: counties.map(regionFullName) },
    },
  ]
}

function writeNotes(notes: ExcelJS.Worksheet) {
  notes.getColumn(1).width = 18
  notes.getColumn(2).width = 8
  notes.getColumn(3).width = 70
  notes.getColumn(4).width = 30
  notes.addRow(['台账导入说明']).font = { bold: true, size: 14 }
  for (const line of NOTES) {
    const row = notes.addRow([line])
    notes.mergeCells(row.number, 1, row.number, 4)
    row.alignment = { wrapText: true, vertical: 'top' }
    row.height = 32
  }
  notes.addRow([])
  notes.addRow(['列名', '必填', '填写说明', '示例']).font = { bold: true }
  for (const c of IMPORT_COLUMNS) {
    const row = notes.addRow([c.header, c.required ? '是' : '', c.hint, c.example ?? ''])
    if (c.required) row.getCell(1).font = { color: RED }
    row.getCell(3).alignment = { wrapText: true }
  }
}
