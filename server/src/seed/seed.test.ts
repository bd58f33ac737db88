import pino from 'pino'
import { countiesWithin } from '@qjt/shared/regions'
import '../models'
import { User } from '../modules/auth/user.model'
import { Organization } from '../modules/organizations/model'
import { Authorization } from '../modules/reference/authorization.model'
import { CatalogueItem, CatalogueMeta } from '../modules/reference/catalogue.model'
import { Faq } from '../modules/reference/faq.model'
import { ReferenceService } from '../modules/reference/service'
import shipped from './data/catalogue.json'
import { describeSeedReport, seedAll } from '.'
import { DEMO_INSTITUTION, DEMO_USERS } from './demo'
import { faqDigest } from './faqs'

const log = pino({ level: 'silent' })
const clock = () => new Date('2025-03-01T08:00:00+08:00')
const reference = new ReferenceService()

/** Every document of the seeded collections, without timestamps that a no-op write would not touch anyway. */
async function everything() {
  const [catalogue, meta, faqs, orgs, auths, users] = await Promise.all([
    CatalogueItem.find().sort({ code: 1 }).lean(),
    CatalogueMeta.find().lean(),
    Faq.find().sort({ order: 1 }).lean(),
    Organization.find().sort({ _id: 1 }).lean(),
    Authorization.find().sort({ _id: 1 }).lean(),
    User.find().sort({ _id: 1 }).lean(),
  ])
  return { catalogue, meta, faqs, orgs, auths, users }
}

describe('seedAll', () => {
  let first: Awaited<ReturnType<typeof seedAll>>

  beforeAll(async () => {
    first = await seedAll({ log, clock })
  })

  it('creates the reference and demo data', () => {
    expect(first.catalogue).toEqual({ items: 23, kinds: 23, created: 23, updated: 0, unchanged: 0, kept: 0 })
    expect(first.faqs).toEqual({ created: 16, updated: 0, unchanged: 0, kept: 0 })
    expect(first.organizations).toEqual({
      阿拉善盟检验检测中心: 'created',
      阿拉善盟市场监督管理局: 'created',
      强检通客服中心: 'created',
      巴彦浩特示例农贸市场: 'created',
    })
    expect(first.authorizations).toEqual({ change: 'created', rows: countiesWithin('152900').length })
    expect(Object.values(first.users)).toEqual(DEMO_USERS.map(() => 'created'))
    expect(describeSeedReport(first)).toContain('user demo-inst: created')
  })

  it('changes nothing and duplicates nothing the second time', async () => {
    const before = await everything()
    const second = await seedAll({ log, clock: () => new Date('2030-01-01T00:00:00Z') })
    expect(second.catalogue).toEqual({ items: 23, kinds: 23, created: 0, updated: 0, unchanged: 23, kept: 0 })
    expect(second.faqs).toEqual({ created: 0, updated: 0, unchanged: 16, kept: 0 })
    expect(Object.values(second.organizations)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged'])
    expect(second.authorizations.change).toBe('kept')
    expect(Object.values(second.users)).toEqual(DEMO_USERS.map(() => 'unchanged'))
    expect(await everything()).toEqual(before)
  })

  it('sets up 阿拉善盟检验检测中心 as in the brief, authorized for every county of 阿拉善盟 and every kind', async () => {
    const inst = await Organization.findOne({ shortCode: 'ALSM' }).lean()
    expect(inst).toMatchObject(DEMO_INSTITUTION)
    const rows = await Authorization.find({ institutionId: inst!._id }).sort({ regionCode: 1 }).lean()
    expect(rows.map((r) => r.regionCode)).toEqual(countiesWithin('152900').sort())
    expect(rows.map((r) => r.regionCode)).toContain('152921')
    const kinds = await reference.kindCodes()
    for (const row of rows) expect(row.level2Codes).toEqual([...kinds].sort())
    expect(await reference.institutionFor('152923', '0401')).toMatchObject({ name: '阿拉善盟检验检测中心', shortCode: 'ALSM' })
    expect(await reference.institutionFor('152801', '0401')).toBeNull()
  })

  it('gives each demo account its organization and roles', async () => {
    const orgType = async (openid: string) => {
      const user = await User.findOne({ openid }).lean()
      const org = await Organization.findById(user!.orgId).lean()
      return { name: org!.name, type: org!.type, orgType: user!.orgType, roles: [...user!.roles].sort(), joinedAt: user!.joinedAt }
    }
    const joinedAt = clock()
    expect(await orgType('demo-inst')).toEqual({ name: '阿拉善盟检验检测中心', type: 'institution', orgType: 'institution', roles: ['inst_reviewer', 'inst_verifier'], joinedAt })
    expect(await orgType('demo-inst-checker')).toMatchObject({ name: '阿拉善盟检验检测中心', roles: ['inst_verifier'] })
    expect(await orgType('demo-inst-approver')).toMatchObject({ name: '阿拉善盟检验检测中心', roles: ['inst_approver'] })
    expect(await orgType('demo-regulator')).toMatchObject({ name: '阿拉善盟市场监督管理局', type: 'regulator', roles: ['regulator'] })
    expect(await orgType('demo-cs')).toMatchObject({ name: '强检通客服中心', type: 'service', roles: ['cs_agent'] })
    expect(await orgType('demo-unit')).toMatchObject({ name: '巴彦浩特示例农贸市场', type: 'unit', roles: ['unit_admin'] })
    const regulator = await Organization.findOne({ type: 'regulator' }).lean()
    expect(regulator!.regionCode).toBe('152900')
    expect((await User.findOne({ openid: 'demo-inst' }).lean())!.name).toBe('演示检定员')
  })

  it("leaves alone what people changed since: an imported item, an edited FAQ, the regulator's table, a moved account", async () => {
    const edited = structuredClone(shipped)
    edited.items[0]!.children[0]!.periodMonths = 24
    await reference.loadCatalogue(edited, { origin: 'import' })

    const faq = await Faq.findOne().sort({ order: 1 }).lean()
    await Faq.updateOne({ _id: faq!._id }, { $set: { a: '管理员改写的回答' } })
    await Faq.create({ q: '管理员新增的问题？', a: '回答', order: 99 })

    const inst = await Organization.findOne({ shortCode: 'ALSM' }).lean()
    await reference.loadAuthorizations([{ institution: 'ALSM', regionCode: '152921', level2Codes: ['0101'] }])

    await Organization.updateOne({ _id: inst!._id }, { $set: { phone: '0483-0000000' } })
    const elsewhere = await Organization.create({ type: 'unit', name: '另一家单位', regionCode: '152921', address: '某地址' })
    await User.updateOne({ openid: 'demo-unit' }, { $set: { orgId: elsewhere._id, orgType: 'unit', roles: ['unit_admin'] } })
    await User.deleteOne({ openid: 'demo-cs' })

    const report = await seedAll({ log, clock })
    expect(report.catalogue).toMatchObject({ kept: 23, created: 0, updated: 0 })
    expect((await reference.findKind('0101'))!.periodMonths).toBe(24)
    expect(report.faqs).toEqual({ created: 0, updated: 0, unchanged: 15, kept: 1 })
    expect((await Faq.findById(faq!._id).lean())!.a).toBe('管理员改写的回答')
    expect(await Faq.countDocuments()).toBe(17)
    expect(report.authorizations.change).toBe('kept')
    expect(await Authorization.find({ institutionId: inst!._id }, { _id: 0, regionCode: 1, level2Codes: 1 }).lean()).toEqual([
      { regionCode: '152921', level2Codes: ['0101'] },
    ])
    expect((await Organization.findById(inst!._id).lean())!.phone).toBe('0483-0000000')
    expect(report.users['demo-unit']).toBe('kept')
    expect(String((await User.findOne({ openid: 'demo-unit' }).lean())!.orgId)).toBe(String(elsewhere._id))
    expect(report.users['demo-cs']).toBe('created')
    expect(await User.countDocuments({ openid: /^demo-/ })).toBe(DEMO_USERS.length)
    expect(await Organization.countDocuments({ name: DEMO_INSTITUTION.name })).toBe(1)
  })

  it('refreshes a FAQ nobody edited when the shipped wording changes', async () => {
    const faq = await Faq.findOne({ order: 1 }).lean()
    // As if an older release had seeded different wording for this question.
    await Faq.updateOne({ _id: faq!._id }, { $set: { a: '旧版回答' }, $unset: { seedDigest: 1 } })
    const stale = await Faq.findById(faq!._id).lean()
    await Faq.updateOne({ _id: faq!._id }, { $set: { seedDigest: faqDigest(stale!) } })
    const report = await seedAll({ log, clock })
    expect(report.faqs.updated).toBe(1)
    expect((await Faq.findById(faq!._id).lean())!.a).toBe(faq!.a)
  })
})
