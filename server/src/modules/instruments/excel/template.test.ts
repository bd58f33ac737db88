import type ExcelJS from 'exceljs'
import shipped from '../../../seed/data/catalogue.json'
import { buildTestApp, bearer, type TestApp } from '../../../../test/helpers/app'
import { buildOrg, buildUser, tokenFor } from '../../../../test/helpers/factories'
import { Instrument } from '../model'
import { IMPORT_COLUMNS } from './columns'
import { binary, ledgerFile, openWorkbook, scaleRow } from './test-helpers'

const api = '/api/v1/instruments'
let t: TestApp
let auth: ReturnType<typeof bearer>
let workbook: ExcelJS.Workbook
let file: Buffer

beforeAll(async () => {
  t = await buildTestApp()
  await t.app.services.reference.loadCatalogue(shipped, { origin: 'seed' })
  auth = bearer(tokenFor(t, await buildUser({ org: await buildOrg(), roles: ['unit_admin'] })))
  const res = await t.request.get(`${api}/import-template`).set(auth).buffer(true).parse(binary).expect(200)
  expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('台账导入模板.xlsx')}`)
  file = res.body as Buffer
  workbook = await openWorkbook(file)
})
afterAll(() => t.close())

type Validation = { type: string; formulae: string[]; errorStyle?: string }
const validationsOf = (sheet: ExcelJS.Worksheet) => (sheet as unknown as { dataValidations: { model: Record<string, Validation> } }).dataValidations.model
const letterOf = (header: string) => String.fromCharCode(65 + IMPORT_COLUMNS.findIndex((c) => c.header === header))

describe('GET /instruments/import-template', () => {
  it('has the import columns, required ones marked, on a frozen header', () => {
    const sheet = workbook.getWorksheet('台账')!
    expect(workbook.worksheets.map((s) => [s.name, s.state])).toEqual([
      ['台账', 'visible'],
      ['说明', 'visible'],
      ['选项', 'hidden'],
    ])
    expect(sheet.getRow(1).values).toEqual([undefined, ...IMPORT_COLUMNS.map((c) => c.header)])
    expect(sheet.getRow(1).values).not.toContain('器具编码')
    expect(sheet.getCell(`${letterOf('器具名称')}1`).font).toMatchObject({ bold: true, color: { argb: 'FFC00000' } })
    expect(sheet.getCell(`${letterOf('型号规格')}1`).font?.color).toBeUndefined()
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })
    // Typed as text, so 出厂编号 00123 keeps its zeros.
    expect(sheet.getColumn(letterOf('出厂编号')).numFmt).toBe('@')
  })

  it('offers dropdowns for every column with a fixed set of values', () => {
    const dv = validationsOf(workbook.getWorksheet('台账')!)
    const at = (header: string, row = 2) => dv[`${letterOf(header)}${row}`]
    expect(at('器具类型')).toMatchObject({ type: 'list', formulae: ['"工作计量器具"'] })
    expect(at('器具产地')).toMatchObject({ type: 'list', formulae: ['"国产,进口"'] })
    expect(at('器具用途')).toMatchObject({ type: 'list', formulae: ['"贸易结算,安全防护,医疗卫生,环境监测"'] })
    expect(at('送检方式')).toMatchObject({ type: 'list', formulae: ['"送检,现场检定"'] })
    expect(at('器具状态', 10_001)).toMatchObject({ type: 'list', formulae: ['"新增,在用,停用,报废"'] })
    expect(at('一级目录')).toMatchObject({ type: 'list', formulae: ["'选项'!$A$2:$A$24"] })
    expect(at('二级目录')).toMatchObject({ type: 'list', formulae: ["'选项'!$B$2:$B$24"], errorStyle: 'warning' })
    expect(at('使用地点行政区划', 5000)).toMatchObject({ type: 'list', formulae: ["'选项'!$D$2:$D$2979"] })
    expect(at('器具名称')).toBeUndefined()
    expect(at('器具用途', 10_002)).toBeUndefined()
    const formulae = new Set(Object.values(dv).map((v) => v.formulae[0]!))
    for (const formula of formulae) expect(formula.length).toBeLessThanOrEqual(255)
  })

  it('lists the catalogue and every county on the hidden 选项 sheet', () => {
    const options = workbook.getWorksheet('选项')!
    const column = (letter: string) => (options.getColumn(letter).values as string[]).filter(Boolean)
    expect(column('A')).toHaveLength(24)
    expect(column('A').slice(0, 2)).toEqual(['一级目录', '01 非自动衡器'])
    expect(column('B')).toContain('2201 有毒有害、易燃易爆气体检测（报警）仪')
    expect(column('C').slice(0, 2)).toEqual(['所属一级目录', '01 非自动衡器'])
    const counties = column('D').slice(1)
    expect(counties).toHaveLength(2978)
    expect(counties).toContain('152921 阿拉善左旗')
    expect(counties.every((c) => /^\d{6} \S/.test(c))).toBe(true)
    expect(column('E')).toContain('内蒙古自治区 阿拉善盟 阿拉善左旗')
  })

  it('explains each column with an example on the 说明 sheet', () => {
    const notes = workbook.getWorksheet('说明')!
    const text = (notes.getColumn(1).values as unknown[]).map(String).join('\n')
    expect(text).toContain('二级目录 + 出厂编号')
    const header = notes.getRows(1, notes.rowCount)!.find((r) => r.getCell(1).value === '列名')!
    expect(header.values).toEqual([undefined, '列名', '必填', '填写说明', '示例'])
    const table = notes.getRows(header.number + 1, IMPORT_COLUMNS.length)!.map((r) => r.values as unknown[])
    expect(table.map((v) => v[1])).toEqual(IMPORT_COLUMNS.map((c) => c.header))
    expect(table.find((v) => v[1] === '出厂编号')).toEqual([undefined, '出厂编号', '是', expect.stringContaining('不能重复'), 'JS-20240301-001'])
    expect(table.find((v) => v[1] === '购置时间')![3]).toContain('YYYY-MM-DD')
  })

  it('imports nothing as it comes, and the example row as typed', async () => {
    const blank = await t.request.post(`${api}/import`).set(auth).attach('file', file, '台账导入模板.xlsx').expect(200)
    expect(blank.body).toEqual({ created: 0, updated: 0, unchanged: 0, failed: [], skippedInBooking: [] })

    const example = Object.fromEntries(IMPORT_COLUMNS.map((c) => [c.header, c.example ?? null]))
    const res = await t.request.post(`${api}/import`).set(auth).attach('file', await ledgerFile([{ ...scaleRow(), ...example }]), 'x.xlsx').expect(200)
    expect(res.body).toMatchObject({ created: 1, failed: [] })
    expect(await Instrument.countDocuments()).toBe(1)
  })
})
