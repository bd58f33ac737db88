import shipped from '../../seed/data/catalogue.json'
import faqs from '../../seed/data/faq.json'
import { seedFaqs } from '../../seed/faqs'
import { buildTestApp, bearer, type TestApp } from '../../../test/helpers/app'
import { buildOrg, buildUser, tokenFor } from '../../../test/helpers/factories'

let t: TestApp
let token: string

beforeAll(async () => {
  t = await buildTestApp()
  await t.app.services.reference.loadCatalogue(shipped, { origin: 'seed' })
  await seedFaqs(faqs)
  await buildOrg({ type: 'institution', name: '阿拉善盟检验检测中心', shortCode: 'ALSM', phone: '0483-8350096' })
  await t.app.services.reference.loadAuthorizations([{ institution: 'ALSM', regionCode: '152900', level2Codes: ['0101', '0401'] }])
  // Reference data is for everyone logged in, with or without an organization.
  token = tokenFor(t, await buildUser())
})
afterAll(() => t.close())

const get = (path: string) => t.request.get(`/api/v1${path}`).set(bearer(token))

describe('GET /catalogue', () => {
  it('needs a login', async () => {
    const res = await t.request.get('/api/v1/catalogue').expect(401)
    expect(res.body.error.code).toBe('UNAUTHENTICATED')
  })

  it('returns the two-level catalogue', async () => {
    const res = await get('/catalogue').expect(200)
    expect(res.body).toHaveLength(23)
    expect(res.body[3]).toEqual({
      code: '04',
      name: '燃油加油机',
      children: [{ code: '0401', name: '燃油加油机', mode: 'periodic', periodMonths: 6, usageLimitMonths: null, regulations: ['JJG 443-2023 (试行)'] }],
    })
  })

  it('refuses query parameters it does not know', async () => {
    const res = await get('/catalogue?all=1').expect(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
  })
})

describe('GET /regions', () => {
  it('lists provinces, then children of a division', async () => {
    expect((await get('/regions').expect(200)).body).toContainEqual({ code: '150000', name: '内蒙古自治区', hasChildren: true })
    expect((await get('/regions?parent=152900').expect(200)).body).toContainEqual({ code: '152921', name: '阿拉善左旗', hasChildren: false })
    expect((await get('/regions?parent=152921').expect(200)).body).toEqual([])
  })

  it('answers 400 for a malformed code and 404 for an unknown one', async () => {
    const bad = await get('/regions?parent=15').expect(400)
    expect(bad.body.error).toMatchObject({ code: 'VALIDATION_FAILED', message: '上级行政区划代码应为6位数字' })
    const unknown = await get('/regions?parent=999999').expect(404)
    expect(unknown.body.error).toMatchObject({ code: 'NOT_FOUND', message: '行政区划不存在' })
  })
})

describe('GET /institutions', () => {
  it('lists the directory, filtered by the division served', async () => {
    const all = await get('/institutions').expect(200)
    expect(all.body).toEqual([
      expect.objectContaining({
        name: '阿拉善盟检验检测中心',
        phone: '0483-8350096',
        authorizations: [{ regionCode: '152900', regionName: '内蒙古自治区 阿拉善盟', level2Codes: ['0101', '0401'] }],
      }),
    ])
    expect((await get('/institutions?regionCode=152923').expect(200)).body).toHaveLength(1)
    expect((await get('/institutions?regionCode=110101').expect(200)).body).toEqual([])
    expect((await get('/institutions?regionCode=abc').expect(400)).body.error.code).toBe('VALIDATION_FAILED')
  })
})

describe('GET /faqs', () => {
  it('lists the FAQs in order, with their sources', async () => {
    const res = await get('/faqs').expect(200)
    expect(res.body).toHaveLength(faqs.items.length)
    expect(res.body[0]).toEqual({ id: expect.any(String), ...faqs.items[0] })
  })
})

it('describes every reference route and its response in the OpenAPI document', async () => {
  const doc = (await t.request.get('/api/v1/openapi.json').expect(200)).body
  for (const path of ['/catalogue', '/regions', '/institutions', '/faqs']) {
    expect(doc.paths[path].get).toMatchObject({ 'x-permission': 'reference.read', tags: ['reference'] })
    expect(doc.paths[path].get.responses['200'].content['application/json'].schema.type).toBe('array')
  }
  expect(doc.paths['/regions'].get.parameters).toEqual([expect.objectContaining({ name: 'parent', in: 'query', required: false })])
})
