import { randomBytes } from 'node:crypto'
import { Types } from 'mongoose'
import shipped from '../../../seed/data/catalogue.json'
import { buildTestApp, bearer, type TestApp } from '../../../../test/helpers/app'
import { buildInstrument, buildOrg, buildUser, tokenFor } from '../../../../test/helpers/factories'
import type { Actor } from '../../../core/context'
import { InstrumentAudit } from '../audit.model'
import { Instrument } from '../model'
import type { OrganizationDoc } from '../../organizations/model'
import { importLedger } from './import'
import { ledgerFile, scaleRow, type SheetRecord } from './test-helpers'

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
  const admin = await buildUser({ org, roles: ['unit_admin'] })
  const actor: Actor = { userId: String(admin._id), name: admin.name, orgId: String(org._id), orgType: 'unit', roles: ['unit_admin'] }
  return { org, admin, actor, auth: bearer(tokenFor(t, admin)) }
}

const upload = (auth: Auth, file: Buffer, name = '台账.xlsx') => t.request.post(`${api}/import`).set(auth).attach('file', file, name)

const rowsOf = (org: OrganizationDoc) => Instrument.find({ orgId: org._id }).sort({ serialNo: 1 }).lean()

describe('POST /instruments/import', () => {
  it('adds valid rows with codes, labels read back to values, and an audit entry naming the file', async () => {
    const { org, auth, admin } = await unit()
    const rows = [
      scaleRow({ 出厂编号: 'A-001' }),
      scaleRow({
        出厂编号: 'A-002',
        器具名称: '加油机',
        一级目录: '04',
        二级目录: '燃油加油机',
        器具产地: '进口',
        器具用途: '安全防护',
        送检方式: '现场检定',
        器具数量: '3',
        使用地点行政区划: 152923,
        // Excel dates: one typed as a date, one with a late time that must stay on its day.
        购置时间: new Date(Date.UTC(2023, 4, 6)),
        有效期至: new Date(Date.UTC(2027, 1, 28, 23, 30)),
        检定机构: '阿拉善盟检验检测中心',
        证书编号: 'ALSM-2026-000001',
        器具状态: null,
      }),
    ]
    const res = await upload(auth, await ledgerFile(rows), '一月（新增）台账.xlsx').expect(200)
    expect(res.body).toEqual({ created: 2, updated: 0, unchanged: 0, failed: [], skippedInBooking: [] })

    const [scale, pump] = await rowsOf(org)
    expect(scale).toMatchObject({
      code: expect.stringMatching(/^1529212026\d{6}$/),
      name: '电子计价秤',
      kind: 'working',
      level1Code: '01',
      level2Name: '非自动衡器',
      regionCode: '152921',
      purchasedAt: '2024-03-01',
      quantity: 1,
      status: 'in_use',
      verifyStatus: 'unverified',
      validUntil: null,
      createdBy: admin._id,
    })
    expect(pump).toMatchObject({
      name: '加油机',
      level1Code: '04',
      level1Name: '燃油加油机',
      level2Code: '0401',
      origin: 'imported',
      usage: 'safety',
      deliveryMode: 'on_site',
      quantity: 3,
      regionCode: '152923',
      purchasedAt: '2023-05-06',
      validUntil: '2027-02-28',
      verifyStatus: 'verified',
      verifyResult: 'pass',
      status: 'new',
    })
    const audit = await InstrumentAudit.find({ orgId: org._id }).lean()
    expect(audit).toHaveLength(2)
    expect(audit.map((a) => [a.action, a.note])).toEqual([
      ['import', '从 一月（新增）台账.xlsx 导入'],
      ['import', '从 一月（新增）台账.xlsx 导入'],
    ])
  })

  it('reports every bad row by Excel row number and Chinese column, and writes only the good ones', async () => {
    const { org, auth } = await unit()
    const rows: (SheetRecord | null)[] = [
      scaleRow({ 出厂编号: 'M-1' }), // row 2
      scaleRow({ 器具名称: null, 器具数量: 0 }), // row 3
      scaleRow({ 器具用途: '自用' }), // row 4
      scaleRow({ 二级目录: '9999 不存在的目录' }), // row 5
      scaleRow({ 购置时间: '2099-01-01' }), // row 6
      scaleRow({ 使用地点行政区划: '152900 阿拉善盟' }), // row 7
      scaleRow({ 出厂编号: 'M-1', 器具名称: '又一台' }), // row 8: same key as row 2
      scaleRow({ 二级目录: '0401 燃油加油机' }), // row 9: not under 一级目录 01
      scaleRow({ 购置时间: '2024/2/30', 器具状态: '借出' }), // row 10
      scaleRow({ 出厂编号: 'M-2' }), // row 11
      null, // row 12: empty, skipped
      scaleRow({ 出厂编号: 'M-3', 使用地点行政区划: '阿拉善左旗' }), // row 13
      scaleRow({ 出厂编号: 'M-4' }), // row 14
    ]
    const res = await upload(auth, await ledgerFile(rows)).expect(200)
    expect(res.body).toEqual({
      created: 3,
      updated: 0,
      unchanged: 0,
      skippedInBooking: [],
      failed: [
        {
          row: 3,
          errors: [
            { column: '器具名称', message: '请填写器具名称' },
            { column: '器具数量', message: '器具数量应为正整数' },
          ],
        },
        { row: 4, errors: [{ column: '器具用途', message: '器具用途应为：贸易结算、安全防护、医疗卫生、环境监测' }] },
        { row: 5, errors: [{ column: '二级目录', message: '二级目录不在强制检定目录中：9999' }] },
        { row: 6, errors: [{ column: '购置时间', message: '购置时间不能晚于今天' }] },
        { row: 7, errors: [{ column: '使用地点行政区划', message: '使用地点行政区划应选择到区县' }] },
        { row: 8, errors: [{ column: '出厂编号', message: '与第2行的二级目录、出厂编号重复' }] },
        { row: 9, errors: [{ column: '二级目录', message: '二级目录不属于所选的一级目录' }] },
        {
          row: 10,
          errors: [
            { column: '购置时间', message: '购置时间不是有效日期' },
            { column: '器具状态', message: '器具状态应为：新增、在用、停用、报废' },
          ],
        },
        { row: 13, errors: [{ column: '使用地点行政区划', message: '使用地点行政区划应为区县的6位代码，如 152921 阿拉善左旗' }] },
      ],
    })
    expect((await rowsOf(org)).map((r) => r.serialNo)).toEqual(['M-1', 'M-2', 'M-4'])
  })

  it('adds nothing when the same file comes again, and updates what changed, with its audit entry', async () => {
    const { org, auth } = await unit()
    const rows = [scaleRow({ 出厂编号: 'R-1' }), scaleRow({ 出厂编号: 'R-2' }), scaleRow({ 出厂编号: 'R-3' })]
    expect((await upload(auth, await ledgerFile(rows)).expect(200)).body.created).toBe(3)
    const again = await upload(auth, await ledgerFile(rows)).expect(200)
    expect(again.body).toEqual({ created: 0, updated: 0, unchanged: 3, failed: [], skippedInBooking: [] })
    expect(await Instrument.countDocuments({ orgId: org._id })).toBe(3)

    rows[1] = { ...rows[1]!, '安装/使用地点': '巴彦浩特镇新华农贸市场20号摊位', 有效期至: '2027-06-30', 型号规格: null }
    const changed = await upload(auth, await ledgerFile(rows)).expect(200)
    expect(changed.body).toEqual({ created: 0, updated: 1, unchanged: 2, failed: [], skippedInBooking: [] })
    const row = await Instrument.findOne({ orgId: org._id, serialNo: 'R-2' }).lean()
    expect(row).toMatchObject({ location: '巴彦浩特镇新华农贸市场20号摊位', model: null, validUntil: '2027-06-30', verifyStatus: 'verified', version: 1 })
    const audit = await InstrumentAudit.find({ instrumentId: row!._id }).sort({ at: 1, _id: 1 }).lean()
    expect(audit.map((a) => a.action)).toEqual(['import', 'import'])
    expect(audit[1]!.changes).toEqual(
      expect.arrayContaining([
        { field: 'location', from: '巴彦浩特镇新华农贸市场12号摊位', to: '巴彦浩特镇新华农贸市场20号摊位' },
        { field: 'model', from: 'ACS-15', to: null },
        { field: 'validUntil', from: null, to: '2027-06-30' },
      ]),
    )
    expect(audit[1]!.changes).toHaveLength(3)
  })

  it('leaves an instrument in an open booking as it is and lists it', async () => {
    const { org, auth } = await unit()
    const booked = await buildInstrument({ org, serialNo: 'B-1', openBookingId: new Types.ObjectId(), verifyStatus: 'booked' })
    const idle = await buildInstrument({ org, serialNo: 'B-2' })
    const rows = [
      scaleRow({ 出厂编号: 'B-1', '安装/使用地点': '搬到了新摊位' }),
      scaleRow({ 出厂编号: 'B-2', '安装/使用地点': '搬到了新摊位' }),
    ]
    const res = await upload(auth, await ledgerFile(rows)).expect(200)
    expect(res.body).toEqual({ created: 0, updated: 1, unchanged: 0, failed: [], skippedInBooking: [{ row: 2, code: booked.code }] })
    expect(await Instrument.findById(booked._id).lean()).toMatchObject({ location: booked.location, version: 0 })
    expect(await Instrument.findById(idle._id).lean()).toMatchObject({ location: '搬到了新摊位', version: 1 })
  })

  it('applies the ledger rules to matched rows: 报废 is final, certificate fields are the certificate’s', async () => {
    const { org, auth } = await unit()
    await buildInstrument({ org, serialNo: 'S-1', status: 'scrapped' })
    await buildInstrument({ org, serialNo: 'S-2', status: 'in_use' })
    await buildInstrument({ org, serialNo: 'S-3', validUntil: '2027-01-31', certificateId: new Types.ObjectId(), status: 'in_use' })
    await buildInstrument({ org, serialNo: 'S-4', status: 'in_use' })
    const res = await upload(
      auth,
      await ledgerFile([
        scaleRow({ 出厂编号: 'S-1', 器具状态: '在用' }),
        scaleRow({ 出厂编号: 'S-2', 器具状态: '新增' }),
        scaleRow({ 出厂编号: 'S-3', 有效期至: '2030-01-31' }),
        scaleRow({ 出厂编号: 'S-4', 器具状态: '停用' }),
      ]),
    ).expect(200)
    expect(res.body.failed).toEqual([
      { row: 2, errors: [{ column: '器具状态', message: '器具已报废，不能再修改' }] },
      { row: 3, errors: [{ column: '器具状态', message: '器具状态不能从在用改为新增' }] },
      { row: 4, errors: [{ column: '有效期至', message: '由检定证书自动更新，不能手工修改' }] },
    ])
    expect(res.body.updated).toBe(1)
    expect(await Instrument.findOne({ orgId: org._id, serialNo: 'S-4' }).lean()).toMatchObject({ status: 'disabled' })
  })

  it('reports a row whose serial number another write took meanwhile, and still adds the rest', async () => {
    const { org, actor } = await unit()
    const instruments = t.app.services.instruments
    let raced = false
    const deps = {
      reference: t.app.services.reference,
      instruments: {
        today: () => instruments.today(),
        referenceErrors: instruments.referenceErrors.bind(instruments),
        write: instruments.write.bind(instruments),
        // Someone adds C-2 by hand between the check and the insert.
        insertRows: async (...args: Parameters<typeof instruments.insertRows>) => {
          if (!raced) {
            raced = true
            await buildInstrument({ org, serialNo: 'C-2' })
          }
          return instruments.insertRows(...args)
        },
      },
    }
    const rows = ['C-1', 'C-2', 'C-3'].map((s) => scaleRow({ 出厂编号: s }))
    const report = await importLedger(deps, actor, await ledgerFile(rows), { chunkSize: 3 })
    expect(report).toMatchObject({ created: 2, failed: [{ row: 3, errors: [{ column: '出厂编号', message: expect.stringContaining('本单位已有') }] }] })
    expect((await rowsOf(org)).map((r) => r.serialNo)).toEqual(['C-1', 'C-2', 'C-3'])
    // Each added row has exactly one audit entry: nothing half-written from the voided insert.
    const audit = await InstrumentAudit.find({ orgId: org._id }).lean()
    expect(audit.map((a) => a.code).sort()).toEqual((await rowsOf(org)).filter((r) => r.serialNo !== 'C-2').map((r) => r.code).sort())
  })
})

describe('refused files', () => {
  it('answers 400 for what is not an .xlsx, with no file, or without the template columns', async () => {
    const { org, auth } = await unit()
    const random = await upload(auth, randomBytes(4096), '台账.xlsx').expect(400)
    expect(random.body.error).toMatchObject({ code: 'IMPORT_FILE_INVALID', message: expect.stringContaining('不是 .xlsx') })

    const json = await t.request.post(`${api}/import`).set(auth).send({}).expect(400)
    expect(json.body.error.code).toBe('IMPORT_FILE_INVALID')
    const otherField = await t.request.post(`${api}/import`).set(auth).attach('upload', await ledgerFile([scaleRow()]), 'a.xlsx').expect(400)
    expect(otherField.body.error).toMatchObject({ code: 'IMPORT_FILE_INVALID', message: '请选择要导入的 .xlsx 文件（表单字段 file）' })

    const headers = ['名称', '二级目录', '出厂编号', '器具用途']
    const wrong = await upload(auth, await ledgerFile([{ 名称: '秤', 二级目录: '0101', 出厂编号: 'W-1', 器具用途: '贸易结算' }], headers)).expect(400)
    expect(wrong.body.error).toMatchObject({
      code: 'IMPORT_FILE_INVALID',
      message: '表头与导入模板不一致，缺少列：器具名称、器具类型、一级目录、型号规格、测量范围、准确度等级、生产厂家、器具产地、使用地点行政区划、安装/使用地点、购置时间、器具数量、送检方式、有效期至、检定机构、证书编号、器具状态',
    })
    expect(wrong.body.error.details).toContainEqual({ path: '器具名称', message: '缺少此列' })
    expect(await Instrument.countDocuments({ orgId: org._id })).toBe(0)
  })

  // Building and reading 10,001 rows takes a few seconds.
  it('answers 413 over 10,000 rows, and writes nothing', async () => {
    const { org, auth } = await unit()
    const many = Array.from({ length: 10_001 }, (_, i) => scaleRow({ 出厂编号: `T-${i}` }))
    const res = await upload(auth, await ledgerFile(many)).expect(413)
    expect(res.body.error).toEqual(expect.objectContaining({ code: 'IMPORT_TOO_LARGE', message: '文件超过10000行：一次最多导入10MB、10000行，请拆分后分批导入' }))
    expect(await Instrument.countDocuments({ orgId: org._id })).toBe(0)
  }, 30_000)

  it('answers 413 over 10 MB, and writes nothing', async () => {
    const { org, auth } = await unit()
    // Just over the limit reaches the upload parser; far over it is refused from its length.
    for (const size of [10 * 1024 * 1024 + 1, 12 * 1024 * 1024]) {
      const res = await upload(auth, randomBytes(size)).expect(413)
      expect(res.body.error).toMatchObject({ code: 'IMPORT_TOO_LARGE', message: '文件过大：一次最多导入10MB、10000行，请拆分后分批导入' })
    }
    expect(await Instrument.countDocuments({ orgId: org._id })).toBe(0)
  }, 30_000)

  it('refuses a workbook that would unpack to far more than any ledger', async () => {
    const { auth } = await unit()
    const huge = await ledgerFile([scaleRow()])
    // Patch the central directory's sizes the way a zip bomb declares them.
    const patched = Buffer.from(huge)
    for (let p = patched.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); p >= 0; p = patched.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), p + 4)) {
      patched.writeUInt32LE(100 * 1024 * 1024, p + 24)
    }
    const res = await upload(auth, patched).expect(413)
    expect(res.body.error.code).toBe('IMPORT_TOO_LARGE')
  })
})
