/**
 * Walks every API route as every kind of caller and checks the status: 401 without a login,
 * 403 for roles the route is not for, never 401/403 for those it is for, and 404 for another
 * organization's records. A route added without an entry here fails this test.
 */
import { Types } from 'mongoose'
import { ROLES, type Role } from '@qjt/shared'
import { buildTestApp, bearer, type TestApp } from './helpers/app'
import { buildInstrument, buildOrg, buildUser, tokenFor } from './helpers/factories'
import { Invitation } from '../src/modules/organizations/invitation.model'
import { Booking, TaskRow } from '../src/modules/bookings/model'
import { newInvitationCode } from '../src/modules/organizations/service'
import { Notification } from '../src/modules/notifications/notification.model'
import { VerificationRecord } from '../src/modules/verifications/model'
import { buildCertificate } from '../src/modules/certificates/testing'

type Who = 'anonymous' | 'orgless' | Role

const LOGGED_IN: Who[] = ['orgless', ...ROLES]
const MEMBERS: Who[] = [...ROLES]
const UNIT_ADMIN: Who[] = ['unit_admin']
const UNIT: Who[] = ['unit_admin', 'unit_operator']
const INSTITUTION: Who[] = ['inst_reviewer', 'inst_verifier', 'inst_approver']
const REVIEWER: Who[] = ['inst_reviewer']
const VERIFIER: Who[] = ['inst_verifier']
const RECORD_SENDERS_BACK: Who[] = ['inst_verifier', 'inst_approver']
const CERTIFICATE_READERS: Who[] = [...UNIT, ...INSTITUTION]
const APPROVER: Who[] = ['inst_approver']
const REGULATOR: Who[] = ['regulator']

/** Who each route is for. `public` routes answer everyone. */
const EXPECTED: Record<string, Who[] | 'public'> = {
  'GET /openapi.json': 'public',
  'POST /auth/wechat': 'public',
  'GET /me': LOGGED_IN,
  'PATCH /me': LOGGED_IN,
  'POST /me/phone': LOGGED_IN,
  'POST /orgs': LOGGED_IN,
  'GET /invitations/:code': LOGGED_IN,
  'POST /orgs/join': LOGGED_IN,
  'GET /orgs/current': MEMBERS,
  'GET /orgs/members': MEMBERS,
  'DELETE /orgs/members/:userId': UNIT_ADMIN,
  'POST /orgs/invitations': UNIT_ADMIN,
  'GET /orgs/invitations': UNIT_ADMIN,
  'DELETE /orgs/invitations/:id': UNIT_ADMIN,
  'GET /catalogue': LOGGED_IN,
  'GET /catalogue/about': LOGGED_IN,
  'GET /regions': LOGGED_IN,
  'GET /institutions': LOGGED_IN,
  'GET /faqs': LOGGED_IN,
  'GET /instruments': UNIT,
  'POST /instruments': UNIT,
  'POST /instruments/bulk': UNIT,
  'POST /instruments/batch': UNIT,
  'GET /instruments/:id': UNIT,
  'PATCH /instruments/:id': UNIT,
  'DELETE /instruments/:id': UNIT,
  'POST /instruments/:id/copy': UNIT,
  'GET /bookings': UNIT,
  'POST /bookings': UNIT,
  'GET /bookings/:id': UNIT,
  'PATCH /bookings/:id': UNIT,
  'DELETE /bookings/:id': UNIT,
  'POST /bookings/:id/submit': UNIT,
  'POST /bookings/:id/withdraw': UNIT,
  'GET /tasks': INSTITUTION,
  'GET /tasks/:id': INSTITUTION,
  'POST /tasks/:id/accept': REVIEWER,
  'POST /tasks/:id/return': REVIEWER,
  'POST /tasks/:id/remove': REVIEWER,
  'POST /tasks/:id/records': VERIFIER,
  'GET /records': INSTITUTION,
  'GET /records/:id': INSTITUTION,
  'PATCH /records/:id': VERIFIER,
  'POST /records/:id/check': VERIFIER,
  'POST /records/:id/send-back': RECORD_SENDERS_BACK,
  'POST /records/:id/approve': ['inst_approver'],
  'GET /instruments/export': UNIT,
  'GET /instruments/import-template': UNIT,
  'POST /instruments/import': UNIT,
  'GET /notifications': LOGGED_IN,
  'GET /notifications/unread-count': LOGGED_IN,
  'POST /notifications/:id/read': LOGGED_IN,
  'POST /notifications/read-all': LOGGED_IN,
  'GET /notifications/templates': LOGGED_IN,
  'POST /notifications/subscriptions': LOGGED_IN,
  // A regulator's own division; which one is the service's call (see stats.test.ts).
  'GET /stats/overview': REGULATOR,
  'GET /stats/overdue': REGULATOR,
  'GET /stats/overdue/export': REGULATOR,
  'GET /certificates': CERTIFICATE_READERS,
  'GET /certificates/:no': CERTIFICATE_READERS,
  'GET /certificates/:no/pdf': CERTIFICATE_READERS,
  'POST /certificates/:no/revoke': APPROVER,
  // Scanning a certificate's QR code: anyone, no login.
  'GET /public/certificates/:no': 'public',
  // WeChat's message push for the official account: signed, not logged in.
  'GET /wechat/oa/events': 'public',
  'POST /wechat/oa/events': 'public',
}

/**
 * Routes whose path names a record of one organization: given a record of another
 * organization, the allowed caller must get 404. Routes with path parameters that are not
 * organization records say so explicitly (`null`).
 */
type Foreign = () => Promise<Record<string, string>>

/** A valid body for routes that need one, so only the record's owner decides the answer. */
const BODY: Record<string, object> = {
  'PATCH /instruments/:id': { version: 0, name: '改名' },
  'PATCH /bookings/:id': { version: 0, instrumentIds: ['0123456789abcdef01234567'] },
  'POST /tasks/:id/accept': { scheduledDate: '2099-01-01' },
  'POST /tasks/:id/return': { reason: '资料不全' },
  'POST /tasks/:id/remove': { instrumentId: '0123456789abcdef01234567', reason: '单位未送检' },
  'POST /tasks/:id/records': recordBody({ instrumentId: '0123456789abcdef01234567' }),
  'PATCH /records/:id': recordBody({ version: 0 }),
  'POST /records/:id/send-back': { reason: '数据有误' },
  'POST /certificates/:no/revoke': { reason: '证书信息有误' },
}

const FOREIGN: Record<string, Foreign | null> = {
  'DELETE /orgs/members/:userId': async () => {
    const other = await buildUser({ roles: ['unit_operator'] })
    return { userId: String(other._id) }
  },
  'DELETE /orgs/invitations/:id': async () => {
    const org = await buildOrg()
    const admin = await buildUser({ org, roles: ['unit_admin'] })
    const inv = await Invitation.create({ orgId: org._id, code: newInvitationCode(), createdBy: admin._id, expiresAt: new Date(Date.now() + 3600_000) })
    return { id: String(inv._id) }
  },
  'GET /instruments/:id': foreignInstrument,
  'PATCH /instruments/:id': foreignInstrument,
  'DELETE /instruments/:id': foreignInstrument,
  'POST /instruments/:id/copy': foreignInstrument,
  'GET /bookings/:id': foreignBooking,
  'PATCH /bookings/:id': foreignBooking,
  'DELETE /bookings/:id': foreignBooking,
  'POST /bookings/:id/submit': foreignBooking,
  'POST /bookings/:id/withdraw': foreignBooking,
  'GET /tasks/:id': foreignTask,
  'POST /tasks/:id/accept': foreignTask,
  'POST /tasks/:id/return': foreignTask,
  'POST /tasks/:id/remove': foreignTask,
  'POST /tasks/:id/records': foreignTask,
  'GET /records/:id': foreignRecord,
  'PATCH /records/:id': foreignRecord,
  'POST /records/:id/check': foreignRecord,
  'POST /records/:id/send-back': foreignRecord,
  'POST /records/:id/approve': foreignRecord,
  // Notifications are one user's own, whatever their organization: another user's is 404.
  'POST /notifications/:id/read': async () => {
    const org = await buildOrg()
    await buildUser({ org, roles: ['unit_admin'] })
    const intent = { id: `access:${String(new Types.ObjectId())}`, event: 'booking_submitted' as const, orgId: String(org._id), title: '预约申请已提交', body: '预约单已提交。', page: 'packages/booking/detail/index?id=1', fields: {}, at: new Date() }
    await t.app.services.notifications.enqueue([intent])
    const n = await Notification.findOne({ intentId: intent.id }).lean()
    return { id: String(n!._id) }
  },
  // Looking up an invitation by its code is how someone outside the unit joins it.
  'GET /invitations/:code': null,
  // A certificate of another unit, issued by another institution.
  'GET /certificates/:no': foreignCertificate,
  'GET /certificates/:no/pdf': foreignCertificate,
  'POST /certificates/:no/revoke': foreignCertificate,
  // The public check answers for any number; a signature decides what it shows.
  'GET /public/certificates/:no': null,
}

async function foreignBooking() {
  const org = await buildOrg()
  const b = await Booking.create({ orgId: org._id, no: `2026112799${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`, status: 'draft' })
  return { id: String(b._id) }
}

/** A task of another institution: a booking row that names some other institution. */
async function foreignTask() {
  const other = await buildOrg({ type: 'institution' })
  const unit = await buildOrg()
  const taskId = new Types.ObjectId()
  const b = await Booking.create({
    orgId: unit._id,
    no: `2026112798${String(Math.floor(Math.random() * 1000)).padStart(3, '0')}`,
    status: 'submitted',
    tasks: [{ _id: taskId, institutionId: other._id, institutionName: other.name, round: 1, status: 'submitted', submittedAt: new Date() }],
  })
  await TaskRow.create({ _id: taskId, bookingId: b._id, bookingNo: b.no, unitId: unit._id, unitName: unit.name, institutionId: other._id, status: 'submitted', count: 0, submittedAt: new Date(), submittedOn: '2026-11-27', bookingVersion: 0 })
  return { id: String(taskId) }
}

async function foreignCertificate() {
  const cert = await buildCertificate(t.app.services.certificateSigner)
  return { no: cert.no }
}

/** A valid verification record body (a passing electronic price scale). */
function recordBody(extra: object) {
  return {
    regulation: 'JJG 539-2016',
    place: '实验室',
    environment: { temperature: '20', humidity: '50' },
    standards: [{ name: '砝码', certificateNo: 'ZJ-1', validUntil: '2099-01-01' }],
    points: [{ nominal: '1', indication: '1', mpe: '0.005', unit: 'kg' }],
    inspection: { passed: true },
    verifiedAt: '2026-01-01',
    ...extra,
  }
}

/** A record of another institution, at the stage each record route acts on (checked). */
async function foreignRecord() {
  const institution = await buildOrg({ type: 'institution' })
  const unit = await buildOrg()
  const signer = { userId: new Types.ObjectId(), name: '他人', at: new Date() }
  const r = await VerificationRecord.create({
    ...recordBody({}),
    points: [{ nominal: '1', indication: '1', mpe: '0.005', unit: 'kg', error: '0', passed: true }],
    institutionId: institution._id,
    orgId: unit._id,
    unitName: unit.name,
    bookingId: new Types.ObjectId(),
    bookingNo: '2026112797001',
    taskId: new Types.ObjectId(),
    instrumentId: new Types.ObjectId(),
    instrument: { code: '1529212026900001', name: '电子计价秤', serialNo: 'F-1', level2Code: '0101', level2Name: '非自动衡器' },
    conclusion: 'pass',
    status: 'checked',
    verifier: signer,
    checker: { ...signer, userId: new Types.ObjectId() },
  })
  return { id: String(r._id) }
}

async function foreignInstrument() {
  const row = await buildInstrument()
  return { id: String(row._id) }
}

const key = (r: { method: string; path: string }) => `${r.method.toUpperCase()} ${r.path}`

function fill(path: string, values: Record<string, string> = {}) {
  return path.replace(/:(\w+)/g, (_m, name: string) => values[name] ?? (name === 'code' ? 'ABCDEFGH' : String(new Types.ObjectId())))
}

async function tokenAs(t: TestApp, who: Who): Promise<string | null> {
  if (who === 'anonymous') return null
  const user = who === 'orgless' ? await buildUser() : await buildUser({ roles: [who] })
  return tokenFor(t, user)
}

let t: TestApp
beforeAll(async () => {
  t = await buildTestApp()
})
afterAll(() => t.close())

it('has an expectation for every route, and no stale ones', () => {
  const routes = t.app.routes.map(key).sort()
  expect(routes).toEqual(Object.keys(EXPECTED).sort())
  for (const route of t.app.routes.filter((r) => r.path.includes(':'))) {
    expect([key(route), key(route) in FOREIGN]).toEqual([key(route), true])
  }
})

describe.each(Object.entries(EXPECTED))('%s', (route, allowed) => {
  const [method, path] = route.split(' ') as [string, string]
  const callers: Who[] = ['anonymous', ...LOGGED_IN]

  it.each(callers)('as %s', async (who) => {
    const token = await tokenAs(t, who)
    const req = t.request[method.toLowerCase() as 'get'](`/api/v1${fill(path)}`)
    if (token) req.set(bearer(token))
    const res = method === 'GET' || method === 'DELETE' ? await req : await req.send({})
    if (allowed === 'public') {
      expect([401, 403]).not.toContain(res.status)
    } else if (who === 'anonymous') {
      expect([route, who, res.status]).toEqual([route, who, 401])
    } else if (!allowed.includes(who)) {
      expect([route, who, res.status]).toEqual([route, who, 403])
    } else {
      expect([401, 403]).not.toContain(res.status)
    }
  })

  const foreign = FOREIGN[route]
  if (foreign && allowed !== 'public') {
    it.each(allowed)("as %s, on another organization's record → 404", async (who) => {
      const values = await foreign()
      const token = (await tokenAs(t, who))!
      const req = t.request[method.toLowerCase() as 'get'](`/api/v1${fill(path, values)}`).set(bearer(token))
      const res = method === 'GET' || method === 'DELETE' ? await req : await req.send(BODY[route] ?? {})
      expect(res.status).toBe(404)
    })
  }
})
