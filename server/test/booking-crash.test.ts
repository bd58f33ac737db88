/**
 * 提交申请 is several writes without a transaction. Here the submitting process is killed between
 * steps, and the next attempt must finish the job — or undo it when an instrument can no longer
 * be booked — leaving ledger, booking and queue consistent.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import mongoose from 'mongoose'
import pino from 'pino'
import { buildTestApp, bearer, type TestApp } from './helpers/app'
import { buildInstrument, buildOrg, buildUser, tokenFor } from './helpers/factories'
import { seedAll } from '../src/seed'
import { Booking, TaskRow } from '../src/modules/bookings/model'
import { Instrument } from '../src/modules/instruments/model'

let t: TestApp
beforeAll(async () => {
  await seedAll({ log: pino({ level: 'silent' }) })
  t = await buildTestApp()
})
afterAll(() => t.close())

const ROOT = path.resolve(__dirname, '../..')

/** Runs the submission in a child process that dies at `point`. */
function submitAndDie(bookingId: string, actor: object, point: string) {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'helpers/submit-child.ts'), bookingId, JSON.stringify(actor)],
    {
      cwd: ROOT,
      env: { ...process.env, MONGODB_URI: process.env.QJT_TEST_MONGODB_URI, MONGODB_DB: mongoose.connection.name, QJT_FAULT_POINT: point, LOG_LEVEL: 'silent' },
      encoding: 'utf8',
      timeout: 60_000,
    },
  )
  expect([result.signal, result.stderr]).toEqual(['SIGKILL', ''])
}

async function setUp() {
  const org = await buildOrg()
  const admin = await buildUser({ org, roles: ['unit_admin'] })
  const auth = bearer(tokenFor(t, admin))
  const rows = [await buildInstrument({ org }), await buildInstrument({ org })]
  const res = await t.request.post('/api/v1/bookings').set(auth).send({ instrumentIds: rows.map((r) => String(r._id)) }).expect(201)
  const actor = { userId: String(admin._id), name: admin.name, orgId: String(org._id), orgType: 'unit', roles: ['unit_admin'] }
  return { auth, rows, bookingId: res.body.id as string, actor }
}

it('finishes a submission killed after taking the instruments', async () => {
  const { auth, rows, bookingId, actor } = await setUp()
  submitAndDie(bookingId, actor, 'submit:taken')
  // Half-done: instruments held, booking still a draft with its plan.
  let b = (await Booking.findById(bookingId).lean())!
  expect([b.status, b.submitting !== null]).toEqual(['draft', true])
  expect((await Instrument.find({ _id: { $in: rows.map((r) => r._id) }, openBookingId: b._id }).lean()).length).toBe(2)

  const res = await t.request.post(`/api/v1/bookings/${bookingId}/submit`).set(auth).send({}).expect(200)
  expect(res.body).toMatchObject({ status: 'submitted', tasks: [{ status: 'submitted', count: 2 }] })
  b = (await Booking.findById(bookingId).lean())!
  expect([b.submitting, b.followUp]).toEqual([null, false])
  expect(b.history.filter((h) => h.action === 'submit')).toHaveLength(1)
  expect(await TaskRow.countDocuments({ bookingId: b._id })).toBe(1)
}, 90_000)

it('finishes a submission killed right after its plan was recorded', async () => {
  const { auth, bookingId, actor } = await setUp()
  submitAndDie(bookingId, actor, 'submit:planned')
  const res = await t.request.post(`/api/v1/bookings/${bookingId}/submit`).set(auth).send({}).expect(200)
  expect(res.body.status).toBe('submitted')
}, 90_000)

it('undoes a half-done submission when an instrument can no longer be booked', async () => {
  const { auth, rows, bookingId, actor } = await setUp()
  submitAndDie(bookingId, actor, 'submit:planned')
  // Meanwhile the second instrument was disabled (it was not taken yet).
  await Instrument.updateOne({ _id: rows[1]!._id }, { $set: { status: 'disabled' } })
  const res = await t.request.post(`/api/v1/bookings/${bookingId}/submit`).set(auth).send({}).expect(422)
  expect(res.body.error.message).toContain(`${rows[1]!.code} 电子计价秤：已停用，不能预约`)
  const b = (await Booking.findById(bookingId).lean())!
  expect([b.status, b.submitting, b.tasks.length]).toEqual(['draft', null, 0])
  expect(await Instrument.countDocuments({ _id: { $in: rows.map((r) => r._id) }, openBookingId: { $ne: null } })).toBe(0)
}, 90_000)
