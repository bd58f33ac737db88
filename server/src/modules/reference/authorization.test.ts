import shipped from '../../seed/data/catalogue.json'
import { AppError } from '../../core/errors'
import { Organization, type OrganizationDoc } from '../organizations/model'
import { Authorization } from './authorization.model'
import { ReferenceService } from './service'

const reference = new ReferenceService()

let seq = 0
async function institution(name: string, regionCode = '152921'): Promise<OrganizationDoc> {
  seq++
  const org = await Organization.create({
    type: 'institution',
    name,
    regionCode,
    address: `${name}地址`,
    phone: `0483-80000${String(seq).padStart(2, '0')}`,
    shortCode: `T${String(seq).padStart(3, '0')}`,
  })
  return org.toObject()
}

async function rejects(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

const snapshot = () => Authorization.find({}, { _id: 0, createdAt: 0, updatedAt: 0 }).sort({ institutionId: 1, regionCode: 1 }).lean()

let county: OrganizationDoc // 阿拉善左旗 only
let city: OrganizationDoc // all of 阿拉善盟
let province: OrganizationDoc // all of 内蒙古
let beijing: OrganizationDoc

beforeAll(async () => {
  await reference.loadCatalogue(shipped, { origin: 'seed' })
  county = await institution('阿拉善左旗计量检定所')
  city = await institution('阿拉善盟检验检测中心')
  province = await institution('内蒙古自治区计量测试研究院', '150102')
  beijing = await institution('北京市计量检测科学研究院', '110105')
  await reference.loadAuthorizations([
    { institution: county.shortCode!, regionCode: '152921', level2Codes: ['0101'] },
    { institution: city.shortCode!, regionCode: '152900', level2Codes: ['0101', '0401'] },
    { institution: province.shortCode!, regionCode: '150000', level2Codes: ['0101', '0401', '1301'] },
    { institution: String(beijing._id), regionCode: '110000', level2Codes: ['0101'] },
  ])
})

describe('institutionFor (就地就近)', () => {
  it('prefers the county, then the city, then the province', async () => {
    expect(await reference.institutionFor('152921', '0101')).toMatchObject({
      institutionId: String(county._id),
      name: county.name,
      shortCode: county.shortCode,
      regionCode: '152921',
      level: 'county',
    })
    expect(await reference.institutionFor('152921', '0401')).toMatchObject({ institutionId: String(city._id), level: 'city', regionCode: '152900' })
    expect(await reference.institutionFor('152922', '0101')).toMatchObject({ institutionId: String(city._id), level: 'city' })
    expect(await reference.institutionFor('150102', '0101')).toMatchObject({ institutionId: String(province._id), level: 'province' })
    expect(await reference.institutionFor('152921', '1301')).toMatchObject({ institutionId: String(province._id), regionCode: '150000' })
  })

  it('returns null when nobody covers the county or the kind is not authorized there', async () => {
    expect(await reference.institutionFor('440301', '0101')).toBeNull()
    expect(await reference.institutionFor('152921', '0701')).toBeNull()
    expect(await reference.institutionFor('152921', '9999')).toBeNull()
    // A city or province code is not where an instrument is used.
    expect(await reference.institutionFor('152900', '0101')).toBeNull()
    expect(await reference.institutionFor('999999', '0101')).toBeNull()
  })

  it('breaks a tie between equally near institutions the same way every time (first created wins)', async () => {
    const second = await institution('阿拉善右旗计量所', '152922')
    const third = await institution('额济纳旗计量所', '152923')
    await reference.loadAuthorizations([
      { institution: third.shortCode!, regionCode: '152922', level2Codes: ['0501'] },
      { institution: second.shortCode!, regionCode: '152922', level2Codes: ['0501'] },
    ])
    for (let i = 0; i < 3; i++) {
      expect((await reference.institutionFor('152922', '0501'))?.institutionId).toBe(String(second._id))
    }
  })

  it('answers many instruments at once, in the order asked', async () => {
    const answers = await reference.institutionsFor([
      { countyCode: '152921', level2Code: '0101' },
      { countyCode: '440301', level2Code: '0101' },
      { countyCode: '152921', level2Code: '0401' },
    ])
    expect(answers.map((a) => a?.institutionId ?? null)).toEqual([String(county._id), null, String(city._id)])
  })

  it('ignores an authorization whose organization is no longer an institution', async () => {
    const gone = await institution('已撤销的机构', '441900')
    await reference.loadAuthorizations([{ institution: gone.shortCode!, regionCode: '441900', level2Codes: ['0101'] }])
    expect(await reference.institutionFor('441900', '0101')).toMatchObject({ institutionId: String(gone._id), level: 'county' })
    await Organization.updateOne({ _id: gone._id }, { $set: { type: 'unit' }, $unset: { shortCode: 1 } })
    expect(await reference.institutionFor('441900', '0101')).toBeNull()
    await Organization.deleteOne({ _id: gone._id })
    await Authorization.deleteMany({ institutionId: gone._id })
  })
})

describe('the institution directory', () => {
  const names = (list: { name: string }[]) => list.map((i) => i.name)

  it('lists every institution with address, phone and authorizations', async () => {
    const all = await reference.institutions()
    expect(names(all)).toEqual(expect.arrayContaining([county.name, city.name, province.name, beijing.name]))
    const entry = all.find((i) => i.id === String(city._id))!
    expect(entry).toEqual({
      id: String(city._id),
      name: city.name,
      address: city.address,
      phone: city.phone,
      regionCode: '152921',
      regionName: '内蒙古自治区 阿拉善盟 阿拉善左旗',
      authorizations: [{ regionCode: '152900', regionName: '内蒙古自治区 阿拉善盟', level2Codes: ['0101', '0401'] }],
    })
  })

  it('for a county: those authorized for it, its city or its province, nearest first', async () => {
    expect(names(await reference.institutions('152921'))).toEqual([county.name, city.name, province.name])
    expect(names(await reference.institutions('152923'))).toEqual([city.name, province.name])
    expect(names(await reference.institutions('150102'))).toEqual([province.name])
  })

  it('for a city or a province: also those serving a division inside it', async () => {
    expect(names(await reference.institutions('152900'))).toEqual(expect.arrayContaining([county.name, city.name, province.name]))
    expect(names(await reference.institutions('152900'))).not.toContain(beijing.name)
    expect(names(await reference.institutions('150000'))).toEqual(expect.arrayContaining([county.name, city.name, province.name]))
    expect(names(await reference.institutions('110000'))).toEqual([beijing.name])
    expect(await reference.institutions('440300')).toEqual([])
  })

  it('answers 404 for an unknown division', async () => {
    expect((await rejects(reference.institutions('999999'))).status).toBe(404)
  })
})

describe('loading an authorization table', () => {
  it('refuses an unknown division, kind or institution, naming every row, and writes nothing', async () => {
    const before = await snapshot()
    const err = await rejects(
      reference.loadAuthorizations([
        { institution: county.shortCode!, regionCode: '152921', level2Codes: ['0101', '0401'] },
        { institution: county.shortCode!, regionCode: '999999', level2Codes: ['0101'] },
        { institution: county.shortCode!, regionCode: '152922', level2Codes: ['0101', '9999'] },
        { institution: 'NOPE', regionCode: '152922', level2Codes: ['0101'] },
      ]),
    )
    expect(err.code).toBe('VALIDATION_FAILED')
    expect(err.details!.map((d) => d.message)).toEqual([
      '第2行：行政区划代码 999999 不存在',
      '第3行：二级目录代码 9999 不在强制检定目录中',
      '第4行：检定机构 NOPE 不存在',
    ])
    expect(await snapshot()).toEqual(before)
  })

  it('refuses an organization that is not an institution, and malformed rows', async () => {
    const unit = await Organization.create({ type: 'unit', name: '某农贸市场', regionCode: '152921', address: '某地址' })
    const err = await rejects(reference.loadAuthorizations([{ institution: String(unit._id), regionCode: '152921', level2Codes: ['0101'] }]))
    expect(err.message).toBe('第1行：某农贸市场 不是检定机构')
    const malformed = await rejects(reference.loadAuthorizations([{ institution: 'T001', regionCode: '15292', level2Codes: [] }]))
    expect(malformed.details!.map((d) => d.path)).toEqual(['0.regionCode', '0.level2Codes'])
    expect((await rejects(reference.loadAuthorizations([]))).code).toBe('VALIDATION_FAILED')
  })

  it("replaces an institution's table with the rows given, merging repeats, and is idempotent", async () => {
    const inst = await institution('替换测试机构', '152923')
    const first = await reference.loadAuthorizations([
      { institution: inst.shortCode!.toLowerCase(), regionCode: '152923', level2Codes: ['0401', '0101'] },
      { institution: inst.shortCode!, regionCode: '152923', level2Codes: ['0101', '1301'] },
      { institution: inst.shortCode!, regionCode: '152922', level2Codes: ['0101'] },
    ])
    expect(first).toMatchObject({ rows: 3, institutions: [inst.shortCode], created: 2, updated: 0, unchanged: 0, removed: 0 })
    const rows = await Authorization.find({ institutionId: inst._id }).sort({ regionCode: 1 }).lean()
    expect(rows.map((r) => [r.regionCode, r.regionLevel, r.level2Codes])).toEqual([
      ['152922', 'county', ['0101']],
      ['152923', 'county', ['0101', '0401', '1301']],
    ])

    const again = await reference.loadAuthorizations([
      { institution: inst.shortCode!, regionCode: '152923', level2Codes: ['1301', '0401', '0101'] },
      { institution: inst.shortCode!, regionCode: '152922', level2Codes: ['0101'] },
    ])
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 2, removed: 0 })

    const others = await snapshot().then((all) => all.filter((r) => String(r.institutionId) !== String(inst._id)))
    const replaced = await reference.loadAuthorizations([{ institution: inst.shortCode!, regionCode: '152923', level2Codes: ['0101'] }])
    expect(replaced).toMatchObject({ created: 0, updated: 1, unchanged: 0, removed: 1 })
    expect(await Authorization.find({ institutionId: inst._id }, { regionCode: 1, level2Codes: 1, _id: 0 }).lean()).toEqual([
      { regionCode: '152923', level2Codes: ['0101'] },
    ])
    // Other institutions' rows are untouched.
    expect(await snapshot().then((all) => all.filter((r) => String(r.institutionId) !== String(inst._id)))).toEqual(others)
  })

  it('records the level of a city or province row', async () => {
    expect((await Authorization.findOne({ institutionId: city._id }).lean())!.regionLevel).toBe('city')
    expect((await Authorization.findOne({ institutionId: province._id }).lean())!.regionLevel).toBe('province')
  })
})
