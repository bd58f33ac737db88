import { buildTestApp, bearer, type TestApp } from '../../../test/helpers/app'
import { buildOrg, buildUser, tokenFor, validOrgInput } from '../../../test/helpers/factories'
import { User } from '../auth/user.model'
import { Claim } from '../../db/claims'
import { Invitation } from './invitation.model'
import { Organization } from './model'

let now = new Date('2026-11-27T08:00:00Z')
let t: TestApp
beforeAll(async () => {
  t = await buildTestApp({ clock: () => now })
})
afterAll(() => t.close())

const api = '/api/v1'

async function newcomer() {
  const user = await buildUser()
  return { user, auth: bearer(tokenFor(t, user)) }
}

async function unitAdmin() {
  const { user, auth } = await newcomer()
  const res = await t.request.post(`${api}/orgs`).set(auth).send(validOrgInput()).expect(201)
  return { user, auth, orgId: res.body.id as string }
}

describe('registering a unit', () => {
  it('needs a login', async () => {
    await t.request.post(`${api}/orgs`).send(validOrgInput()).expect(401)
  })

  it('names every bad field in Chinese and creates nothing', async () => {
    const { auth } = await newcomer()
    const before = await Organization.countDocuments()
    const res = await t.request
      .post(`${api}/orgs`)
      .set(auth)
      .send(validOrgInput({ name: '', uscc: '913406217489126320', contactPhone: '12345', regionCode: '15' }))
      .expect(400)
    const byPath = Object.fromEntries(res.body.error.details.map((d: { path: string; message: string }) => [d.path, d.message]))
    expect(byPath).toEqual({
      name: '请填写单位名称',
      uscc: '统一社会信用代码校验位不正确，请核对',
      contactPhone: '联系电话应为11位中国大陆手机号',
      regionCode: '所在区县应为6位行政区划代码',
    })
    expect(await Organization.countDocuments()).toBe(before)
  })

  it('refuses a region that is not a county', async () => {
    const { auth } = await newcomer()
    for (const regionCode of ['152900', '150000', '999999']) {
      const res = await t.request.post(`${api}/orgs`).set(auth).send(validOrgInput({ regionCode })).expect(400)
      expect(res.body.error.details).toEqual([{ path: 'regionCode', message: '所在区县不存在，请选择到区县一级' }])
    }
  })

  it('accepts a unit without a credit code, and lowercase codes are normalised', async () => {
    const a = await newcomer()
    const res = await t.request.post(`${api}/orgs`).set(a.auth).send(validOrgInput({ uscc: '' })).expect(201)
    expect(res.body.uscc).toBeNull()
    const b = await newcomer()
    const res2 = await t.request.post(`${api}/orgs`).set(b.auth).send(validOrgInput({ uscc: '91350100m000100y43' })).expect(201)
    expect(res2.body.uscc).toBe('91350100M000100Y43')
  })

  it('makes the registrant its admin, visible on /me', async () => {
    const { auth, orgId, user } = await unitAdmin()
    const me = await t.request.get(`${api}/me`).set(auth).expect(200)
    expect(me.body).toMatchObject({ id: String(user._id), roles: ['unit_admin'], orgId, org: { name: '巴彦浩特测试农贸市场', type: 'unit' } })
    const org = await t.request.get(`${api}/orgs/current`).set(auth).expect(200)
    expect(org.body).toMatchObject({ id: orgId, regionName: '内蒙古自治区 阿拉善盟 阿拉善左旗', contactName: '李四' })
  })

  it('refuses a second registration by a member', async () => {
    const { auth } = await unitAdmin()
    const res = await t.request.post(`${api}/orgs`).set(auth).send(validOrgInput()).expect(409)
    expect(res.body.error.code).toBe('ALREADY_IN_ORG')
  })

  it('registers once when the same request arrives twice at the same moment', async () => {
    const { auth, user } = await newcomer()
    const results = await Promise.all([1, 2].map(() => t.request.post(`${api}/orgs`).set(auth).send(validOrgInput())))
    expect(results.map((r) => r.status).sort()).toEqual([201, 409])
    expect(await Organization.countDocuments({ createdBy: user._id })).toBe(1)
  })

  it('reuses an organization left behind by an interrupted registration', async () => {
    const { auth, user } = await newcomer()
    const orphan = await buildOrg({ createdBy: user._id, name: '半途单位' })
    const res = await t.request.post(`${api}/orgs`).set(auth).send(validOrgInput()).expect(201)
    expect(res.body.id).toBe(String(orphan._id))
    expect(res.body.name).toBe('巴彦浩特测试农贸市场')
    expect(await Organization.countDocuments({ createdBy: user._id })).toBe(1)
  })
})

describe('inviting colleagues', () => {
  it('lets an admin invite; the code expires, shows as a QR code and is listed', async () => {
    const { auth } = await unitAdmin()
    const res = await t.request.post(`${api}/orgs/invitations`).set(auth).send({}).expect(201)
    expect(res.body).toMatchObject({ status: 'pending', code: expect.stringMatching(/^[2-9A-Z]{8}$/), usedBy: null })
    expect(res.body.qrCode).toMatch(/^data:image\/png;base64,/)
    expect(res.body.joinUrl).toContain(`code=${res.body.code}`)
    expect(new Date(res.body.expiresAt).getTime() - now.getTime()).toBe(72 * 3600_000)
    const list = await t.request.get(`${api}/orgs/invitations`).set(auth).expect(200)
    expect(list.body).toMatchObject({ total: 1, page: 1, pageSize: 10, items: [{ code: res.body.code, status: 'pending' }] })
  })

  it('is for admins only', async () => {
    const { orgId } = await unitAdmin()
    const operator = await buildUser({ org: (await Organization.findById(orgId).lean())!, roles: ['unit_operator'] })
    const res = await t.request.post(`${api}/orgs/invitations`).set(bearer(tokenFor(t, operator))).send({}).expect(403)
    expect(res.body.error.code).toBe('FORBIDDEN')
  })

  it('validates the lifetime', async () => {
    const { auth } = await unitAdmin()
    const res = await t.request.post(`${api}/orgs/invitations`).set(auth).send({ ttlHours: 0 }).expect(400)
    expect(res.body.error.details).toEqual([{ path: 'ttlHours', message: '有效期至少1小时' }])
  })
})

describe('joining with a code', () => {
  it('shows the unit, then joins the colleague as operator; the code is then used', async () => {
    const admin = await unitAdmin()
    const { body: inv } = await t.request.post(`${api}/orgs/invitations`).set(admin.auth).send({}).expect(201)
    const colleague = await newcomer()
    const preview = await t.request.get(`${api}/invitations/${inv.code}`).set(colleague.auth).expect(200)
    expect(preview.body).toMatchObject({ orgName: '巴彦浩特测试农贸市场', status: 'pending' })

    const res = await t.request.post(`${api}/orgs/join`).set(colleague.auth).send({ code: inv.code.toLowerCase() }).expect(200)
    expect(res.body.id).toBe(admin.orgId)
    const me = await t.request.get(`${api}/me`).set(colleague.auth).expect(200)
    expect(me.body).toMatchObject({ roles: ['unit_operator'], orgId: admin.orgId })

    const members = await t.request.get(`${api}/orgs/members`).set(admin.auth).expect(200)
    expect(members.body.total).toBe(2)
    const list = await t.request.get(`${api}/orgs/invitations`).set(admin.auth).expect(200)
    expect(list.body.items[0]).toMatchObject({ status: 'used', usedBy: { id: String(colleague.user._id) } })

    const third = await newcomer()
    const again = await t.request.post(`${api}/orgs/join`).set(third.auth).send({ code: inv.code }).expect(422)
    expect(again.body.error.code).toBe('INVITATION_USED')
  })

  it('lets exactly one of two people racing for the same code in', async () => {
    const admin = await unitAdmin()
    const { body: inv } = await t.request.post(`${api}/orgs/invitations`).set(admin.auth).send({}).expect(201)
    const [a, b] = [await newcomer(), await newcomer()]
    const results = await Promise.all([a, b].map((p) => t.request.post(`${api}/orgs/join`).set(p.auth).send({ code: inv.code })))
    expect(results.map((r) => r.status).sort()).toEqual([200, 422])
    expect(await User.countDocuments({ orgId: admin.orgId })).toBe(2)
  })

  it('lets either the revocation or the join win when they race, never both', async () => {
    for (let round = 0; round < 3; round++) {
      const admin = await unitAdmin()
      const { body: inv } = await t.request.post(`${api}/orgs/invitations`).set(admin.auth).send({}).expect(201)
      const colleague = await newcomer()
      const [revoke, join] = await Promise.all([
        t.request.delete(`${api}/orgs/invitations/${inv.id}`).set(admin.auth),
        t.request.post(`${api}/orgs/join`).set(colleague.auth).send({ code: inv.code }),
      ])
      expect([revoke.status, join.status].sort()).toEqual([200, 422])
      const stored = (await Invitation.findById(inv.id).lean())!
      const joined = (await User.findById(colleague.user._id).lean())!.orgId !== null
      expect(joined).toBe(join.status === 200)
      expect(stored.revokedAt !== null).toBe(revoke.status === 200)
      expect(joined && stored.revokedAt !== null).toBe(false)
    }
  })

  it('refuses expired, revoked and unknown codes, and members of another unit', async () => {
    const admin = await unitAdmin()
    const { body: expiring } = await t.request.post(`${api}/orgs/invitations`).set(admin.auth).send({ ttlHours: 1 }).expect(201)
    const { body: revoked } = await t.request.post(`${api}/orgs/invitations`).set(admin.auth).send({}).expect(201)
    await t.request.delete(`${api}/orgs/invitations/${revoked.id}`).set(admin.auth).expect(200)
    const someone = await newcomer()

    now = new Date(now.getTime() + 2 * 3600_000)
    let res = await t.request.post(`${api}/orgs/join`).set(someone.auth).send({ code: expiring.code }).expect(422)
    expect(res.body.error.code).toBe('INVITATION_EXPIRED')
    res = await t.request.post(`${api}/orgs/join`).set(someone.auth).send({ code: revoked.code }).expect(422)
    expect(res.body.error.code).toBe('INVITATION_REVOKED')
    res = await t.request.post(`${api}/orgs/join`).set(someone.auth).send({ code: '22222222' }).expect(404)
    expect(res.body.error.code).toBe('INVITATION_NOT_FOUND')
    res = await t.request.post(`${api}/orgs/join`).set(someone.auth).send({ code: 'abc' }).expect(400)
    expect(res.body.error.details[0]).toEqual({ path: 'code', message: '邀请码为8位' })

    const { body: fresh } = await t.request.post(`${api}/orgs/invitations`).set(admin.auth).send({}).expect(201)
    const other = await unitAdmin()
    res = await t.request.post(`${api}/orgs/join`).set(other.auth).send({ code: fresh.code }).expect(409)
    expect(res.body.error.code).toBe('ALREADY_IN_ORG')
    // The refused attempt did not spend the code.
    await t.request.post(`${api}/orgs/join`).set(someone.auth).send({ code: fresh.code }).expect(200)
  })

  it('completes a join that was interrupted after the code was claimed', async () => {
    const admin = await unitAdmin()
    const { body: inv } = await t.request.post(`${api}/orgs/invitations`).set(admin.auth).send({}).expect(201)
    const colleague = await newcomer()
    // The claim and the mark were written, then the process died before the membership.
    await Claim.create({ _id: `invitation:${inv.id}`, kind: 'once', owner: String(colleague.user._id), at: now })
    await Invitation.updateOne({ _id: inv.id }, { $set: { usedBy: colleague.user._id, usedAt: now } })
    await t.request.post(`${api}/orgs/join`).set(colleague.auth).send({ code: inv.code }).expect(200)
    expect((await User.findById(colleague.user._id).lean())!.roles).toEqual(['unit_operator'])
  })
})

describe('managing members', () => {
  async function teamOfTwo() {
    const admin = await unitAdmin()
    const org = (await Organization.findById(admin.orgId).lean())!
    const operator = await buildUser({ org, roles: ['unit_operator'] })
    return { admin, operator, org }
  }

  it('removes a colleague, who loses access at once', async () => {
    const { admin, operator } = await teamOfTwo()
    const operatorAuth = bearer(tokenFor(t, operator))
    await t.request.get(`${api}/orgs/current`).set(operatorAuth).expect(200)
    await t.request.delete(`${api}/orgs/members/${operator._id}`).set(admin.auth).expect(204)
    const res = await t.request.get(`${api}/orgs/current`).set(operatorAuth).expect(403)
    expect(res.body.error.code).toBe('ORG_REQUIRED')
    const members = await t.request.get(`${api}/orgs/members`).set(admin.auth).expect(200)
    expect(members.body.total).toBe(1)
  })

  it('will not remove oneself', async () => {
    const { admin } = await teamOfTwo()
    const res = await t.request.delete(`${api}/orgs/members/${admin.user._id}`).set(admin.auth).expect(422)
    expect(res.body.error.code).toBe('CANNOT_REMOVE_SELF')
  })

  it("answers 404 for another unit's member and invitation, and changes nothing", async () => {
    const mine = await teamOfTwo()
    const theirs = await teamOfTwo()
    const { body: theirInvitation } = await t.request.post(`${api}/orgs/invitations`).set(theirs.admin.auth).send({}).expect(201)
    let res = await t.request.delete(`${api}/orgs/members/${theirs.operator._id}`).set(mine.admin.auth).expect(404)
    expect(res.body.error.code).toBe('MEMBER_NOT_FOUND')
    res = await t.request.delete(`${api}/orgs/invitations/${theirInvitation.id}`).set(mine.admin.auth).expect(404)
    expect(res.body.error.code).toBe('INVITATION_NOT_FOUND')
    expect((await User.findById(theirs.operator._id).lean())!.orgId).toEqual(theirs.org._id)
    expect((await Invitation.findById(theirInvitation.id).lean())!.revokedAt).toBeNull()
  })

  it('pages the member list', async () => {
    const { admin, org } = await teamOfTwo()
    for (let i = 0; i < 3; i++) await buildUser({ org, roles: ['unit_operator'] })
    const res = await t.request.get(`${api}/orgs/members?page=2&pageSize=2`).set(admin.auth).expect(200)
    expect(res.body).toMatchObject({ total: 5, page: 2, pageSize: 2 })
    expect(res.body.items).toHaveLength(2)
    const bad = await t.request.get(`${api}/orgs/members?pageSize=500`).set(admin.auth).expect(400)
    expect(bad.body.error.details[0]).toEqual({ path: 'pageSize', message: '每页最多100条' })
  })
})
