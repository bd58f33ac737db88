import pino from 'pino'
import { Types } from 'mongoose'
import { buildTestApp, bearer, type TestApp } from '../../../test/helpers/app'
import { buildInstrument, buildUser, tokenFor } from '../../../test/helpers/factories'
import { acceptedTask, colleague, demoStaff, FAILING_POINTS, recordedAndChecked, recordInput, type Staff } from '../../../test/helpers/verification'
import { seedAll } from '../../seed'
import { Booking } from '../bookings/model'
import { Instrument } from '../instruments/model'
import { VerificationRecord } from './model'

const now = new Date('2026-11-27T02:00:00Z')
let t: TestApp
let staff: Staff

beforeAll(async () => {
  await seedAll({ log: pino({ level: 'silent' }) })
  t = await buildTestApp({ clock: () => now })
  staff = await demoStaff(t)
})
afterAll(() => t.close())

const post = (path: string) => t.request.post(`/api/v1${path}`)

describe('录入检定数据', () => {
  it('computes errors and the conclusion, and moves task, booking and ledger to 检定中', async () => {
    const { taskId, bookingId, rows, unitAuth } = await acceptedTask(t, staff)
    expect((await Booking.findById(bookingId).lean())!.status).toBe('accepted')

    const res = await post(`/tasks/${taskId}/records`).set(staff.verifier).send(recordInput(rows[0]!._id)).expect(201)
    expect(res.body).toMatchObject({
      taskId,
      status: 'recorded',
      conclusion: 'pass',
      failures: [],
      instrument: { id: String(rows[0]!._id), code: rows[0]!.code, level2Name: '非自动衡器' },
      verifier: { userId: staff.verifierId, name: '演示检定员' },
      checker: null,
      approver: null,
      certificateNo: null,
      needsValidUntil: false,
      mode: 'periodic',
    })
    expect(res.body.points.map((p: { error: string; passed: boolean }) => [p.error, p.passed])).toEqual([
      ['0.000', true],
      ['0.005', true],
      ['-0.005', true],
    ])

    const booking = await t.request.get(`/api/v1/bookings/${bookingId}`).set(unitAuth).expect(200)
    expect(booking.body.status).toBe('in_progress')
    expect(booking.body.tasks[0].status).toBe('in_progress')
    expect(booking.body.history.at(-1)).toMatchObject({ action: 'start', by: '演示检定员' })
    expect((await Instrument.findById(rows[0]!._id).lean())!.verifyStatus).toBe('verifying')

    const task = await t.request.get(`/api/v1/tasks/${taskId}`).set(staff.checker).expect(200)
    expect(task.body.status).toBe('in_progress')
    expect(task.body.items[0].record).toEqual({ id: res.body.id, status: 'recorded', conclusion: 'pass', certificateNo: null })
  })

  it('takes no conclusion from the client: one failed point or a failed inspection fails it', async () => {
    const { taskId, rows } = await acceptedTask(t, staff, [{}, {}])
    const withConclusion = { ...recordInput(rows[0]!._id), conclusion: 'pass' }
    await post(`/tasks/${taskId}/records`).set(staff.verifier).send(withConclusion).expect(400)

    const failed = await post(`/tasks/${taskId}/records`).set(staff.verifier).send(recordInput(rows[0]!._id, { points: FAILING_POINTS })).expect(201)
    expect(failed.body).toMatchObject({ conclusion: 'fail', failures: ['第2点 示值误差 +0.006 kg 超过最大允许误差 ±0.005 kg'] })

    const looked = recordInput(rows[1]!._id, { inspection: { passed: false, reason: '检定标记被破坏' } })
    const inspected = await post(`/tasks/${taskId}/records`).set(staff.verifier).send(looked).expect(201)
    expect(inspected.body).toMatchObject({ conclusion: 'fail', failures: ['外观检查不合格：检定标记被破坏'], inspection: { passed: false, reason: '检定标记被破坏' } })
  })

  it('refuses what cannot be right: another institution’s task, an instrument not in it, a second record, odd dates', async () => {
    const { taskId, rows, unit } = await acceptedTask(t, staff)
    const otherInstitution = bearer(tokenFor(t, await buildUser({ roles: ['inst_verifier'] })))
    await post(`/tasks/${taskId}/records`).set(otherInstitution).send(recordInput(rows[0]!._id)).expect(404)

    const stranger = await buildInstrument({ org: unit })
    const notInTask = await post(`/tasks/${taskId}/records`).set(staff.verifier).send(recordInput(stranger._id)).expect(422)
    expect(notInTask.body.error.code).toBe('INSTRUMENT_NOT_IN_TASK')

    const future = await post(`/tasks/${taskId}/records`).set(staff.verifier).send(recordInput(rows[0]!._id, { verifiedAt: '2026-11-28' })).expect(400)
    expect(future.body.error.details).toEqual([{ path: 'verifiedAt', message: '检定日期不能晚于今天' }])
    const expired = recordInput(rows[0]!._id, { standards: [{ name: 'F1等级砝码组', certificateNo: 'ZJ-1', validUntil: '2026-11-26' }] })
    const old = await post(`/tasks/${taskId}/records`).set(staff.verifier).send(expired).expect(400)
    expect(old.body.error.details[0].path).toBe('standards.0.validUntil')

    await post(`/tasks/${taskId}/records`).set(staff.verifier).send(recordInput(rows[0]!._id)).expect(201)
    const again = await post(`/tasks/${taskId}/records`).set(staff.checker).send(recordInput(rows[0]!._id)).expect(409)
    expect(again.body.error.code).toBe('RECORD_EXISTS')
  })

  it('makes one record of two 检定员 recording the same instrument at once', async () => {
    const { taskId, rows } = await acceptedTask(t, staff)
    const results = await Promise.all([staff.verifier, staff.checker].map((auth) => post(`/tasks/${taskId}/records`).set(auth).send(recordInput(rows[0]!._id))))
    expect(results.map((r) => r.status).sort()).toEqual([201, 409])
    expect(await VerificationRecord.countDocuments({ taskId: new Types.ObjectId(taskId) })).toBe(1)
  })

  it('refuses a task not yet accepted, and an instrument already approved in the task', async () => {
    const { taskId, rows, unit, unitAuth } = await acceptedTask(t, staff)
    const record = await recordedAndChecked(t, staff, taskId, recordInput(rows[0]!._id))
    await post(`/records/${record.id}/approve`).set(staff.approver).send({}).expect(200)
    const approved = await post(`/tasks/${taskId}/records`).set(staff.verifier).send(recordInput(rows[0]!._id)).expect(422)
    expect(approved.body.error.code).toBe('RECORD_ALREADY_APPROVED')

    const row = await buildInstrument({ org: unit })
    const draft = await post('/bookings').set(unitAuth).send({ instrumentIds: [String(row._id)] }).expect(201)
    const submitted = await post(`/bookings/${draft.body.id}/submit`).set(unitAuth).send({}).expect(200)
    const waiting = await post(`/tasks/${submitted.body.tasks[0].id}/records`).set(staff.verifier).send(recordInput(row._id)).expect(409)
    expect(waiting.body.error).toMatchObject({ code: 'TASK_NOT_ACTIONABLE', message: '任务尚未受理，不能录入检定数据' })
  })
})

describe('three signers', () => {
  it('the 检定员 cannot check their own record, nor the 核验员 approve it — even holding every role', async () => {
    const { taskId, rows } = await acceptedTask(t, staff, [{}, {}])
    const everything = await buildUser({ org: staff.alsm, roles: ['inst_reviewer', 'inst_verifier', 'inst_approver'] })
    const allAuth = bearer(tokenFor(t, everything))
    const created = await post(`/tasks/${taskId}/records`).set(allAuth).send(recordInput(rows[0]!._id)).expect(201)

    const own = await post(`/records/${created.body.id}/check`).set(allAuth).send({}).expect(422)
    expect(own.body.error).toMatchObject({ code: 'SIGNER_CONFLICT', message: expect.stringContaining('不能再作为核验员签字') })
    await post(`/records/${created.body.id}/check`).set(staff.checker).send({}).expect(200)
    const ownApproval = await post(`/records/${created.body.id}/approve`).set(allAuth).send({}).expect(422)
    expect(ownApproval.body.error.code).toBe('SIGNER_CONFLICT')

    // A 检定员 who is also a 批准人 checks another record, then cannot approve it.
    const checkerApprover = await colleague(t, staff, ['inst_verifier', 'inst_approver'])
    const other = await post(`/tasks/${taskId}/records`).set(staff.verifier).send(recordInput(rows[1]!._id)).expect(201)
    await post(`/records/${other.body.id}/check`).set(checkerApprover).send({}).expect(200)
    const twice = await post(`/records/${other.body.id}/approve`).set(checkerApprover).send({}).expect(422)
    expect(twice.body.error.message).toBe('您已作为核验员签字，不能再作为批准人签字')

    const approved = await post(`/records/${created.body.id}/approve`).set(staff.approver).send({}).expect(200)
    expect(approved.body).toMatchObject({
      status: 'approved',
      verifier: { userId: String(everything._id) },
      checker: { userId: staff.checkerId, name: '演示核验员' },
      approver: { userId: staff.approverId, name: '演示批准人', at: now.toISOString() },
    })
    expect(approved.body.certificateNo).toMatch(/^ALSM-2026-\d{6}$/)
  })

  it('wrong roles get 403; another institution gets 404 on every record route', async () => {
    const { taskId, rows } = await acceptedTask(t, staff)
    const created = await post(`/tasks/${taskId}/records`).set(staff.verifier).send(recordInput(rows[0]!._id)).expect(201)
    const id = created.body.id as string
    const reviewer = await colleague(t, staff, ['inst_reviewer'])
    await post(`/tasks/${taskId}/records`).set(staff.approver).send(recordInput(rows[0]!._id)).expect(403)
    await post(`/records/${id}/check`).set(staff.approver).send({}).expect(403)
    await post(`/records/${id}/check`).set(reviewer).send({}).expect(403)
    await post(`/records/${id}/approve`).set(staff.checker).send({}).expect(403)
    // Before the check, sending back is the 核验员's, not the 批准人's.
    const early = await post(`/records/${id}/send-back`).set(staff.approver).send({ reason: '数据不全' }).expect(403)
    expect(early.body.error.message).toBe('待核验的记录由核验员退回')
    await t.request.get(`/api/v1/records/${id}`).set(reviewer).expect(200)
    await t.request.get(`/api/v1/records/${id}`).set((await acceptedTask(t, staff)).unitAuth).expect(403)

    const others = await Promise.all(
      (['inst_reviewer', 'inst_verifier', 'inst_approver'] as const).map(async (role) => bearer(tokenFor(t, await buildUser({ roles: [role] })))),
    )
    const [otherReviewer, otherVerifier, otherApprover] = others as [ReturnType<typeof bearer>, ReturnType<typeof bearer>, ReturnType<typeof bearer>]
    await t.request.get(`/api/v1/records/${id}`).set(otherReviewer).expect(404)
    await t.request.patch(`/api/v1/records/${id}`).set(otherVerifier).send({ ...recordInput(rows[0]!._id), instrumentId: undefined, version: 0 }).expect(404)
    await post(`/records/${id}/check`).set(otherVerifier).send({}).expect(404)
    await post(`/records/${id}/send-back`).set(otherVerifier).send({ reason: '数据不全' }).expect(404)
    await post(`/records/${id}/approve`).set(otherApprover).send({}).expect(404)
    const list = await t.request.get('/api/v1/records').set(otherReviewer).expect(200)
    expect(list.body.total).toBe(0)
  })

  it('two 核验员 checking at once: exactly one signs, the other gets 409', async () => {
    const { taskId, rows } = await acceptedTask(t, staff)
    const created = await post(`/tasks/${taskId}/records`).set(staff.verifier).send(recordInput(rows[0]!._id)).expect(201)
    const second = await colleague(t, staff, ['inst_verifier'])
    const results = await Promise.all([staff.checker, second].map((auth) => post(`/records/${created.body.id}/check`).set(auth).send({})))
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    const record = (await VerificationRecord.findById(created.body.id).lean())!
    expect(record.history.filter((h) => h.action === 'check')).toHaveLength(1)
  })

  it('a check and a send-back at once: exactly one wins', async () => {
    const { taskId, rows } = await acceptedTask(t, staff)
    const created = await post(`/tasks/${taskId}/records`).set(staff.verifier).send(recordInput(rows[0]!._id)).expect(201)
    const second = await colleague(t, staff, ['inst_verifier'])
    const [checked, sentBack] = await Promise.all([
      post(`/records/${created.body.id}/check`).set(staff.checker).send({}),
      post(`/records/${created.body.id}/send-back`).set(second).send({ reason: '温度未记录到小数' }),
    ])
    expect([checked.status, sentBack.status].sort()).toEqual([200, 409])
    const record = (await VerificationRecord.findById(created.body.id).lean())!
    expect(record.status).toBe(checked.status === 200 ? 'checked' : 'sent_back')
    expect(record.history).toHaveLength(2)
  })

  it('an approval and a send-back by two 批准人 at once: exactly one wins, one certificate at most', async () => {
    const { taskId, rows } = await acceptedTask(t, staff)
    const record = await recordedAndChecked(t, staff, taskId, recordInput(rows[0]!._id))
    const second = await colleague(t, staff, ['inst_approver'])
    const [approved, sentBack] = await Promise.all([
      post(`/records/${record.id}/approve`).set(staff.approver).send({}),
      post(`/records/${record.id}/send-back`).set(second).send({ reason: '标准器证书编号有误' }),
    ])
    expect([approved.status, sentBack.status].sort()).toEqual([200, 409])
    const stored = (await VerificationRecord.findById(record.id).lean())!
    expect(stored.status).toBe(approved.status === 200 ? 'approved' : 'sent_back')
    expect(stored.certificateNo !== null).toBe(approved.status === 200)
  })
})

describe('send-back and re-record', () => {
  it('goes back to the 检定员 with the reason, from the 核验员 and from the 批准人, and on again', async () => {
    const { taskId, rows } = await acceptedTask(t, staff)
    const created = await post(`/tasks/${taskId}/records`).set(staff.verifier).send(recordInput(rows[0]!._id, { points: FAILING_POINTS })).expect(201)
    const id = created.body.id as string

    const back = await post(`/records/${id}/send-back`).set(staff.checker).send({ reason: '第2点请复测' }).expect(200)
    expect(back.body).toMatchObject({ status: 'sent_back', sendBackReason: '第2点请复测', checker: null })
    await post(`/records/${id}/check`).set(staff.checker).send({}).expect(409)
    // Only its own 检定员 records again, from the version it read.
    const edit = { ...recordInput(rows[0]!._id), instrumentId: undefined, version: back.body.version }
    const otherVerifier = await colleague(t, staff, ['inst_verifier'])
    const forbidden = await t.request.patch(`/api/v1/records/${id}`).set(otherVerifier).send(edit).expect(403)
    expect(forbidden.body.error.message).toBe('只有录入本记录的检定员可以修改')
    await t.request.patch(`/api/v1/records/${id}`).set(staff.verifier).send({ ...edit, version: 0 }).expect(409)
    const again = await t.request.patch(`/api/v1/records/${id}`).set(staff.verifier).send(edit).expect(200)
    expect(again.body).toMatchObject({ status: 'recorded', conclusion: 'pass', failures: [], sendBackReason: null })

    await post(`/records/${id}/check`).set(staff.checker).send({}).expect(200)
    const byApprover = await post(`/records/${id}/send-back`).set(staff.approver).send({ reason: '环境湿度超出规程要求' }).expect(200)
    expect(byApprover.body).toMatchObject({ status: 'sent_back', sendBackReason: '环境湿度超出规程要求' })
    await t.request.patch(`/api/v1/records/${id}`).set(staff.verifier).send({ ...edit, version: byApprover.body.version }).expect(200)
    // The check before the send-back does not count any more.
    await post(`/records/${id}/approve`).set(staff.approver).send({}).expect(409)
    await post(`/records/${id}/check`).set(staff.checker).send({}).expect(200)
    const approved = await post(`/records/${id}/approve`).set(staff.approver).send({}).expect(200)
    expect(approved.body.history.map((h: { action: string }) => h.action)).toEqual(['record', 'send_back', 'edit', 'check', 'send_back', 'edit', 'check', 'approve'])
    await t.request.patch(`/api/v1/records/${id}`).set(staff.verifier).send({ ...edit, version: approved.body.version }).expect(409)
  })
})

describe('queues', () => {
  it('lists what awaits a check and an approval, for the institution only', async () => {
    const { taskId, rows } = await acceptedTask(t, staff, [{}, {}])
    const a = await post(`/tasks/${taskId}/records`).set(staff.verifier).send(recordInput(rows[0]!._id)).expect(201)
    const b = await recordedAndChecked(t, staff, taskId, recordInput(rows[1]!._id))
    const ids = async (status: string) =>
      (await t.request.get(`/api/v1/records?status=${status}&pageSize=100`).set(staff.approver).expect(200)).body.items.map((r: { id: string }) => r.id)
    expect(await ids('recorded')).toContain(a.body.id)
    expect(await ids('recorded')).not.toContain(b.id)
    expect(await ids('checked')).toContain(b.id)
    const view = await t.request.get(`/api/v1/records/${b.id}`).set(staff.approver).expect(200)
    expect(view.body).toMatchObject({ status: 'checked', bookingNo: expect.stringMatching(/^20261127\d{5}$/), unitName: expect.stringMatching(/^测试单位/) })
    await t.request.get('/api/v1/records?status=unknown').set(staff.approver).expect(400)
  })
})
