import pino from 'pino'
import { Types } from 'mongoose'
import { buildTestApp, bearer, type TestApp } from '../../../test/helpers/app'
import { buildInstrument, buildOrg, buildUser, tokenFor } from '../../../test/helpers/factories'
import { seedAll } from '../../seed'
import { Instrument } from '../instruments/model'
import { Organization, type OrganizationDoc } from '../organizations/model'
import { User } from '../auth/user.model'
import { Booking, TaskRow } from './model'

type Auth = ReturnType<typeof bearer>
let now = new Date('2026-11-27T02:00:00Z')
let t: TestApp
let alsm: OrganizationDoc
let baotou: OrganizationDoc
let mongolia: OrganizationDoc

beforeAll(async () => {
  await seedAll({ log: pino({ level: 'silent' }) })
  t = await buildTestApp({ clock: () => now })
  alsm = (await Organization.findOne({ shortCode: 'ALSM' }).lean())!
  baotou = await buildOrg({ type: 'institution', name: '包头市计量测试所', regionCode: '150202', shortCode: 'BTJL', phone: '0472-1234567' })
  mongolia = await buildOrg({ type: 'institution', name: '内蒙古自治区计量测试研究院', regionCode: '150102', shortCode: 'NMJL' })
  await t.app.services.reference.loadAuthorizations([
    { institution: 'BTJL', regionCode: '150200', level2Codes: ['0101'] },
    { institution: 'NMJL', regionCode: '150000', level2Codes: ['0101', '0401'] },
  ])
})
afterAll(() => t.close())

async function unit() {
  const org = await buildOrg()
  const admin = await buildUser({ org, roles: ['unit_admin'] })
  return { org, admin, auth: bearer(tokenFor(t, admin)) }
}

async function reviewerOf(institution: OrganizationDoc): Promise<Auth> {
  return bearer(tokenFor(t, await buildUser({ org: institution, roles: ['inst_reviewer'] })))
}

const ids = (...rows: { _id: Types.ObjectId }[]) => rows.map((r) => String(r._id))

async function draft(auth: Auth, instrumentIds: string[]) {
  const res = await t.request.post('/api/v1/bookings').set(auth).send({ instrumentIds }).expect(201)
  return res.body as { id: string; no: string; version: number }
}

async function submitted(auth: Auth, instrumentIds: string[]) {
  const b = await draft(auth, instrumentIds)
  const res = await t.request.post(`/api/v1/bookings/${b.id}/submit`).set(auth).send({}).expect(200)
  return res.body
}

describe('暂存预约单', () => {
  it('gets a 13-digit 预约编号 of today (China time) and lists the instruments', async () => {
    const { auth, org } = await unit()
    const [a, b] = [await buildInstrument({ org }), await buildInstrument({ org })]
    const res = await t.request.post('/api/v1/bookings').set(auth).send({ instrumentIds: ids(a, b) }).expect(201)
    expect(res.body).toMatchObject({ status: 'draft', count: 2, tasks: [], submittedAt: null })
    expect(res.body.no).toMatch(/^20261127\d{5}$/)
    expect(res.body.items.map((i: { code: string }) => i.code)).toEqual([a.code, b.code])
    expect(res.body.history).toEqual([expect.objectContaining({ action: 'create', note: '2 台器具' })])
  })

  it('takes only the unit’s own instruments that are in use and free, naming the others', async () => {
    const { auth, org } = await unit()
    const disabled = await buildInstrument({ org, status: 'disabled' })
    const scrapped = await buildInstrument({ org, status: 'scrapped' })
    const held = await buildInstrument({ org, openBookingId: new Types.ObjectId() })
    const foreign = await buildInstrument()
    const res = await t.request.post('/api/v1/bookings').set(auth).send({ instrumentIds: ids(disabled, scrapped, held, foreign) }).expect(422)
    expect(res.body.error.code).toBe('BOOKING_ITEMS_INVALID')
    expect(res.body.error.details.map((d: { message: string }) => d.message)).toEqual([
      `${disabled.code} 电子计价秤：已停用，不能预约`,
      `${scrapped.code} 电子计价秤：已报废，不能预约`,
      `${held.code} 电子计价秤：已在其他未完成的预约中`,
      '器具不存在',
    ])
    expect(await Booking.countDocuments({ orgId: org._id })).toBe(0)
  })

  it('numbers 100 simultaneous bookings uniquely', async () => {
    const { auth, org } = await unit()
    const row = await buildInstrument({ org })
    const results = await Promise.all(Array.from({ length: 100 }, () => t.request.post('/api/v1/bookings').set(auth).send({ instrumentIds: ids(row) })))
    expect(results.every((r) => r.status === 201)).toBe(true)
    const numbers = results.map((r) => r.body.no as string)
    expect(new Set(numbers).size).toBe(100)
    expect(numbers.every((n) => /^20261127\d{5}$/.test(n))).toBe(true)
  }, 60_000)

  it('edits the list of a draft (with its version) and deletes a draft', async () => {
    const { auth, org } = await unit()
    const [a, b, c] = [await buildInstrument({ org }), await buildInstrument({ org }), await buildInstrument({ org })]
    const d = await draft(auth, ids(a, b))
    const res = await t.request.patch(`/api/v1/bookings/${d.id}`).set(auth).send({ instrumentIds: ids(b, c), version: d.version }).expect(200)
    expect(res.body.items.map((i: { code: string }) => i.code)).toEqual([b.code, c.code])
    await t.request.patch(`/api/v1/bookings/${d.id}`).set(auth).send({ instrumentIds: ids(a), version: d.version }).expect(409)
    await t.request.delete(`/api/v1/bookings/${d.id}`).set(auth).expect(204)
    await t.request.get(`/api/v1/bookings/${d.id}`).set(auth).expect(404)
  })

  it('filters the list by number, date and status', async () => {
    const { auth, org } = await unit()
    const d = await draft(auth, ids(await buildInstrument({ org })))
    await submitted(auth, ids(await buildInstrument({ org })))
    const list = async (q: string) => (await t.request.get(`/api/v1/bookings?${q}`).set(auth).expect(200)).body
    expect((await list('')).total).toBe(2)
    expect((await list('status=draft')).items.map((b: { id: string }) => b.id)).toEqual([d.id])
    expect((await list(`no=${d.no}`)).total).toBe(1)
    expect((await list('from=2026-11-27&to=2026-11-27')).total).toBe(2)
    expect((await list('from=2026-11-28')).total).toBe(0)
  })
})

describe('提交申请 assigns each instrument to the nearest authorized institution', () => {
  it('county, city and province authorizations make one task per institution', async () => {
    const { auth, org } = await unit()
    const inAlxa = await buildInstrument({ org, regionCode: '152921' })
    const inBaotou = await buildInstrument({ org, regionCode: '150202' })
    const inHohhot = await buildInstrument({ org, regionCode: '150102' })
    const alsoAlxa = await buildInstrument({ org, regionCode: '152922' })
    const b = await submitted(auth, ids(inAlxa, inBaotou, inHohhot, alsoAlxa))
    expect(b.status).toBe('submitted')
    const byInstitution = Object.fromEntries(b.tasks.map((task: { institutionName: string; count: number }) => [task.institutionName, task.count]))
    expect(byInstitution).toEqual({ [alsm.name]: 2, [baotou.name]: 1, [mongolia.name]: 1 })
    expect(b.tasks.every((task: { status: string }) => task.status === 'submitted')).toBe(true)
    const rows = await Instrument.find({ _id: { $in: [inAlxa._id, inBaotou._id] } }).lean()
    expect(rows.map((r) => [r.verifyStatus, String(r.openBookingId)])).toEqual([
      ['booked', b.id],
      ['booked', b.id],
    ])
    expect(await TaskRow.countDocuments({ bookingId: b.id })).toBe(3)
    expect(b.history.map((h: { action: string }) => h.action)).toEqual(['create', 'submit'])
  })

  it('refuses the whole submission when an instrument has no institution, naming it, and changes nothing', async () => {
    const { auth, org } = await unit()
    const fine = await buildInstrument({ org })
    const beijing = await buildInstrument({ org, regionCode: '110101', name: '加油机' })
    const d = await draft(auth, ids(fine, beijing))
    const res = await t.request.post(`/api/v1/bookings/${d.id}/submit`).set(auth).send({}).expect(422)
    expect(res.body.error.code).toBe('NO_INSTITUTION')
    expect(res.body.error.message).toContain(`${beijing.code} 加油机`)
    expect(res.body.error.message).not.toContain(fine.code)
    const after = await t.request.get(`/api/v1/bookings/${d.id}`).set(auth).expect(200)
    expect(after.body).toMatchObject({ status: 'draft', version: d.version, tasks: [] })
    expect((await Instrument.findById(fine._id).lean())!.openBookingId).toBeNull()
  })

  it('lets exactly one of a double-tapped submit through', async () => {
    const { auth, org } = await unit()
    const d = await draft(auth, ids(await buildInstrument({ org })))
    const results = await Promise.all([1, 2].map(() => t.request.post(`/api/v1/bookings/${d.id}/submit`).set(auth).send({})))
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    const b = (await Booking.findById(d.id).lean())!
    expect(b.tasks).toHaveLength(1)
    expect(b.history.filter((h) => h.action === 'submit')).toHaveLength(1)
  })

  it('lets one of two bookings holding the same instrument submit', async () => {
    const { auth, org } = await unit()
    const row = await buildInstrument({ org })
    const [a, b] = [await draft(auth, ids(row)), await draft(auth, ids(row))]
    const results = await Promise.all([a, b].map((d) => t.request.post(`/api/v1/bookings/${d.id}/submit`).set(auth).send({})))
    expect(results.map((r) => r.status).sort()).toEqual([200, 422])
    const winner = results.find((r) => r.status === 200)!.body.id
    expect(String((await Instrument.findById(row._id).lean())!.openBookingId)).toBe(winner)
  })
})

describe('the institution', () => {
  it('sees its queue, accepts with a schedule; the unit sees it', async () => {
    const { auth, org } = await unit()
    const b = await submitted(auth, ids(await buildInstrument({ org, deliveryMode: 'on_site' })))
    const reviewer = await reviewerOf(alsm)
    const queue = await t.request.get('/api/v1/tasks?status=submitted').set(reviewer).expect(200)
    const task = queue.body.items.find((i: { bookingId: string }) => i.bookingId === b.id)
    expect(task).toMatchObject({ bookingNo: b.no, status: 'submitted', count: 1, unitName: org.name })
    const detail = await t.request.get(`/api/v1/tasks/${task.id}`).set(reviewer).expect(200)
    expect(detail.body.unit).toMatchObject({ name: org.name, contactPhone: '13800000000' })

    const past = await t.request.post(`/api/v1/tasks/${task.id}/accept`).set(reviewer).send({ scheduledDate: '2026-11-26' }).expect(400)
    expect(past.body.error.details).toEqual([{ path: 'scheduledDate', message: '检定日期不能早于今天' }])
    const res = await t.request.post(`/api/v1/tasks/${task.id}/accept`).set(reviewer).send({ scheduledDate: '2026-12-03' }).expect(200)
    expect(res.body).toMatchObject({ status: 'accepted', scheduledDate: '2026-12-03', mode: 'on_site' })

    const seen = await t.request.get(`/api/v1/bookings/${b.id}`).set(auth).expect(200)
    expect(seen.body.status).toBe('accepted')
    expect(seen.body.tasks[0]).toMatchObject({ scheduledDate: '2026-12-03', mode: 'on_site', institutionPhone: '0483-8350096' })
    expect(seen.body.history.at(-1)).toMatchObject({ action: 'accept', note: '检定日期 2026-12-03，现场检定' })
    const withdraw = await t.request.post(`/api/v1/bookings/${b.id}/withdraw`).set(auth).send({}).expect(409)
    expect(withdraw.body.error.message).toBe('检定机构已受理，不能撤销')
  })

  it('returns with a reason; the unit edits and resubmits; the history keeps both rounds', async () => {
    const { auth, org } = await unit()
    const [a, extra] = [await buildInstrument({ org, verifyStatus: 'verified', validUntil: '2026-12-20' }), await buildInstrument({ org })]
    const b = await submitted(auth, ids(a))
    const reviewer = await reviewerOf(alsm)
    const taskId = b.tasks[0].id
    const noReason = await t.request.post(`/api/v1/tasks/${taskId}/return`).set(reviewer).send({ reason: '' }).expect(400)
    expect(noReason.body.error.details).toEqual([{ path: 'reason', message: '请填写退回原因' }])
    await t.request.post(`/api/v1/tasks/${taskId}/return`).set(reviewer).send({ reason: '出厂编号与铭牌不符' }).expect(200)

    let seen = (await t.request.get(`/api/v1/bookings/${b.id}`).set(auth).expect(200)).body
    expect(seen).toMatchObject({ status: 'returned', tasks: [{ status: 'returned', reason: '出厂编号与铭牌不符' }] })
    // Returned instruments are back in the ledger as they were.
    expect(await Instrument.findById(a._id).lean()).toMatchObject({ openBookingId: null, verifyStatus: 'verified' })

    await t.request.patch(`/api/v1/bookings/${b.id}`).set(auth).send({ instrumentIds: ids(a, extra), version: seen.version }).expect(200)
    await t.request.post(`/api/v1/bookings/${b.id}/submit`).set(auth).send({}).expect(200)
    seen = (await t.request.get(`/api/v1/bookings/${b.id}`).set(auth).expect(200)).body
    expect(seen.status).toBe('submitted')
    expect(seen.tasks.map((task: { round: number; status: string; count: number }) => [task.round, task.status, task.count])).toEqual([
      [2, 'submitted', 2],
      [1, 'returned', 1],
    ])
    expect(seen.history.map((h: { action: string }) => h.action)).toEqual(['create', 'submit', 'return', 'update', 'resubmit'])
  })

  it('withdrawal before acceptance hands the instruments back', async () => {
    const { auth, org } = await unit()
    const row = await buildInstrument({ org })
    const b = await submitted(auth, ids(row))
    const res = await t.request.post(`/api/v1/bookings/${b.id}/withdraw`).set(auth).send({}).expect(200)
    expect(res.body).toMatchObject({ status: 'withdrawn', tasks: [{ status: 'withdrawn' }] })
    expect(await Instrument.findById(row._id).lean()).toMatchObject({ openBookingId: null, verifyStatus: 'unverified' })
    const reviewer = await reviewerOf(alsm)
    const accept = await t.request.post(`/api/v1/tasks/${b.tasks[0].id}/accept`).set(reviewer).send({ scheduledDate: '2026-12-01' }).expect(409)
    expect(accept.body.error.message).toBe('单位已撤销预约')
  })

  it('two reviewers accepting the same task: one wins, the other gets 409', async () => {
    const { auth, org } = await unit()
    const b = await submitted(auth, ids(await buildInstrument({ org })))
    const [r1, r2] = [await reviewerOf(alsm), await reviewerOf(alsm)]
    const results = await Promise.all([
      t.request.post(`/api/v1/tasks/${b.tasks[0].id}/accept`).set(r1).send({ scheduledDate: '2026-12-01' }),
      t.request.post(`/api/v1/tasks/${b.tasks[0].id}/accept`).set(r2).send({ scheduledDate: '2026-12-02' }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    const winner = results.find((r) => r.status === 200)!.body.scheduledDate
    const stored = (await Booking.findById(b.id).lean())!
    expect(stored.tasks[0]).toMatchObject({ status: 'accepted', scheduledDate: winner })
    expect(stored.history.filter((h) => h.action === 'accept')).toHaveLength(1)
  })

  it('a unit withdrawing while the institution accepts: exactly one wins', async () => {
    for (let round = 0; round < 3; round++) {
      const { auth, org } = await unit()
      const row = await buildInstrument({ org })
      const b = await submitted(auth, ids(row))
      const reviewer = await reviewerOf(alsm)
      const [withdraw, accept] = await Promise.all([
        t.request.post(`/api/v1/bookings/${b.id}/withdraw`).set(auth).send({}),
        t.request.post(`/api/v1/tasks/${b.tasks[0].id}/accept`).set(reviewer).send({ scheduledDate: '2026-12-01' }),
      ])
      expect([withdraw.status, accept.status].sort()).toEqual([200, 409])
      const stored = (await Booking.findById(b.id).lean())!
      const ledger = (await Instrument.findById(row._id).lean())!
      if (withdraw.status === 200) {
        expect([stored.status, ledger.openBookingId]).toEqual(['withdrawn', null])
      } else {
        expect([stored.status, String(ledger.openBookingId)]).toEqual(['accepted', b.id])
      }
    }
  })

  it("cannot see or act on another institution's task", async () => {
    const { auth, org } = await unit()
    const b = await submitted(auth, ids(await buildInstrument({ org })))
    const other = await reviewerOf(baotou)
    await t.request.get(`/api/v1/tasks/${b.tasks[0].id}`).set(other).expect(404)
    await t.request.post(`/api/v1/tasks/${b.tasks[0].id}/accept`).set(other).send({ scheduledDate: '2026-12-01' }).expect(404)
    const queue = await t.request.get('/api/v1/tasks').set(other).expect(200)
    expect(queue.body.items.some((i: { bookingId: string }) => i.bookingId === b.id)).toBe(false)
  })

  it('a verifier may look but only a reviewer decides', async () => {
    const { auth, org } = await unit()
    const b = await submitted(auth, ids(await buildInstrument({ org })))
    const verifier = bearer(tokenFor(t, await buildUser({ org: alsm, roles: ['inst_verifier'] })))
    await t.request.get(`/api/v1/tasks/${b.tasks[0].id}`).set(verifier).expect(200)
    await t.request.post(`/api/v1/tasks/${b.tasks[0].id}/accept`).set(verifier).send({ scheduledDate: '2026-12-01' }).expect(403)
    expect(await User.countDocuments({ orgId: alsm._id })).toBeGreaterThan(0)
  })
})

describe('receipts in place of SMS', () => {
  it('the unit hears of submission and acceptance; the reviewers of the new task', async () => {
    const { auth, org, admin } = await unit()
    const reviewer = await buildUser({ org: alsm, roles: ['inst_reviewer'] })
    // The unit admin allowed two booking messages when tapping 提交申请 (WeChat keeps the grants too).
    const { body: templates } = await t.request.get('/api/v1/notifications/templates').set(auth).expect(200)
    const [tmplId] = templates.atBookingSubmit as string[]
    for (let i = 0; i < 2; i++) {
      await t.request.post('/api/v1/notifications/subscriptions').set(auth).send({ results: { [tmplId!]: 'accept' } }).expect(200)
      t.standin.grantSubscription(admin.openid, tmplId!)
    }

    const b = await submitted(auth, ids(await buildInstrument({ org })))
    now = new Date(now.getTime() + 3600_000)
    await t.request.post(`/api/v1/tasks/${b.tasks[0].id}/accept`).set(bearer(tokenFor(t, reviewer))).send({ scheduledDate: '2026-12-02' }).expect(200)
    // Earlier tests left messages too: let the worker drain the outbox.
    for (let round = 0; round < 30; round++) {
      const r = await t.app.services.notificationWorker.runOnce()
      if (Object.values(r).every((n) => n === 0)) break
    }

    const inbox = (await t.request.get('/api/v1/notifications').set(auth).expect(200)).body
    expect(inbox.items.map((n: { title: string }) => n.title)).toEqual(['预约已受理', '预约申请已提交'])
    expect(inbox.items[0].body).toContain('检定日期 2026-12-02')
    expect(inbox.items[0].body).toContain('0483-8350096')
    const reviewerInbox = (await t.request.get('/api/v1/notifications').set(bearer(tokenFor(t, reviewer))).expect(200)).body
    expect(reviewerInbox.items[0]).toMatchObject({ title: '新的检定任务' })

    const sent = t.standin.messages().filter((m) => m.kind === 'subscribe' && JSON.stringify(m.data).includes(b.no))
    expect(sent).toHaveLength(2)
    expect(JSON.stringify(sent.map((m) => m.data))).toContain('已受理')
  })
})
