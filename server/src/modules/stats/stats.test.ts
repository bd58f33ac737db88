import { Types } from 'mongoose'
import type { BookingStatus } from '@qjt/shared'
import { buildTestApp, bearer, type TestApp } from '../../../test/helpers/app'
import { buildInstrument, buildOrg, buildUser, tokenFor } from '../../../test/helpers/factories'
import { binary, openWorkbook, readRecords } from '../instruments/excel/test-helpers'
import type { InstrumentDoc } from '../instruments/model'
import type { OrganizationDoc } from '../organizations/model'
import { Booking } from '../bookings/model'
import { Certificate } from '../certificates/model'
import { DETAIL_SHEET, SUMMARY_SHEET } from './export'

type Auth = ReturnType<typeof bearer>
const api = '/api/v1/stats'
let t: TestApp

/** 2026-11-27 10:00 in China. */
const NOW = new Date('2026-11-27T02:00:00Z')

const ALXA = '152900' // 阿拉善盟: 阿拉善左旗 152921, 阿拉善右旗 152922, 额济纳旗 152923
const BAOTOU = '150200' // 包头市: 昆都仑区 150203 …

let alxa: Auth
let baotou: Auth
let province: Auth
let unitUser: Auth
let market: OrganizationDoc
let station: OrganizationDoc
let factory: OrganizationDoc
const overdueRows: Record<string, InstrumentDoc> = {}

async function regulator(regionCode: string) {
  const org = await buildOrg({ type: 'regulator', name: `市场监督管理局${regionCode}`, regionCode, contactPhone: '' })
  return bearer(tokenFor(t, await buildUser({ org, roles: ['regulator'] })))
}

const scale = (org: OrganizationDoc, fields: Partial<InstrumentDoc>) => buildInstrument({ org, regionCode: org.regionCode, ...fields })
const verified = { verifyStatus: 'verified', verifyResult: 'pass' } as const

let bookingSeq = 0
async function booking(org: OrganizationDoc, status: BookingStatus, regionCode: string, createdAt: string) {
  bookingSeq += 1
  const b = await Booking.create({
    orgId: org._id,
    no: `20260101${String(bookingSeq).padStart(5, '0')}`,
    status,
    items: [
      { instrumentId: new Types.ObjectId(), code: 'X', name: '电子计价秤', level2Code: '0101', level2Name: '非自动衡器', serialNo: `S${bookingSeq}`, regionCode, deliveryMode: 'send_in' },
    ],
  })
  // createdAt is immutable to mongoose; the driver sets the year the booking belongs to.
  await Booking.collection.updateOne({ _id: b._id }, { $set: { createdAt: new Date(createdAt) } })
}

let certSeq = 0
async function certificate(fields: {
  instrumentId: Types.ObjectId
  regionCode: string
  verifiedAt: string
  conclusion: 'pass' | 'fail'
  previousValidUntil: string | null
  issuedAt?: Date
  revokedAt?: Date
}) {
  certSeq += 1
  const { regionCode, ...rest } = fields
  await Certificate.create({
    no: `ALSM-2026-${String(certSeq).padStart(6, '0')}`,
    type: fields.conclusion === 'pass' ? 'certificate' : 'notice',
    conclusionText: fields.conclusion === 'pass' ? '合格' : '不合格',
    orgId: market._id,
    institutionId: new Types.ObjectId(),
    recordId: new Types.ObjectId(),
    taskId: new Types.ObjectId(),
    bookingId: new Types.ObjectId(),
    instrument: { code: 'X', name: '电子计价秤', serialNo: 'S', level1Code: '01', level2Code: '0101', level2Name: '非自动衡器', regionCode },
    regulation: 'JJG 539-2016',
    place: '实验室',
    keyId: 'dev',
    issuedAt: new Date(`${fields.verifiedAt}T08:00:00+08:00`),
    ...rest,
  })
}

beforeAll(async () => {
  t = await buildTestApp({ clock: () => NOW })
  ;[alxa, baotou, province] = await Promise.all([regulator(ALXA), regulator(BAOTOU), regulator('150000')])
  market = await buildOrg({ name: '巴彦浩特农贸市场', regionCode: '152921', contactPhone: '13912345678' })
  station = await buildOrg({ name: '额济纳旗加油站', regionCode: '152923', contactPhone: '13800000001' })
  factory = await buildOrg({ name: '包头钢铁配件厂', regionCode: '150203', contactPhone: '13800000002' })
  unitUser = bearer(tokenFor(t, await buildUser({ org: market, roles: ['unit_admin'] })))

  // 阿拉善左旗: one overdue scale, one valid, one scrapped long ago, one new, one disabled water meter a day overdue.
  overdueRows.marketScale = await scale(market, { ...verified, validUntil: '2026-10-01', name: '电子计价秤' })
  await scale(market, { ...verified, validUntil: '2027-05-01' })
  await scale(market, { ...verified, validUntil: '2020-01-01', status: 'scrapped' })
  await scale(market, { status: 'new' })
  overdueRows.marketMeter = await scale(market, {
    verifyStatus: 'verified',
    validUntil: '2026-11-26',
    status: 'disabled',
    name: '户用水表',
    level1Code: '07',
    level1Name: '水表',
    level2Code: '0701',
    level2Name: '水表',
  })
  // Valid until today: not overdue yet.
  await scale(market, { ...verified, validUntil: '2026-11-27' })
  // 额济纳旗: two overdue scales.
  overdueRows.station1 = await scale(station, { ...verified, validUntil: '2026-11-01', name: '加油机旁电子秤' })
  overdueRows.station2 = await scale(station, { ...verified, validUntil: '2026-11-20', name: '电子台秤' })
  // 包头: the factory's overdue scales, and one of the market's used there.
  await scale(factory, { ...verified, validUntil: '2026-09-01' })
  await scale(factory, { ...verified, validUntil: '2026-09-02' })
  await scale(market, { ...verified, validUntil: '2026-08-01', regionCode: '150203' })

  await booking(market, 'completed', '152921', '2026-03-01T10:00:00+08:00')
  await booking(market, 'draft', '152921', '2026-11-01T10:00:00+08:00')
  await booking(station, 'submitted', '152923', '2026-01-01T00:30:00+08:00')
  await booking(station, 'completed', '152923', '2025-12-31T23:30:00+08:00')
  await booking(factory, 'accepted', '150203', '2026-05-01T10:00:00+08:00')

  const [x, y, z, w, u, v] = Array.from({ length: 6 }, () => new Types.ObjectId())
  await certificate({ instrumentId: x!, regionCode: '152921', verifiedAt: '2026-03-01', conclusion: 'pass', previousValidUntil: '2026-03-10' })
  // Re-issued (a new number for the same verification): counted once.
  await certificate({ instrumentId: x!, regionCode: '152921', verifiedAt: '2026-03-01', conclusion: 'pass', previousValidUntil: '2026-03-10', issuedAt: new Date('2026-03-05T02:00:00Z') })
  // On its last valid day: on time.
  await certificate({ instrumentId: y!, regionCode: '152923', verifiedAt: '2026-04-01', conclusion: 'fail', previousValidUntil: '2026-04-01' })
  // A first verification.
  await certificate({ instrumentId: z!, regionCode: '152921', verifiedAt: '2026-05-01', conclusion: 'pass', previousValidUntil: null })
  // A day late.
  await certificate({ instrumentId: u!, regionCode: '152923', verifiedAt: '2026-07-02', conclusion: 'pass', previousValidUntil: '2026-07-01' })
  // Revoked, another year, another division: none of them count.
  await certificate({ instrumentId: w!, regionCode: '152921', verifiedAt: '2026-06-01', conclusion: 'fail', previousValidUntil: '2026-01-01', revokedAt: new Date('2026-06-02T00:00:00Z') })
  await certificate({ instrumentId: v!, regionCode: '152921', verifiedAt: '2025-12-31', conclusion: 'fail', previousValidUntil: '2025-01-01' })
  await certificate({ instrumentId: v!, regionCode: '150203', verifiedAt: '2026-02-01', conclusion: 'fail', previousValidUntil: '2025-01-01' })
})
afterAll(() => t.close())

describe('GET /stats/overview', () => {
  it('is for regulators only', async () => {
    await t.request.get(`${api}/overview`).expect(401)
    const res = await t.request.get(`${api}/overview`).set(unitUser).expect(403)
    expect(res.body.error.code).toBe('FORBIDDEN')
  })

  it('counts the division’s instruments, overdue ones, the year’s bookings and the verification rates', async () => {
    const res = await t.request.get(`${api}/overview?year=2026`).set(alxa).expect(200)
    expect(res.body).toEqual({
      regionCode: ALXA,
      regionName: '阿拉善盟',
      year: 2026,
      instruments: {
        total: 8,
        byStatus: { new: 1, in_use: 5, disabled: 1, scrapped: 1 },
        byVerifyStatus: { unverified: 1, booked: 0, verifying: 0, verified: 7 },
        overdue: 4,
      },
      byCatalogue: [
        { level1Code: '01', level1Name: '非自动衡器', count: 7, overdue: 3 },
        { level1Code: '07', level1Name: '水表', count: 1, overdue: 1 },
      ],
      bookings: { total: 3, byStatus: { draft: 1, submitted: 1, accepted: 0, returned: 0, in_progress: 0, completed: 1, withdrawn: 0 } },
      // x pass on time, y fail on time (its last day), z pass (first), u pass a day late.
      verifications: 4,
      passRate: 0.75,
      onTimeRate: 0.75,
    })
  })

  it('takes the current year by default, and another on request', async () => {
    expect((await t.request.get(`${api}/overview`).set(alxa).expect(200)).body).toMatchObject({ year: 2026, verifications: 4 })
    const past = (await t.request.get(`${api}/overview?year=2025`).set(alxa).expect(200)).body
    expect(past).toMatchObject({ year: 2025, verifications: 1, passRate: 0, onTimeRate: 0, bookings: { total: 1, byStatus: { completed: 1 } } })
    expect((await t.request.get(`${api}/overview?year=2024`).set(alxa).expect(200)).body).toMatchObject({ verifications: 0, passRate: null, onTimeRate: null })
    const bad = await t.request.get(`${api}/overview?year=1999`).set(alxa).expect(400)
    expect(bad.body.error.details[0].path).toBe('year')
  })

  it('never shows another division: 阿拉善盟 does not see 包头, whose regulator sees only its own', async () => {
    const res = await t.request.get(`${api}/overview`).set(baotou).expect(200)
    expect(res.body).toMatchObject({
      regionCode: BAOTOU,
      regionName: '包头市',
      instruments: { total: 3, overdue: 3 },
      bookings: { total: 1, byStatus: { accepted: 1 } },
      verifications: 1,
    })
  })

  it('narrows to a division inside the caller’s, and refuses one outside it', async () => {
    const county = await t.request.get(`${api}/overview?regionCode=152923`).set(alxa).expect(200)
    expect(county.body).toMatchObject({ regionCode: '152923', regionName: '额济纳旗', instruments: { total: 2, overdue: 2 }, verifications: 2 })
    const whole = await t.request.get(`${api}/overview?regionCode=150000`).set(province).expect(200)
    expect(whole.body).toMatchObject({ regionName: '内蒙古自治区', instruments: { total: 11, overdue: 7 } })
    const city = await t.request.get(`${api}/overview?regionCode=${ALXA}`).set(province).expect(200)
    expect(city.body.instruments).toMatchObject({ total: 8, overdue: 4 })

    const outside = await t.request.get(`${api}/overview?regionCode=150203`).set(alxa).expect(403)
    expect(outside.body.error.code).toBe('REGION_OUT_OF_SCOPE')
    const above = await t.request.get(`${api}/overview?regionCode=150000`).set(alxa).expect(403)
    expect(above.body.error.code).toBe('REGION_OUT_OF_SCOPE')
    const unknown = await t.request.get(`${api}/overview?regionCode=159999`).set(alxa).expect(404)
    expect(unknown.body.error.code).toBe('REGION_NOT_FOUND')
    await t.request.get(`${api}/overview?regionCode=15`).set(alxa).expect(400)
  })
})

describe('GET /stats/overdue', () => {
  it('groups by county of use, largest first', async () => {
    const res = await t.request.get(`${api}/overdue?groupBy=region`).set(alxa).expect(200)
    expect(res.body).toEqual({
      items: [
        { key: '152921', label: '阿拉善左旗', count: 2 },
        { key: '152923', label: '额济纳旗', count: 2 },
      ],
      total: 2,
      page: 1,
      pageSize: 10,
    })
    // A province's regulator reads counties with their city.
    const wide = await t.request.get(`${api}/overdue`).set(province).expect(200)
    expect(wide.body.items[0]).toEqual({ key: '150203', label: '包头市 昆都仑区', count: 3 })
  })

  it('groups by unit, with where and whom to call, and pages', async () => {
    const res = await t.request.get(`${api}/overdue?groupBy=unit`).set(alxa).expect(200)
    expect(res.body.items).toEqual([
      { key: String(market._id), label: '巴彦浩特农贸市场', count: 2, regionName: '阿拉善盟 阿拉善左旗', contactPhone: '13912345678' },
      { key: String(station._id), label: '额济纳旗加油站', count: 2, regionName: '阿拉善盟 额济纳旗', contactPhone: '13800000001' },
    ])
    const second = await t.request.get(`${api}/overdue?groupBy=unit&page=2&pageSize=1`).set(alxa).expect(200)
    expect(second.body).toMatchObject({ items: [{ label: '额济纳旗加油站' }], total: 2, page: 2, pageSize: 1 })
    expect((await t.request.get(`${api}/overdue?groupBy=unit&page=3&pageSize=1`).set(alxa).expect(200)).body).toMatchObject({ items: [], total: 2 })

    // 包头 sees the factory, and the market only for its scale used there.
    const theirs = await t.request.get(`${api}/overdue?groupBy=unit`).set(baotou).expect(200)
    expect(theirs.body.items.map((r: { label: string; count: number }) => [r.label, r.count])).toEqual([
      ['包头钢铁配件厂', 2],
      ['巴彦浩特农贸市场', 1],
    ])
  })

  it('groups by 一级目录', async () => {
    const res = await t.request.get(`${api}/overdue?groupBy=catalogue`).set(alxa).expect(200)
    expect(res.body.items).toEqual([
      { key: '01', label: '非自动衡器', count: 3 },
      { key: '07', label: '水表', count: 1 },
    ])
  })

  it('checks its query and its caller', async () => {
    await t.request.get(`${api}/overdue?groupBy=colour`).set(alxa).expect(400)
    await t.request.get(`${api}/overdue?pageSize=101`).set(alxa).expect(400)
    await t.request.get(`${api}/overdue?regionCode=150203`).set(alxa).expect(403)
    await t.request.get(`${api}/overdue`).set(unitUser).expect(403)
  })
})

describe('GET /stats/overdue/export', () => {
  const exportOf = async (auth: Auth, query: string) => {
    const res = await t.request.get(`${api}/overdue/export${query}`).set(auth).buffer(true).parse(binary).expect(200)
    return { res, workbook: await openWorkbook(res.body as Buffer) }
  }

  it('writes the unit grouping with Chinese headers, and every overdue instrument with its days overdue', async () => {
    const { res, workbook } = await exportOf(alxa, '?groupBy=unit')
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="overdue_${ALXA}_unit_2026-11-27.xlsx"; filename*=UTF-8''${encodeURIComponent('逾期器具_阿拉善盟_按单位_2026-11-27.xlsx')}`,
    )
    expect(workbook.worksheets.map((s) => s.name)).toEqual([SUMMARY_SHEET, DETAIL_SHEET])
    expect(readRecords(workbook.getWorksheet(SUMMARY_SHEET)!)).toEqual([
      { 使用单位: '巴彦浩特农贸市场', 所在地区: '阿拉善盟 阿拉善左旗', 联系电话: '13912345678', 逾期器具数: 2 },
      { 使用单位: '额济纳旗加油站', 所在地区: '阿拉善盟 额济纳旗', 联系电话: '13800000001', 逾期器具数: 2 },
    ])
    const detail = workbook.getWorksheet(DETAIL_SHEET)!
    const headers: unknown[] = []
    detail.getRow(1).eachCell((cell) => headers.push(cell.value))
    expect(headers).toEqual(['使用单位', '器具编码', '器具名称', '二级目录', '有效期至', '逾期天数', '联系电话'])
    const row = (r: InstrumentDoc, unit: OrganizationDoc, days: number) => ({
      使用单位: unit.name,
      器具编码: r.code,
      器具名称: r.name,
      二级目录: r.level2Name,
      有效期至: r.validUntil,
      逾期天数: days,
      联系电话: unit.contactPhone,
    })
    expect(readRecords(detail)).toEqual([
      row(overdueRows.marketScale!, market, 57),
      row(overdueRows.marketMeter!, market, 1),
      row(overdueRows.station1!, station, 26),
      row(overdueRows.station2!, station, 7),
    ])
  })

  it('writes the other groupings as one sheet, and refuses a division outside the caller’s', async () => {
    const { workbook } = await exportOf(alxa, '?groupBy=catalogue')
    expect(workbook.worksheets.map((s) => s.name)).toEqual([SUMMARY_SHEET])
    expect(readRecords(workbook.getWorksheet(SUMMARY_SHEET)!)).toEqual([
      { 一级目录代码: '01', 一级目录: '非自动衡器', 逾期器具数: 3 },
      { 一级目录代码: '07', 一级目录: '水表', 逾期器具数: 1 },
    ])
    const region = await exportOf(province, '?groupBy=region&regionCode=152900')
    expect(readRecords(region.workbook.getWorksheet(SUMMARY_SHEET)!)).toEqual([
      { 行政区划代码: '152921', 地区: '阿拉善左旗', 逾期器具数: 2 },
      { 行政区划代码: '152923', 地区: '额济纳旗', 逾期器具数: 2 },
    ])

    const refused = await t.request.get(`${api}/overdue/export?regionCode=150203`).set(alxa).expect(403)
    expect(refused.body.error.code).toBe('REGION_OUT_OF_SCOPE')
    await t.request.get(`${api}/overdue/export?page=1`).set(alxa).expect(400)
    await t.request.get(`${api}/overdue/export`).set(unitUser).expect(403)
  })
})
