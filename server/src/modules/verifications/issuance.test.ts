import pino from 'pino'
import { Types } from 'mongoose'
import { buildTestApp, type TestApp } from '../../../test/helpers/app'
import { acceptedTask, bookAndAccept, demoStaff, FAILING_POINTS, recordedAndChecked, recordInput, type Staff } from '../../../test/helpers/verification'
import { seedAll } from '../../seed'
import { Booking, TaskRow } from '../bookings/model'
import { Certificate } from '../certificates/model'
import { InstrumentAudit } from '../instruments/audit.model'
import { Instrument } from '../instruments/model'
import { Notification } from '../notifications/notification.model'
import { Organization } from '../organizations/model'
import { VerificationRecord } from './model'

let now = new Date('2026-11-27T02:00:00Z')
let t: TestApp
let staff: Staff

beforeAll(async () => {
  await seedAll({ log: pino({ level: 'silent' }) })
  t = await buildTestApp({ clock: () => now })
  staff = await demoStaff(t)
})
afterAll(() => t.close())

const post = (path: string) => t.request.post(`/api/v1${path}`)
const approve = (id: string, body: object = {}) => post(`/records/${id}/approve`).set(staff.approver).send(body)

describe('approval issues the certificate and moves everything on', () => {
  it('task, booking and ledger: 已受理 → 检定中 → 已完成, the row 已检 with 证书编号 and 有效期至, released', async () => {
    const { taskId, bookingId, rows, unit, unitAuth } = await acceptedTask(t, staff, [
      { status: 'new', validUntil: '2026-12-31', verifyStatus: 'verified', verifyResult: 'pass', accuracyClass: 'Ⅲ', manufacturer: '上海友声衡器有限公司' },
      {},
    ])
    const bookingStatus = async () => (await t.request.get(`/api/v1/bookings/${bookingId}`).set(unitAuth).expect(200)).body.status
    expect(await bookingStatus()).toBe('accepted')

    const first = await recordedAndChecked(t, staff, taskId, recordInput(rows[0]!._id))
    expect(await bookingStatus()).toBe('in_progress')
    const approved = await approve(first.id).expect(200)
    expect(approved.body).toMatchObject({ status: 'approved', certificateNo: expect.stringMatching(/^ALSM-2026-\d{6}$/) })
    // One of two instruments done: still 检定中.
    expect(await bookingStatus()).toBe('in_progress')

    const cert = (await Certificate.findOne({ recordId: new Types.ObjectId(first.id) }).lean())!
    const alsm = (await Organization.findById(staff.alsm._id).lean())!
    expect(cert).toMatchObject({
      no: approved.body.certificateNo,
      type: 'certificate',
      conclusion: 'pass',
      conclusionText: 'Ⅲ级 合格',
      orgId: unit._id,
      institutionId: alsm._id,
      unit: { name: unit.name, address: unit.address, regionCode: '152921' },
      instrument: { code: rows[0]!.code, name: '电子计价秤', serialNo: rows[0]!.serialNo, manufacturer: '上海友声衡器有限公司', accuracyClass: 'Ⅲ', level2Code: '0101' },
      institution: { name: '阿拉善盟检验检测中心', shortCode: 'ALSM', address: alsm.address, phone: '0483-8350096', authorizationNo: null },
      regulation: 'JJG 539-2016',
      place: '阿拉善盟检验检测中心衡器实验室',
      environment: { temperature: '20.5', humidity: '45', other: null },
      standards: [{ name: 'F1等级砝码组', certificateNo: 'ZJ-2026-0113', validUntil: '2027-03-31' }],
      verifiedAt: '2026-11-27',
      validUntil: '2027-11-26',
      previousValidUntil: '2026-12-31',
      mode: 'periodic',
      replaceBy: null,
      verifier: { name: '演示检定员' },
      checker: { name: '演示核验员' },
      approver: { name: '演示批准人' },
      issuedAt: now,
      supersedes: null,
      supersededBy: null,
    })
    expect(cert.points).toHaveLength(3)
    // Signed at issuance: the QR code's signature checks out against the stored facts.
    const signer = t.app.services.certificateSigner
    expect(cert.keyId).toBe(signer.keyId)
    expect(signer.verifySignature(cert.no, signer.signatureOf(cert), cert)).toBe(true)

    const row = (await Instrument.findById(rows[0]!._id).lean())!
    expect(row).toMatchObject({
      institutionId: alsm._id,
      institutionName: '阿拉善盟检验检测中心',
      certificateNo: cert.no,
      certificateId: cert._id,
      validUntil: '2027-11-26',
      verifyStatus: 'verified',
      verifyResult: 'pass',
      status: 'in_use',
      openBookingId: null,
    })
    const audit = await InstrumentAudit.find({ instrumentId: rows[0]!._id, action: 'verify' }).lean()
    expect(audit).toHaveLength(1)
    expect(audit[0]!.note).toBe(`阿拉善盟检验检测中心出具检定证书 ${cert.no}，检定合格`)
    // Still held: the other instrument is not approved yet.
    expect((await Instrument.findById(rows[1]!._id).lean())!.openBookingId).not.toBeNull()

    const second = await recordedAndChecked(t, staff, taskId, recordInput(rows[1]!._id))
    await approve(second.id).expect(200)
    expect(await bookingStatus()).toBe('completed')
    const b = (await Booking.findById(bookingId).lean())!
    expect([b.tasks[0]!.status, b.followUp]).toEqual(['completed', false])
    expect(b.history.map((h) => h.action)).toEqual(['create', 'submit', 'accept', 'start', 'complete'])
    expect((await TaskRow.findById(taskId).lean())!.status).toBe('completed')
    const task = await t.request.get(`/api/v1/tasks/${taskId}`).set(staff.verifier).expect(200)
    expect(task.body.items.map((i: { record: { status: string; certificateNo: string } }) => i.record.status)).toEqual(['approved', 'approved'])
    expect((await Instrument.findById(rows[1]!._id).lean())!).toMatchObject({ openBookingId: null, status: 'in_use', verifyStatus: 'verified' })

    // The instrument's page lists the certificate; the unit may book it again now.
    const detail = await t.request.get(`/api/v1/instruments/${rows[0]!._id}`).set(unitAuth).expect(200)
    expect(detail.body).toMatchObject({ certified: true, verifications: [{ certificateNo: cert.no, verifiedAt: '2026-11-27', result: 'pass', validUntil: '2027-11-26', institutionName: '阿拉善盟检验检测中心' }] })
    await post('/bookings').set(unitAuth).send({ instrumentIds: [String(rows[0]!._id)] }).expect(201)
  })

  it('tells the unit, once per certificate', async () => {
    const { taskId, rows, unit } = await acceptedTask(t, staff)
    const record = await recordedAndChecked(t, staff, taskId, recordInput(rows[0]!._id))
    const res = await approve(record.id).expect(200)
    const notes = await Notification.find({ orgId: unit._id, event: 'certificate_issued' }).lean()
    expect(notes).toHaveLength(1)
    expect(notes[0]).toMatchObject({
      title: '检定证书已出具',
      body: `阿拉善盟检验检测中心已出具检定证书 ${res.body.certificateNo}：电子计价秤（出厂编号 ${rows[0]!.serialNo}）检定合格，有效期至 2027-11-26。`,
      page: `packages/certificates/detail/index?no=${res.body.certificateNo}`,
    })
  })

  it('a fail is a 检定结果通知书: its own number series, no 有效期至, the failed items listed', async () => {
    const { taskId, rows } = await acceptedTask(t, staff, [{ validUntil: '2026-12-31', verifyStatus: 'verified', verifyResult: 'pass' }])
    const record = await recordedAndChecked(t, staff, taskId, recordInput(rows[0]!._id, { points: FAILING_POINTS }))
    const refused = await approve(record.id, { validUntil: '2027-11-26' }).expect(422)
    expect(refused.body.error.code).toBe('VALID_UNTIL_NOT_ALLOWED')
    const res = await approve(record.id).expect(200)
    expect(res.body.certificateNo).toMatch(/^ALSM-TZ-2026-\d{6}$/)
    const cert = (await Certificate.findOne({ no: res.body.certificateNo }).lean())!
    expect(cert).toMatchObject({
      type: 'notice',
      conclusion: 'fail',
      conclusionText: '不合格',
      validUntil: null,
      previousValidUntil: '2026-12-31',
      failures: ['第2点 示值误差 +0.006 kg 超过最大允许误差 ±0.005 kg'],
    })
    expect((await Instrument.findById(rows[0]!._id).lean())!).toMatchObject({
      certificateNo: cert.no,
      validUntil: null,
      verifyStatus: 'verified',
      verifyResult: 'fail',
      openBookingId: null,
    })
  })
})

describe('移出器具: an instrument nobody presented', () => {
  const remove = (taskId: string, body: object) => post(`/tasks/${taskId}/remove`).set(staff.verifier).send(body)

  it('leaves the task with the reason, back to the ledger; the task completes when the rest is approved', async () => {
    const { taskId, bookingId, rows, unit, unitAuth } = await acceptedTask(t, staff, [{}, {}])
    const first = await recordedAndChecked(t, staff, taskId, recordInput(rows[0]!._id))
    await approve(first.id).expect(200)
    expect((await t.request.get(`/api/v1/bookings/${bookingId}`).set(unitAuth).expect(200)).body.status).toBe('in_progress')

    const res = await remove(taskId, { instrumentId: String(rows[1]!._id), reason: '单位未送检' }).expect(200)
    expect(res.body.items.map((i: { instrumentId: string }) => i.instrumentId)).toEqual([String(rows[0]!._id)])
    expect(res.body.status).toBe('completed')

    const booking = (await t.request.get(`/api/v1/bookings/${bookingId}`).set(unitAuth).expect(200)).body
    expect(booking.status).toBe('completed')
    expect(booking.items.find((i: { instrumentId: string }) => i.instrumentId === String(rows[1]!._id)).removedReason).toBe('单位未送检')
    expect(booking.history.map((h: { action: string }) => h.action).slice(-2)).toEqual(['remove', 'complete'])
    expect(booking.history.at(-2).note).toContain('单位未送检')
    // Back in the ledger as before the booking, free to be booked again.
    expect(await Instrument.findById(rows[1]!._id).lean()).toMatchObject({ openBookingId: null, verifyStatus: 'unverified' })
    const note = (await Notification.findOne({ orgId: unit._id, event: 'booking_item_removed' }).lean())!
    expect(note.body).toContain('单位未送检')
    await t.request.post('/api/v1/bookings').set(unitAuth).send({ instrumentIds: [String(rows[1]!._id)] }).expect(201)
  })

  it('records or removes an instrument, never both, when the two come at once', async () => {
    for (let round = 0; round < 5; round++) {
      const { taskId, rows } = await acceptedTask(t, staff, [{}, {}])
      const [recorded, removed] = await Promise.all([
        post(`/tasks/${taskId}/records`).set(staff.verifier).send(recordInput(rows[0]!._id)),
        remove(taskId, { instrumentId: String(rows[0]!._id), reason: '单位未送检' }),
      ])
      expect([recorded.status, removed.status].filter((s) => s < 300)).toHaveLength(1)
      const records = await VerificationRecord.countDocuments({ taskId: new Types.ObjectId(taskId), instrumentId: rows[0]!._id })
      const task = (await t.request.get(`/api/v1/tasks/${taskId}`).set(staff.verifier).expect(200)).body
      const onTask = task.items.some((i: { instrumentId: string }) => i.instrumentId === String(rows[0]!._id))
      expect({ records, onTask }).toEqual(recorded.status === 201 ? { records: 1, onTask: true } : { records: 0, onTask: false })
    }
  })

  it('completes a task whose every instrument was removed, and refuses what cannot be removed', async () => {
    const { taskId, rows } = await acceptedTask(t, staff, [{}, {}])
    await post(`/tasks/${taskId}/records`).set(staff.verifier).send(recordInput(rows[0]!._id)).expect(201)
    const recorded = await remove(taskId, { instrumentId: String(rows[0]!._id), reason: '单位未送检' }).expect(409)
    expect(recorded.body.error.message).toContain('已有检定记录')
    const stranger = await remove(taskId, { instrumentId: String(new Types.ObjectId()), reason: '单位未送检' }).expect(422)
    expect(stranger.body.error.code).toBe('INSTRUMENT_NOT_IN_TASK')
    const noReason = await remove(taskId, { instrumentId: String(rows[1]!._id), reason: '' }).expect(400)
    expect(noReason.body.error.details[0]).toMatchObject({ path: 'reason' })
    await post(`/tasks/${taskId}/remove`).set(staff.checker).send({ instrumentId: String(rows[1]!._id), reason: '单位未送检' }).expect(403)

    const other = await acceptedTask(t, staff, [{}])
    const res = await remove(other.taskId, { instrumentId: String(other.rows[0]!._id), reason: '器具已损坏，无法检定' }).expect(200)
    expect(res.body).toMatchObject({ status: 'completed', items: [] })
    await remove(other.taskId, { instrumentId: String(other.rows[0]!._id), reason: '再移一次' }).expect(409)
  })
})

describe('证书编号', () => {
  it('numbers 20 simultaneous approvals uniquely and consecutively', async () => {
    const { taskId, rows, bookingId } = await acceptedTask(t, staff, Array.from({ length: 20 }, () => ({})))
    const records = []
    for (const row of rows) records.push(await recordedAndChecked(t, staff, taskId, recordInput(row._id)))
    const results = await Promise.all(records.map((r) => approve(r.id)))
    expect(results.map((r) => r.status)).toEqual(Array(20).fill(200))
    const numbers = results.map((r) => r.body.certificateNo as string)
    expect(numbers.every((n) => /^ALSM-2026-\d{6}$/.test(n))).toBe(true)
    const serials = numbers.map((n) => Number(n.slice(-6))).sort((a, b) => a - b)
    expect(serials).toEqual(Array.from({ length: 20 }, (_, i) => serials[0]! + i))
    expect(await Certificate.countDocuments({ no: { $in: numbers } })).toBe(20)
    expect((await Booking.findById(bookingId).lean())!.status).toBe('completed')
    expect(await Instrument.countDocuments({ _id: { $in: rows.map((r) => r._id) }, verifyStatus: 'verified', openBookingId: null })).toBe(20)
  }, 180_000)

  it('starts again at 000001 in a new year', async () => {
    now = new Date('2027-01-01T01:00:00Z')
    try {
      const { taskId, rows } = await acceptedTask(t, staff, [{}], { scheduledDate: '2027-01-01' })
      const record = await recordedAndChecked(t, staff, taskId, recordInput(rows[0]!._id, { verifiedAt: '2027-01-01' }))
      expect((await approve(record.id).expect(200)).body.certificateNo).toBe('ALSM-2027-000001')
    } finally {
      now = new Date('2026-11-27T02:00:00Z')
    }
  })
})

describe('有效期至', () => {
  it('where the catalogue has no period the approver enters it, and may not where it has one', async () => {
    // 0201 自动衡器: no mode or period confirmed in the catalogue.
    const { taskId, rows } = await acceptedTask(t, staff, [
      { name: '自动衡器', level1Code: '02', level1Name: '自动衡器', level2Code: '0201', level2Name: '自动衡器' },
      {},
    ])
    const unknown = await recordedAndChecked(t, staff, taskId, recordInput(rows[0]!._id, { regulation: 'JJG 907-2006' }))
    const view = await t.request.get(`/api/v1/records/${unknown.id}`).set(staff.approver).expect(200)
    expect(view.body).toMatchObject({ needsValidUntil: true, mode: null })
    const missing = await approve(unknown.id).expect(422)
    expect(missing.body.error).toMatchObject({ code: 'VALID_UNTIL_REQUIRED', details: [{ path: 'validUntil' }] })
    const res = await approve(unknown.id, { validUntil: '2027-05-31' }).expect(200)
    expect((await Certificate.findOne({ no: res.body.certificateNo }).lean())!.validUntil).toBe('2027-05-31')
    expect((await Instrument.findById(rows[0]!._id).lean())!.validUntil).toBe('2027-05-31')

    const periodic = await recordedAndChecked(t, staff, taskId, recordInput(rows[1]!._id))
    const refused = await approve(periodic.id, { validUntil: '2028-11-26' }).expect(422)
    expect(refused.body.error).toMatchObject({ code: 'VALID_UNTIL_NOT_ALLOWED', message: expect.stringContaining('检定周期为12个月') })
  })

  it('a water meter (verified once, replaced when due): no 有效期至, 到期轮换日期 from the purchase date and the size class', async () => {
    const meter = { name: '水表', level1Code: '07', level1Name: '水表', level2Code: '0701', level2Name: '水表', purchasedAt: '2024-03-01' }
    const { taskId, rows } = await acceptedTask(t, staff, [meter])
    const record = await recordedAndChecked(
      t,
      staff,
      taskId,
      recordInput(rows[0]!._id, { regulation: 'JJG 162-2019', points: [{ nominal: '100', indication: '101.5', mpe: '2', unit: 'L' }] }),
    )
    const view = await t.request.get(`/api/v1/records/${record.id}`).set(staff.approver).expect(200)
    expect(view.body).toMatchObject({ mode: 'initial_only_rotate', needsValidUntil: false, usageClasses: [{ key: 'DN<=25', months: 72 }, { key: '25<DN<=50', months: 48 }] })
    expect((await approve(record.id).expect(422)).body.error.code).toBe('USAGE_LIMIT_REQUIRED')
    const res = await approve(record.id, { usageClass: 'DN<=25' }).expect(200)
    const cert = (await Certificate.findOne({ no: res.body.certificateNo }).lean())!
    expect(cert).toMatchObject({ mode: 'initial_only_rotate', validUntil: null, replaceBy: '2030-03-01' })
    expect((await Instrument.findById(rows[0]!._id).lean())!.validUntil).toBe('2030-03-01')
  })
})

describe('a second verification of the same instrument', () => {
  it('supersedes the older certificate, and the ledger follows the newer one', async () => {
    const { taskId, rows, unitAuth } = await acceptedTask(t, staff)
    const first = await recordedAndChecked(t, staff, taskId, recordInput(rows[0]!._id))
    const firstNo = (await approve(first.id).expect(200)).body.certificateNo as string

    const again = await bookAndAccept(t, staff, unitAuth, [(await Instrument.findById(rows[0]!._id).lean()) as never])
    const second = await recordedAndChecked(t, staff, again.taskId, recordInput(rows[0]!._id, { points: FAILING_POINTS }))
    const secondNo = (await approve(second.id).expect(200)).body.certificateNo as string

    const [older, newer] = await Promise.all([Certificate.findOne({ no: firstNo }).lean(), Certificate.findOne({ no: secondNo }).lean()])
    expect([older!.supersededBy, newer!.supersedes, newer!.supersededBy]).toEqual([secondNo, firstNo, null])
    expect(newer!.previousValidUntil).toBe('2027-11-26')
    expect((await Instrument.findById(rows[0]!._id).lean())!).toMatchObject({ certificateNo: secondNo, certificateId: newer!._id, verifyResult: 'fail', validUntil: null })
  })
})

describe('re-running an issuance', () => {
  it('changes nothing once done, and a second approval is refused', async () => {
    const { taskId, rows, unit } = await acceptedTask(t, staff)
    const record = await recordedAndChecked(t, staff, taskId, recordInput(rows[0]!._id))
    const res = await approve(record.id).expect(200)
    const again = await approve(record.id).expect(409)
    expect(again.body.error.message).toBe('记录已批准')
    // As the relay would, on a record whose follow-up flag was left set.
    await VerificationRecord.updateOne({ _id: record.id }, { $set: { followUp: true } })
    await t.app.services.records.issuance.finish(new Types.ObjectId(record.id))
    expect(await Certificate.countDocuments({ recordId: new Types.ObjectId(record.id) })).toBe(1)
    expect(await InstrumentAudit.countDocuments({ instrumentId: rows[0]!._id, action: 'verify' })).toBe(1)
    expect(await Notification.countDocuments({ orgId: unit._id, event: 'certificate_issued' })).toBe(1)
    expect((await VerificationRecord.findById(record.id).lean())!).toMatchObject({ followUp: false, certificateNo: res.body.certificateNo })
  })

  it('refuses to issue for an institution without a short code', async () => {
    const { taskId, rows } = await acceptedTask(t, staff)
    const record = await recordedAndChecked(t, staff, taskId, recordInput(rows[0]!._id))
    await Organization.updateOne({ _id: staff.alsm._id }, { $unset: { shortCode: 1 } })
    try {
      expect((await approve(record.id).expect(422)).body.error.code).toBe('CERTIFICATE_PREFIX_MISSING')
      expect((await VerificationRecord.findById(record.id).lean())!.status).toBe('checked')
    } finally {
      await Organization.updateOne({ _id: staff.alsm._id }, { $set: { shortCode: 'ALSM' } })
    }
  })
})
