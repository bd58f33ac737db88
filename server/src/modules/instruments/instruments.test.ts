import { Types } from 'mongoose'
import { buildTestApp, bearer, type TestApp } from '../../../test/helpers/app'
import { buildInstrument, buildOrg, buildUser, tokenFor, validInstrumentInput } from '../../../test/helpers/factories'
import type { OrganizationDoc } from '../organizations/model'
import { seedAll } from '../../seed'
import { InstrumentAudit } from './audit.model'
import { Instrument } from './model'
import pino from 'pino'

type Auth = ReturnType<typeof bearer>
const api = '/api/v1/instruments'
let now = new Date('2026-11-27T02:00:00Z')
let t: TestApp
beforeAll(async () => {
  await seedAll({ log: pino({ level: 'silent' }) })
  t = await buildTestApp({ clock: () => now })
})
afterAll(() => t.close())

async function unit() {
  const org = await buildOrg()
  const admin = await buildUser({ org, roles: ['unit_admin'] })
  return { org, auth: bearer(tokenFor(t, admin)), admin }
}

const create = (auth: Auth, overrides: Record<string, unknown> = {}) =>
  t.request.post(api).set(auth).send(validInstrumentInput(overrides))

describe('新增', () => {
  it('generates a readable, national code and records who added it', async () => {
    const { auth, admin } = await unit()
    const res = await create(auth).expect(201)
    expect(res.body).toMatchObject({
      code: expect.stringMatching(/^1529212026\d{6}$/),
      name: '电子计价秤',
      kind: 'working',
      level1Name: '非自动衡器',
      level2Name: '非自动衡器',
      regionName: '内蒙古自治区 阿拉善盟 阿拉善左旗',
      status: 'new',
      verifyStatus: 'unverified',
      verifyResult: null,
      overdue: false,
      version: 0,
    })
    const detail = await t.request.get(`${api}/${res.body.id}`).set(auth).expect(200)
    expect(detail.body.audit).toEqual([expect.objectContaining({ action: 'create', by: { id: String(admin._id), name: admin.name } })])
    expect(detail.body.verifications).toEqual([])
  })

  it('names every wrong field in Chinese and writes nothing', async () => {
    const { auth, org } = await unit()
    const res = await create(auth, { name: '', quantity: 0, usage: 'fun', purchasedAt: '2099-01-01', serialNo: 'x'.repeat(51) }).expect(400)
    const byPath = Object.fromEntries(res.body.error.details.map((d: { path: string; message: string }) => [d.path, d.message]))
    expect(byPath).toEqual({
      name: '请填写器具名称',
      quantity: '器具数量应为正整数',
      usage: '请选择器具用途',
      purchasedAt: '购置时间不能晚于今天',
      serialNo: '出厂编号不能超过50个字',
    })
    expect(await Instrument.countDocuments({ orgId: org._id })).toBe(0)
  })

  it('checks the catalogue pair and the county against reference data', async () => {
    const { auth } = await unit()
    let res = await create(auth, { level1Code: '02', level2Code: '0101' }).expect(400)
    expect(res.body.error.details).toEqual([{ path: 'level2Code', message: '二级目录不属于所选的一级目录' }])
    res = await create(auth, { level2Code: '9999', level1Code: '99' }).expect(400)
    expect(res.body.error.details).toEqual([{ path: 'level2Code', message: '二级目录不在强制检定目录中' }])
    res = await create(auth, { regionCode: '152900' }).expect(400)
    expect(res.body.error.details).toEqual([{ path: 'regionCode', message: '使用地点行政区划应选择到区县' }])
  })

  it('refuses a second instrument with the same 二级目录 and 出厂编号', async () => {
    const { auth } = await unit()
    const first = await create(auth, { serialNo: 'DUP-1' }).expect(201)
    const res = await create(auth, { serialNo: 'DUP-1' }).expect(409)
    expect(res.body.error).toMatchObject({ code: 'DUPLICATE_SERIAL' })
    expect(res.body.error.message).toContain(first.body.code)
  })

  it('gives 50 concurrent creates 50 different codes', async () => {
    const { auth } = await unit()
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => create(auth, { serialNo: `C-${i}` })))
    expect(results.every((r) => r.status === 201)).toBe(true)
    expect(new Set(results.map((r) => r.body.code)).size).toBe(50)
  })

  it('takes an earlier paper certificate, so the row counts as verified', async () => {
    const { auth } = await unit()
    const res = await create(auth, { validUntil: '2026-11-20', certificateNo: 'ALSM-2025-000123', institutionName: '阿拉善盟检验检测中心' }).expect(201)
    expect(res.body).toMatchObject({ verifyStatus: 'verified', verifyResult: 'pass', overdue: true })
  })
})

describe('批量新增', () => {
  it('adds a batch of the same scale with counted serial numbers', async () => {
    const { auth } = await unit()
    const { serialNo: _serial, ...common } = validInstrumentInput()
    const res = await t.request.post(`${api}/bulk`).set(auth).send({ ...common, firstSerialNo: 'JS-001', count: 50 }).expect(201)
    expect(res.body.items).toHaveLength(50)
    expect(res.body.items.map((i: { serialNo: string }) => i.serialNo).slice(0, 2)).toEqual(['JS-001', 'JS-002'])
    expect(res.body.items[49].serialNo).toBe('JS-050')
    expect(new Set(res.body.items.map((i: { code: string }) => i.code)).size).toBe(50)
  })

  it('writes none of the batch when one serial is taken', async () => {
    const { auth, org } = await unit()
    await create(auth, { serialNo: 'JS-005' }).expect(201)
    const { serialNo: _serial, ...common } = validInstrumentInput()
    const res = await t.request.post(`${api}/bulk`).set(auth).send({ ...common, firstSerialNo: 'JS-001', count: 10 }).expect(409)
    expect(res.body.error.message).toContain('JS-005')
    expect(await Instrument.countDocuments({ orgId: org._id })).toBe(1)
  })
})

describe('查询', () => {
  let auth: Auth
  beforeAll(async () => {
    const u = await unit()
    auth = u.auth
    const rows = [
      { name: '电子计价秤', serialNo: 'A-1', validUntil: '2026-11-01' },
      { name: '电子台秤', serialNo: 'A-2', validUntil: '2026-12-15', certificateNo: 'CERT-7' },
      { name: '加油机', serialNo: 'B-1', level1Code: '04', level2Code: '0401', validUntil: '2027-06-01' },
      { name: '血压计', serialNo: 'C-1' },
    ]
    for (const row of rows) {
      await create(auth, row).expect(201)
      now = new Date(now.getTime() + 1000)
    }
    await create((await unit()).auth, { name: '电子计价秤', serialNo: 'A-1' }).expect(201)
  })

  const search = async (query: string) => {
    const res = await t.request.get(`${api}?${query}`).set(auth).expect(200)
    return (res.body.items as { name: string }[]).map((i) => i.name)
  }

  it('lists only the unit’s own rows, newest change first, paged', async () => {
    const res = await t.request.get(`${api}?pageSize=3`).set(auth).expect(200)
    expect(res.body).toMatchObject({ total: 4, page: 1, pageSize: 3 })
    expect(res.body.items.map((i: { name: string }) => i.name)).toEqual(['血压计', '加油机', '电子台秤'])
    expect(await search('page=2&pageSize=3')).toEqual(['电子计价秤'])
  })

  it('matches name and code partially, serial and certificate numbers exactly', async () => {
    expect(await search('name=秤')).toEqual(['电子台秤', '电子计价秤'])
    const all = await t.request.get(api).set(auth).expect(200)
    const code = all.body.items[0].code as string
    expect(await search(`code=${code.slice(-4)}`)).toEqual(['血压计'])
    expect(await search('serialNo=A-1')).toEqual(['电子计价秤'])
    expect(await search('serialNo=A-')).toEqual([])
    expect(await search('certificateNo=CERT-7')).toEqual(['电子台秤'])
    expect(await search('name=.*')).toEqual([])
    expect(await search(`q=${code.slice(-4)}`)).toEqual(['血压计'])
    expect(await search('q=台秤')).toEqual(['电子台秤'])
  })

  it('filters by status, catalogue, validity range and overdue', async () => {
    expect(await search('level2Code=0401')).toEqual(['加油机'])
    expect(await search('verifyStatus=verified')).toEqual(['加油机', '电子台秤', '电子计价秤'])
    expect(await search('status=new')).toHaveLength(4)
    expect(await search('validFrom=2026-11-15&validTo=2027-01-01')).toEqual(['电子台秤'])
    expect(await search('overdue=true')).toEqual(['电子计价秤'])
    expect(await search('overdue=false')).toEqual(['血压计', '加油机', '电子台秤'])
  })

  it('says what is wrong with a filter', async () => {
    const res = await t.request.get(`${api}?validFrom=2027-01-01&validTo=2026-01-01`).set(auth).expect(400)
    expect(res.body.error.details).toEqual([{ path: 'validTo', message: '有效期起不能晚于有效期止' }])
    const bad = await t.request.get(`${api}?status=broken`).set(auth).expect(400)
    expect(bad.body.error.details[0].path).toBe('status')
  })
})

describe('修改', () => {
  it('changes fields, bumps the version and keeps who changed what from what to what', async () => {
    const { auth } = await unit()
    const { body: row } = await create(auth, { model: 'ACS-15' }).expect(201)
    const res = await t.request.patch(`${api}/${row.id}`).set(auth).send({ version: 0, name: '电子秤', model: '' }).expect(200)
    expect(res.body).toMatchObject({ name: '电子秤', model: null, version: 1 })
    const detail = await t.request.get(`${api}/${row.id}`).set(auth).expect(200)
    expect(detail.body.audit[0]).toMatchObject({
      action: 'update',
      changes: [
        { field: 'name', label: '器具名称', from: '电子计价秤', to: '电子秤' },
        { field: 'model', label: '型号规格', from: 'ACS-15', to: null },
      ],
    })
  })

  it('refuses a stale version with 409 and overwrites nothing', async () => {
    const { auth } = await unit()
    const { body: row } = await create(auth).expect(201)
    await t.request.patch(`${api}/${row.id}`).set(auth).send({ version: 0, location: '一号摊位' }).expect(200)
    const res = await t.request.patch(`${api}/${row.id}`).set(auth).send({ version: 0, location: '二号摊位' }).expect(409)
    expect(res.body.error.code).toBe('STALE_VERSION')
    expect((await Instrument.findById(row.id).lean())!.location).toBe('一号摊位')
  })

  it('lets one of two simultaneous edits of the same version win', async () => {
    const { auth } = await unit()
    const { body: row } = await create(auth).expect(201)
    const results = await Promise.all(
      ['甲', '乙', '丙'].map((stall) => t.request.patch(`${api}/${row.id}`).set(auth).send({ version: 0, location: `${stall}摊位` })),
    )
    expect(results.map((r) => r.status).sort()).toEqual([200, 409, 409])
    const winner = results.find((r) => r.status === 200)!
    expect((await Instrument.findById(row.id).lean())).toMatchObject({ location: winner.body.location, version: 1 })
  })

  it('does not touch a scrapped instrument', async () => {
    const { auth, org } = await unit()
    const row = await buildInstrument({ org, status: 'scrapped' })
    const res = await t.request.patch(`${api}/${row._id}`).set(auth).send({ version: 0, name: '新名' }).expect(422)
    expect(res.body.error.code).toBe('INSTRUMENT_SCRAPPED')
  })

  it('freezes catalogue and region while a booking holds the instrument, not the rest', async () => {
    const { auth, org } = await unit()
    const row = await buildInstrument({ org, openBookingId: new Types.ObjectId(), verifyStatus: 'booked' })
    let res = await t.request.patch(`${api}/${row._id}`).set(auth).send({ version: 0, regionCode: '152922' }).expect(422)
    expect(res.body.error.code).toBe('INSTRUMENT_IN_BOOKING')
    res = await t.request.patch(`${api}/${row._id}`).set(auth).send({ version: 0, level1Code: '04', level2Code: '0401' }).expect(422)
    await t.request.patch(`${api}/${row._id}`).set(auth).send({ version: 0, location: '新位置' }).expect(200)
  })

  it("answers 404 for another unit's instrument and changes nothing", async () => {
    const { auth } = await unit()
    const theirs = await buildInstrument()
    await t.request.patch(`${api}/${theirs._id}`).set(auth).send({ version: 0, name: '偷改' }).expect(404)
    await t.request.delete(`${api}/${theirs._id}`).set(auth).expect(404)
    expect(await Instrument.findById(theirs._id).lean()).toMatchObject({ name: '电子计价秤', version: 0 })
  })
})

describe('删除与复制', () => {
  it('deletes, unless a booking holds it', async () => {
    const { auth, org } = await unit()
    const held = await buildInstrument({ org, openBookingId: new Types.ObjectId() })
    const res = await t.request.delete(`${api}/${held._id}`).set(auth).expect(422)
    expect(res.body.error.code).toBe('INSTRUMENT_IN_BOOKING')
    const free = await buildInstrument({ org })
    await t.request.delete(`${api}/${free._id}`).set(auth).expect(204)
    await t.request.get(`${api}/${free._id}`).set(auth).expect(404)
    expect(await InstrumentAudit.countDocuments({ instrumentId: free._id, action: 'delete' })).toBe(1)
  })

  it('copies with a new code, the next serial and no certificate', async () => {
    const { auth } = await unit()
    const { body: source } = await create(auth, { serialNo: 'JS-009', validUntil: '2027-01-01', certificateNo: 'OLD-1' }).expect(201)
    const res = await t.request.post(`${api}/${source.id}/copy`).set(auth).send({}).expect(201)
    expect(res.body).toMatchObject({ name: source.name, serialNo: 'JS-010', validUntil: null, certificateNo: null, verifyStatus: 'unverified', status: 'new' })
    expect(res.body.code).not.toBe(source.code)
    const again = await t.request.post(`${api}/${source.id}/copy`).set(auth).send({}).expect(201)
    expect(again.body.serialNo).toBe('JS-011')
    await t.request.post(`${api}/${source.id}/copy`).set(auth).send({ serialNo: 'JS-010' }).expect(409)
  })
})

describe('批量操作', () => {
  async function three(org: OrganizationDoc) {
    return Promise.all([buildInstrument({ org }), buildInstrument({ org }), buildInstrument({ org, status: 'scrapped' })])
  }

  it('disables two, refuses what cannot be done with reasons, one audit entry each', async () => {
    const { auth, org } = await unit()
    const [a, b, scrapped] = await three(org)
    const foreign = await buildInstrument()
    const res = await t.request
      .post(`${api}/batch`)
      .set(auth)
      .send({ action: 'disable', ids: [a!._id, b!._id, scrapped!._id, foreign._id].map(String) })
      .expect(200)
    expect(res.body.done).toEqual([String(a!._id), String(b!._id)])
    expect(res.body.refused).toEqual([
      { id: String(scrapped!._id), code: scrapped!.code, message: '器具已报废，不能再操作' },
      { id: String(foreign._id), code: '', message: '器具不存在' },
    ])
    expect(await Instrument.countDocuments({ _id: { $in: [a!._id, b!._id] }, status: 'disabled' })).toBe(2)
    expect(await InstrumentAudit.countDocuments({ instrumentId: { $in: [a!._id, b!._id] }, action: 'disable' })).toBe(2)
    expect((await Instrument.findById(foreign._id).lean())!.status).toBe('in_use')
  })

  it('enables, scraps (final) and deletes; a booked instrument is refused', async () => {
    const { auth, org } = await unit()
    const disabled = await buildInstrument({ org, status: 'disabled' })
    const booked = await buildInstrument({ org, openBookingId: new Types.ObjectId() })
    let res = await t.request.post(`${api}/batch`).set(auth).send({ action: 'enable', ids: [String(disabled._id)] }).expect(200)
    expect(res.body.done).toHaveLength(1)
    res = await t.request.post(`${api}/batch`).set(auth).send({ action: 'scrap', ids: [String(disabled._id), String(booked._id)] }).expect(200)
    expect(res.body.done).toEqual([String(disabled._id)])
    expect(res.body.refused[0].message).toContain('预约')
    res = await t.request.post(`${api}/batch`).set(auth).send({ action: 'enable', ids: [String(disabled._id)] }).expect(200)
    expect(res.body.refused[0].message).toBe('器具已报废，不能再操作')
    res = await t.request.post(`${api}/batch`).set(auth).send({ action: 'delete', ids: [String(disabled._id), String(booked._id)] }).expect(200)
    expect(res.body.done).toEqual([String(disabled._id)])
    expect(await Instrument.exists({ _id: booked._id })).toBeTruthy()
  })

  it('changes the 二级目录 of several at once', async () => {
    const { auth, org } = await unit()
    const [a, b] = await three(org)
    const res = await t.request.post(`${api}/batch`).set(auth).send({ action: 'setCatalogue', ids: [String(a!._id), String(b!._id)], level2Code: '0401' }).expect(200)
    expect(res.body.done).toHaveLength(2)
    expect(await Instrument.findById(a!._id).lean()).toMatchObject({ level1Code: '04', level2Code: '0401' })
    const bad = await t.request.post(`${api}/batch`).set(auth).send({ action: 'setCatalogue', ids: [String(a!._id)] }).expect(400)
    expect(bad.body.error.details).toEqual([{ path: 'level2Code', message: '请选择二级目录' }])
  })
})
