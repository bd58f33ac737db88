/**
 * Issuing a certificate is several writes without a transaction: number, certificate, ledger,
 * supersession, task and booking, receipt. Here the approving process is killed between steps;
 * the 批准人's retry or the background relay must finish the job — the same number, one
 * certificate, the ledger and the booking as if nothing had happened.
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import mongoose, { Types } from 'mongoose'
import pino from 'pino'
import { buildTestApp, type TestApp } from './helpers/app'
import { acceptedTask, demoStaff, recordedAndChecked, recordInput, type Staff } from './helpers/verification'
import { seedAll } from '../src/seed'
import { Booking } from '../src/modules/bookings/model'
import { BookingRelay } from '../src/modules/bookings/relay'
import { Certificate } from '../src/modules/certificates/model'
import { InstrumentAudit } from '../src/modules/instruments/audit.model'
import { Instrument } from '../src/modules/instruments/model'
import { Notification } from '../src/modules/notifications/notification.model'
import { VerificationRecord } from '../src/modules/verifications/model'

const NOW = '2026-11-27T02:00:00.000Z'
let t: TestApp
let staff: Staff
beforeAll(async () => {
  await seedAll({ log: pino({ level: 'silent' }) })
  t = await buildTestApp({ clock: () => new Date(NOW) })
  staff = await demoStaff(t)
})
afterAll(() => t.close())

const ROOT = path.resolve(__dirname, '../..')

/** Runs the approval in a child process that dies at `point`. */
function approveAndDie(recordId: string, point: string, input: object = {}) {
  const actor = { userId: staff.approverId, name: '演示批准人', orgId: String(staff.alsm._id), orgType: 'institution', roles: ['inst_approver'] }
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', path.join(__dirname, 'helpers/approve-child.ts'), recordId, JSON.stringify(actor), JSON.stringify(input)],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        MONGODB_URI: process.env.QJT_TEST_MONGODB_URI,
        MONGODB_DB: mongoose.connection.name,
        QJT_FAULT_POINT: point,
        QJT_TEST_NOW: NOW,
        LOG_LEVEL: 'silent',
      },
      encoding: 'utf8',
      timeout: 60_000,
    },
  )
  expect([result.signal, result.stderr]).toEqual(['SIGKILL', ''])
}

/** A one-instrument task with its record checked and waiting for approval. */
async function checkedRecord() {
  const task = await acceptedTask(t, staff, [{ validUntil: '2026-12-31', verifyStatus: 'verified', verifyResult: 'pass' }])
  const record = await recordedAndChecked(t, staff, task.taskId, recordInput(task.rows[0]!._id))
  return { ...task, recordId: record.id }
}

/** Everything an issuance leaves behind, whole and exactly once. */
async function expectIssued(c: Awaited<ReturnType<typeof checkedRecord>>, no: string) {
  const recordId = new Types.ObjectId(c.recordId)
  const record = (await VerificationRecord.findById(recordId).lean())!
  expect(record).toMatchObject({ status: 'approved', followUp: false, certificateNo: no })
  const certs = await Certificate.find({ recordId }).lean()
  expect(certs.map((x) => x.no)).toEqual([no])
  expect(await Certificate.countDocuments({ instrumentId: c.rows[0]!._id })).toBe(1)
  expect((await Instrument.findById(c.rows[0]!._id).lean())!).toMatchObject({
    certificateNo: no,
    certificateId: certs[0]!._id,
    validUntil: '2027-11-26',
    verifyStatus: 'verified',
    openBookingId: null,
  })
  expect(await InstrumentAudit.countDocuments({ instrumentId: c.rows[0]!._id, action: 'verify' })).toBe(1)
  expect(await Notification.countDocuments({ orgId: c.unit._id, event: 'certificate_issued' })).toBe(1)
  const b = (await Booking.findById(c.bookingId).lean())!
  expect([b.status, b.tasks[0]!.status, b.followUp]).toEqual(['completed', 'completed', false])
  expect(b.history.filter((h) => h.action === 'complete')).toHaveLength(1)
}

const relay = () => new BookingRelay(t.app.services.bookings, pino({ level: 'silent' }), 60_000, 0).runOnce()

it('the 批准人 retrying finishes an issuance killed right after the signature', async () => {
  const c = await checkedRecord()
  approveAndDie(c.recordId, 'issue:approved')
  const half = (await VerificationRecord.findById(c.recordId).lean())!
  expect([half.status, half.followUp, half.issuing?.no]).toEqual(['approved', true, null])

  const res = await t.request.post(`/api/v1/records/${c.recordId}/approve`).set(staff.approver).send({}).expect(200)
  expect(res.body.certificateNo).toMatch(/^ALSM-2026-\d{6}$/)
  await expectIssued(c, res.body.certificateNo)
}, 90_000)

it('keeps the number reserved before the crash: never a second one', async () => {
  const c = await checkedRecord()
  approveAndDie(c.recordId, 'issue:numbered')
  const reserved = (await VerificationRecord.findById(c.recordId).lean())!.issuing!.no!
  expect(reserved).toMatch(/^ALSM-2026-\d{6}$/)
  expect(await Certificate.countDocuments({ recordId: new Types.ObjectId(c.recordId) })).toBe(0)

  // Someone else cannot take over the approval; the one who signed finishes it.
  await t.request.post(`/api/v1/records/${c.recordId}/approve`).set(staff.checker).send({}).expect(403)
  const res = await t.request.post(`/api/v1/records/${c.recordId}/approve`).set(staff.approver).send({}).expect(200)
  expect(res.body.certificateNo).toBe(reserved)
  await expectIssued(c, reserved)
}, 90_000)

it('the relay finishes an issuance killed after the certificate was written', async () => {
  const c = await checkedRecord()
  approveAndDie(c.recordId, 'issue:certificate')
  const cert = (await Certificate.findOne({ recordId: new Types.ObjectId(c.recordId) }).lean())!
  // Half-done: the certificate exists, the ledger and the booking do not know yet.
  expect((await Instrument.findById(c.rows[0]!._id).lean())!.certificateId).toBeNull()
  expect((await Booking.findById(c.bookingId).lean())!.status).toBe('in_progress')

  expect(await relay()).toBeGreaterThanOrEqual(1)
  await expectIssued(c, cert.no)
}, 90_000)

it('the relay finishes an issuance killed after the ledger was updated', async () => {
  const c = await checkedRecord()
  approveAndDie(c.recordId, 'issue:ledger')
  const no = (await VerificationRecord.findById(c.recordId).lean())!.issuing!.no!
  expect((await Instrument.findById(c.rows[0]!._id).lean())!.certificateNo).toBe(no)
  expect((await Booking.findById(c.bookingId).lean())!.status).toBe('in_progress')

  await relay()
  await expectIssued(c, no)
}, 90_000)
