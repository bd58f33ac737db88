import shipped from '../../../seed/data/catalogue.json'
import { buildTestApp, bearer, type TestApp } from '../../../../test/helpers/app'
import { buildInstrument, buildOrg, buildUser, tokenFor, validInstrumentInput } from '../../../../test/helpers/factories'
import { Instrument } from '../model'
import { LEDGER_COLUMNS } from './columns'
import { binary, ledgerFile, openWorkbook, readRecords } from './test-helpers'

type Auth = ReturnType<typeof bearer>
const api = '/api/v1/instruments'
let t: TestApp

beforeAll(async () => {
  t = await buildTestApp({ clock: () => new Date('2026-11-27T02:00:00Z') })
  await t.app.services.reference.loadCatalogue(shipped, { origin: 'seed' })
})
afterAll(() => t.close())

async function unit() {
  const org = await buildOrg()
  const admin = await buildUser({ org, roles: ['unit_operator'] })
  return { org, auth: bearer(tokenFor(t, admin)) }
}

async function exportOf(auth: Auth, query = '') {
  const res = await t.request.get(`${api}/export${query}`).set(auth).buffer(true).parse(binary).expect(200)
  const sheet = (await openWorkbook(res.body as Buffer)).getWorksheet('台账')!
  return { res, sheet, records: readRecords(sheet) }
}

describe('GET /instruments/export', () => {
  it('writes the unit’s rows with Chinese headers and labels, and marks what is overdue', async () => {
    const { org, auth } = await unit()
    await buildInstrument({ org, serialNo: 'E-1', validUntil: '2026-11-26', verifyStatus: 'verified', verifyResult: 'pass', certificateNo: 'ALSM-2025-000007' })
    await buildInstrument({ org, serialNo: 'E-2', validUntil: '2026-11-27', status: 'disabled', origin: 'imported', usage: 'medical', deliveryMode: 'on_site' })
    await buildInstrument({ org, serialNo: 'E-3', validUntil: '2020-01-01', status: 'scrapped' })
    await buildInstrument({ serialNo: 'OTHER-UNIT' })

    const { res, sheet, records } = await exportOf(auth)
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="ledger_2026-11-27.xlsx"; filename*=UTF-8''${encodeURIComponent('台账_2026-11-27.xlsx')}`,
    )
    expect(sheet.getRow(1).values).toEqual([undefined, ...LEDGER_COLUMNS.map((c) => c.header)])
    expect(sheet.getRow(1).getCell(1).font).toMatchObject({ bold: true })
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 })

    const bySerial = Object.fromEntries(records.map((r) => [r['出厂编号'], r]))
    expect(Object.keys(bySerial).sort()).toEqual(['E-1', 'E-2', 'E-3'])
    expect(bySerial['E-1']).toEqual({
      器具编码: expect.stringMatching(/^152921/),
      器具名称: '电子计价秤',
      器具类型: '工作计量器具',
      一级目录: '01 非自动衡器',
      二级目录: '0101 非自动衡器',
      出厂编号: 'E-1',
      器具产地: '国产',
      使用地点行政区划: '152921 阿拉善左旗',
      '安装/使用地点': '巴彦浩特镇农贸市场A区12号',
      器具数量: 1,
      器具用途: '贸易结算',
      送检方式: '送检',
      有效期至: '2026-11-26',
      证书编号: 'ALSM-2025-000007',
      器具状态: '在用',
      检定状态: '已检',
      检定结果: '合格',
      逾期: '是',
    })
    expect(bySerial['E-2']).toMatchObject({ 器具产地: '进口', 器具用途: '医疗卫生', 送检方式: '现场检定', 器具状态: '停用', 检定状态: '未检', 逾期: '否' })
    // A scrapped instrument is out of use, so never overdue.
    expect(bySerial['E-3']).toMatchObject({ 器具状态: '报废', 逾期: '否' })
  })

  it('exports exactly what the list finds, in the list’s order', async () => {
    const { org, auth } = await unit()
    for (const [serialNo, status, validUntil] of [
      ['F-1', 'in_use', '2026-01-01'],
      ['F-2', 'disabled', '2026-01-01'],
      ['F-3', 'in_use', '2027-01-01'],
      ['F-4', 'in_use', null],
    ] as const) {
      await buildInstrument({ org, serialNo, status, validUntil })
    }
    const serials = async (query: string) => (await exportOf(auth, query)).records.map((r) => r['出厂编号'])
    const list = await t.request.get(`${api}?overdue=true&pageSize=100`).set(auth).expect(200)
    expect(await serials('?overdue=true')).toEqual(list.body.items.map((i: { serialNo: string }) => i.serialNo))
    expect((await serials('?overdue=true')).sort()).toEqual(['F-1', 'F-2'])
    expect(await serials('?status=disabled')).toEqual(['F-2'])
    expect((await serials('?validFrom=2026-06-01&validTo=2027-12-31')).sort()).toEqual(['F-3'])
    expect(await serials('?serialNo=nothing')).toEqual([])
  })

  it('refuses paging and bad filters', async () => {
    const { auth } = await unit()
    const paged = await t.request.get(`${api}/export?page=2`).set(auth).expect(400)
    expect(paged.body.error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ path: 'page', message: '不支持的字段：page' }] })
    const bad = await t.request.get(`${api}/export?status=lost`).set(auth).expect(400)
    expect(bad.body.error.details).toEqual([{ path: 'status', message: '请选择器具状态' }])
    const range = await t.request.get(`${api}/export?validFrom=2027-01-01&validTo=2026-01-01`).set(auth).expect(400)
    expect(range.body.error.details).toEqual([{ path: 'validTo', message: '有效期起不能晚于有效期止' }])
  })

  it('round-trips: another unit importing the export gets the same ledger', async () => {
    const source = await unit()
    const inputs = [
      validInstrumentInput({ serialNo: 'RT-1' }),
      validInstrumentInput({ serialNo: 'RT-2', validUntil: '2025-06-30', certificateNo: 'ALSM-2024-000321', institutionName: '阿拉善盟检验检测中心' }),
      validInstrumentInput({
        serialNo: 'RT-3',
        name: '加油机',
        level1Code: '04',
        level2Code: '0401',
        regionCode: '152923',
        origin: 'imported',
        usage: 'safety',
        deliveryMode: 'on_site',
        quantity: 4,
        model: '',
        purchasedAt: '',
      }),
      validInstrumentInput({ serialNo: '00123', accuracyClass: '0.5级', location: '门诊楼3层, 采血室 "B"' }),
    ]
    const ids: string[] = []
    for (const input of inputs) ids.push((await t.request.post(api).set(source.auth).send(input).expect(201)).body.id)
    await t.request.post(`${api}/batch`).set(source.auth).send({ action: 'disable', ids: [ids[1]] }).expect(200)
    await t.request.post(`${api}/batch`).set(source.auth).send({ action: 'scrap', ids: [ids[2]] }).expect(200)

    const file = (await t.request.get(`${api}/export`).set(source.auth).buffer(true).parse(binary).expect(200)).body as Buffer
    const target = await unit()
    const report = await t.request.post(`${api}/import`).set(target.auth).attach('file', file, '台账_2026-11-27.xlsx').expect(200)
    expect(report.body).toEqual({ created: 4, updated: 0, unchanged: 0, failed: [], skippedInBooking: [] })

    const withoutCode = async (auth: Auth) =>
      (await exportOf(auth)).records
        .map(({ 器具编码: code, ...rest }) => {
          expect(code).toEqual(expect.stringMatching(/^\d{16}$/))
          return rest
        })
        .sort((a, b) => String(a['出厂编号']).localeCompare(String(b['出厂编号'])))
    const before = await withoutCode(source.auth)
    expect(before.map((r) => r['器具状态'])).toEqual(['新增', '新增', '停用', '报废'])
    expect(await withoutCode(target.auth)).toEqual(before)
    expect(await Instrument.countDocuments({ orgId: target.org._id })).toBe(4)

    // And the exported file, imported again into the same unit, changes nothing.
    const again = await t.request.post(`${api}/import`).set(target.auth).attach('file', file, 'again.xlsx').expect(200)
    expect(again.body).toEqual({ created: 0, updated: 0, unchanged: 4, failed: [], skippedInBooking: [] })
  })

  it('reads an exported file back even with a title row above the header and columns reordered', async () => {
    const { org, auth } = await unit()
    const headers = ['器具编码', '出厂编号', '器具名称', ...LEDGER_COLUMNS.map((c) => c.header).filter((h) => !['器具编码', '出厂编号', '器具名称'].includes(h))]
    const file = await ledgerFile(
      [
        {
          器具编码: '1529212026000001',
          出厂编号: 'H-1',
          器具名称: '血压计',
          一级目录: '14',
          二级目录: '1401',
          使用地点行政区划: '152921',
          '安装/使用地点': '诊所',
          器具用途: '医疗卫生',
          逾期: '是',
          检定状态: '已检',
        },
      ],
      headers,
    )
    // A title in row 1 pushes the header down a row.
    const workbook = await openWorkbook(file)
    workbook.getWorksheet('台账')!.spliceRows(1, 0, ['某某诊所计量器具台账'])
    const titled = Buffer.from(await workbook.xlsx.writeBuffer())
    const res = await t.request.post(`${api}/import`).set(auth).attach('file', titled, 'x.xlsx').expect(200)
    expect(res.body).toMatchObject({ created: 1, failed: [] })
    expect(await Instrument.findOne({ orgId: org._id }).lean()).toMatchObject({
      name: '血压计',
      level2Name: '血压计',
      verifyStatus: 'unverified',
      status: 'new',
      code: expect.not.stringMatching(/^1529212026000001$/),
    })
  })
})
