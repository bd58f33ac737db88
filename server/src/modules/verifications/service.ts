import { Types } from 'mongoose'
import {
  chinaToday,
  type Page,
  type RecordApproveInput,
  type RecordCheckInput,
  type RecordEditInput,
  type RecordInput,
  type RecordListQuery,
  type RecordSendBackInput,
  type RecordView,
} from '@qjt/shared'
import type { Actor } from '../../core/context'
import { AppError, fieldError } from '../../core/errors'
import { faultPoint } from '../../core/fault'
import { orgIdOf } from '../../core/tenant'
import { isDuplicateKey, rewriteById, withLease, writeIfVersion } from '../../db/claims'
import { ownedById } from '../../db/lookup'
import { refuseTaskAct } from '../bookings/state'
import { taskLease } from '../tasks/service'
import { Instrument, type InstrumentDoc } from '../instruments/model'
import { Organization } from '../organizations/model'
import type { ReferenceService } from '../reference/service'
import { Issuance, type IssuanceDeps } from './issuance'
import { assess } from './measure'
import { VerificationRecord, type IssuingPlan, type RecordDoc, type RecordHistoryEntry } from './model'
import { presentRecord } from './presenter'
import { RECORD_MOVES, refuseRecordAct, type RecordAct } from './state'
import { certificateDates } from './validity'

export interface RecordDeps extends IssuanceDeps {
  reference: ReferenceService
}

type RecordFields = Omit<RecordInput, 'instrumentId'>

/**
 * The institution's verification records: the 检定员 records an instrument of an accepted task,
 * a 核验员 checks, a 批准人 approves and the certificate is issued. Every step is one versioned
 * write of the record: of two people acting on it at once, exactly one wins and the other gets 409.
 */
export class RecordService {
  readonly issuance: Issuance

  constructor(private readonly deps: RecordDeps) {
    this.issuance = new Issuance(deps)
  }

  async list(actor: Actor, q: RecordListQuery): Promise<Page<RecordView>> {
    const filter = { institutionId: orgIdOf(actor), ...(q.status ? { status: q.status } : {}) }
    const [rows, total] = await Promise.all([
      VerificationRecord.find(filter).sort({ updatedAt: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
      VerificationRecord.countDocuments(filter),
    ])
    const kinds = await this.deps.reference.findKinds([...new Set(rows.map((r) => r.instrument.level2Code))])
    return { items: rows.map((r) => presentRecord(r, kinds.get(r.instrument.level2Code) ?? null)), total, page: q.page, pageSize: q.pageSize }
  }

  async view(actor: Actor, id: string): Promise<RecordView> {
    return this.present(await this.get(actor, id))
  }

  /**
   * 录入: the first record of a task moves it to 检定中, and the instrument to 检定中 in the ledger.
   * Under the task's lease, which 移出器具 holds too: an instrument is either recorded or removed.
   */
  async create(actor: Actor, taskId: string, input: RecordInput): Promise<RecordView> {
    const { created, row, bookingId } = await withLease(taskLease(taskId), () => this.insertRecord(actor, taskId, input))
    await markVerifying(row, bookingId)
    return this.present(created)
  }

  private async insertRecord(actor: Actor, taskId: string, input: RecordInput) {
    const { b, task } = await this.deps.tasks.find(actor, taskId)
    const instrumentId = new Types.ObjectId(input.instrumentId)
    if (!task.instrumentIds.some((id) => id.equals(instrumentId))) throw new AppError('INSTRUMENT_NOT_IN_TASK')
    await this.refuseSecondRecord(task._id, instrumentId)
    const refusal = refuseTaskAct('record', task)
    if (refusal) throw new AppError('TASK_NOT_ACTIONABLE', refusal)
    const row = await ownedById<InstrumentDoc>(Instrument, b.orgId, instrumentId)
    if (!row) throw new AppError('INSTRUMENT_NOT_FOUND')
    const fields = this.recorded(input)

    // The task moves first: a process dying in between leaves a task 检定中 with nothing recorded
    // yet (as when a 检定员 has just started), never a record under a task still 已受理.
    await this.deps.tasks.move(b._id, task._id, 'record', actor, `${actor.name}开始检定`)
    const now = this.deps.clock()
    const unit = await Organization.findById(b.orgId, { name: 1 }).lean()
    let created: RecordDoc
    try {
      const doc = await VerificationRecord.create({
        ...fields,
        institutionId: task.institutionId,
        orgId: b.orgId,
        unitName: unit?.name ?? '',
        bookingId: b._id,
        bookingNo: b.no,
        taskId: task._id,
        instrumentId,
        instrument: { code: row.code, name: row.name, model: row.model ?? null, serialNo: row.serialNo, level2Code: row.level2Code, level2Name: row.level2Name },
        status: 'recorded',
        verifier: signature(actor, now),
        history: [historyEntry(actor, now, 'record', null)],
      })
      created = doc.toObject() as RecordDoc
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      await this.refuseSecondRecord(task._id, instrumentId)
      throw new AppError('RECORD_EXISTS')
    }
    return { created, row, bookingId: b._id }
  }

  /** 修改: its own 检定员 records again (while waiting for the check, or after a send-back). */
  async edit(actor: Actor, id: string, input: RecordEditInput): Promise<RecordView> {
    const { version, ...rest } = input
    return this.act(actor, id, 'edit', version, (r, now) => ({
      set: { ...this.recorded(rest), sendBackReason: null, checker: null, verifier: signature(actor, now) },
      note: r.status === 'sent_back' ? '退回后重新录入' : null,
    }))
  }

  /** 核验: a 检定员 other than the one who recorded it signs. */
  async check(actor: Actor, id: string, input: RecordCheckInput): Promise<RecordView> {
    return this.act(actor, id, 'check', input.version, (_r, now) => ({ set: { checker: signature(actor, now) }, note: null }))
  }

  /** 退回: the 核验员 (before checking) or the 批准人 (after) returns it to the 检定员. */
  async sendBack(actor: Actor, id: string, input: RecordSendBackInput): Promise<RecordView> {
    return this.act(actor, id, 'send_back', input.version, () => ({ set: { sendBackReason: input.reason }, note: input.reason }))
  }

  /**
   * 批准: the third signature, and what the certificate will say decided in the same write; the
   * issuance follows (see `Issuance`). The 批准人 retrying after an interruption finishes it.
   */
  async approve(actor: Actor, id: string, input: RecordApproveInput): Promise<RecordView> {
    const r = await this.get(actor, id)
    if (r.status === 'approved' && r.followUp && r.approver?.userId.equals(actor.userId)) {
      await this.issuance.finish(r._id)
      return this.view(actor, id)
    }
    this.refuse('approve', r, actor)
    if (input.version !== undefined && input.version !== r.version) throw new AppError('STALE_VERSION')
    const [row, kind, institution] = await Promise.all([
      Instrument.findById(r.instrumentId, { purchasedAt: 1, validUntil: 1 }).lean(),
      this.deps.reference.findKind(r.instrument.level2Code),
      Organization.findById(r.institutionId, { shortCode: 1 }).lean(),
    ])
    if (!institution?.shortCode) throw new AppError('CERTIFICATE_PREFIX_MISSING')
    const dates = certificateDates(kind, r, row?.purchasedAt ?? null, input)
    if ('code' in dates) throw new AppError(dates.code, dates.message, [{ path: dates.path, message: dates.message }])
    const now = this.deps.clock()
    const issuing: IssuingPlan = {
      at: now,
      type: r.conclusion === 'pass' ? 'certificate' : 'notice',
      ...dates,
      mode: kind?.mode ?? null,
      previousValidUntil: row?.validUntil ?? null,
      no: null,
    }
    await this.write(r, 'approve', { approver: signature(actor, now), issuing, followUp: true }, historyEntry(actor, now, 'approve', null))
    faultPoint('issue:approved')
    await this.issuance.finish(r._id)
    return this.view(actor, id)
  }

  /** One of the caller's institution's records, or 404 (also for another institution's). */
  private async get(actor: Actor, id: string): Promise<RecordDoc> {
    const r = await ownedById<RecordDoc>(VerificationRecord, orgIdOf(actor), id, 'institutionId')
    if (!r) throw new AppError('RECORD_NOT_FOUND')
    return r
  }

  private async present(r: RecordDoc): Promise<RecordView> {
    return presentRecord(r, await this.deps.reference.findKind(r.instrument.level2Code))
  }

  private async act(
    actor: Actor,
    id: string,
    act: Exclude<RecordAct, 'approve'>,
    version: number | undefined,
    decide: (r: RecordDoc, now: Date) => { set: Record<string, unknown>; note: string | null },
  ): Promise<RecordView> {
    const r = await this.get(actor, id)
    this.refuse(act, r, actor)
    if (version !== undefined && version !== r.version) throw new AppError('STALE_VERSION')
    const now = this.deps.clock()
    const { set, note } = decide(r, now)
    await this.write(r, act, set, historyEntry(actor, now, act, note))
    return this.view(actor, id)
  }

  private refuse(act: RecordAct, r: RecordDoc, actor: Actor) {
    const refusal = refuseRecordAct(
      act,
      { status: r.status, verifierId: String(r.verifier.userId), checkerId: r.checker ? String(r.checker.userId) : null },
      actor,
    )
    if (refusal) throw new AppError(refusal.code, refusal.message)
  }

  /** The move as one versioned write; the loser of a race is told the record changed (409). */
  private async write(r: RecordDoc, act: RecordAct, set: Record<string, unknown>, history: RecordHistoryEntry) {
    const ok = await writeIfVersion(VerificationRecord, r._id, r.version, { set: { ...set, status: RECORD_MOVES[act], history: [...r.history, history] } })
    if (!ok) throw new AppError('RECORD_NOT_ACTIONABLE', '检定记录刚刚被他人处理，请刷新后查看')
  }

  /** The stored data with the server's own arithmetic; dates that cannot be right are refused. */
  private recorded(input: RecordFields) {
    const today = chinaToday(this.deps.clock())
    if (input.verifiedAt > today) throw fieldError('verifiedAt', '检定日期不能晚于今天')
    input.standards.forEach((s, i) => {
      if (s.validUntil < input.verifiedAt) throw fieldError(`standards.${i}.validUntil`, `计量标准器“${s.name}”的证书在检定日期前已过期`)
    })
    const outcome = assess(input.points, input.inspection)
    return {
      regulation: input.regulation,
      place: input.place,
      environment: { temperature: input.environment.temperature, humidity: input.environment.humidity, other: input.environment.other ?? null },
      standards: input.standards,
      points: outcome.points,
      inspection: { passed: input.inspection.passed, reason: input.inspection.passed ? null : (input.inspection.reason ?? null) },
      verifiedAt: input.verifiedAt,
      conclusion: outcome.conclusion,
      failures: outcome.failures,
    }
  }

  private async refuseSecondRecord(taskId: Types.ObjectId, instrumentId: Types.ObjectId) {
    const existing = await VerificationRecord.findOne({ taskId, instrumentId }, { status: 1 }).lean()
    if (existing?.status === 'approved') throw new AppError('RECORD_ALREADY_APPROVED')
    if (existing) throw new AppError('RECORD_EXISTS')
  }
}

/** 检定中 in the ledger while the institution works on it; issuance sets 已检. */
async function markVerifying(row: InstrumentDoc, bookingId: Types.ObjectId) {
  await rewriteById<InstrumentDoc>(
    Instrument,
    row._id,
    (current) => (current.verifyStatus === 'booked' && current.openBookingId?.equals(bookingId) ? { verifyStatus: 'verifying' } : null),
    { current: row },
  )
}

const signature = (actor: Actor, at: Date) => ({ userId: new Types.ObjectId(actor.userId), name: actor.name, at })

function historyEntry(actor: Actor, at: Date, action: RecordHistoryEntry['action'], note: string | null): RecordHistoryEntry {
  return { at, by: actor.name, byUserId: new Types.ObjectId(actor.userId), action, note }
}
