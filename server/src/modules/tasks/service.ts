import { Types } from 'mongoose'
import {
  chinaToday,
  type DeliveryMode,
  type Page,
  type TaskAcceptInput,
  type TaskListQuery,
  type TaskRemoveItemInput,
  type TaskReturnInput,
  type TaskListItemView,
  type TaskView,
} from '@qjt/shared'
import type { Actor } from '../../core/context'
import { AppError, fieldError } from '../../core/errors'
import { orgIdOf } from '../../core/tenant'
import { withLease, writeIfVersion } from '../../db/claims'
import { byId, byIds, ownedById } from '../../db/lookup'
import { Instrument, type InstrumentDoc } from '../instruments/model'
import { Organization } from '../organizations/model'
import type { BookingFollowUp } from '../bookings/follow-up'
import { Booking, TaskRow, type BookingDoc, type BookingItem, type BookingTask, type TaskRowDoc } from '../bookings/model'
import { notices } from '../bookings/notices'
import { presentHistory, presentTask } from '../bookings/presenter'
import { chinaMidnight, contactsFor, entry, type BookingDeps } from '../bookings/service'
import { regionFullName } from '@qjt/shared/regions'
import { TASK_MOVES, bookingStatus, refuseTaskAct } from '../bookings/state'
import { VerificationRecord } from '../verifications/model'

/** The lease under which a task's instruments are recorded or taken off it. */
export const taskLease = (taskId: string) => `task-items:${taskId}`

/** An institution's side: its queue of verification tasks, accepting with a schedule, returning. */
export class TaskService {
  constructor(
    private readonly deps: Pick<BookingDeps, 'clock'>,
    private readonly followUp: BookingFollowUp,
  ) {}

  async list(actor: Actor, q: TaskListQuery): Promise<Page<TaskListItemView>> {
    const filter: Record<string, unknown> = { institutionId: orgIdOf(actor), closed: false }
    if (q.status) filter.status = q.status
    if (q.unit) filter.unitName = { $regex: q.unit.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') }
    const range: Record<string, Date> = {}
    if (q.from) range.$gte = chinaMidnight(q.from)
    if (q.to) range.$lt = chinaMidnight(q.to, 1)
    if (q.from || q.to) filter.submittedAt = range
    const [rows, total] = await Promise.all([
      TaskRow.find(filter).sort({ submittedAt: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
      TaskRow.countDocuments(filter),
    ])
    const bookings = await byIds<BookingDoc>(Booking, rows.map((r) => r.bookingId))
    const byId = new Map(bookings.map((b) => [String(b._id), b]))
    const contacts = await contactsFor(bookings)
    const items = rows.flatMap((row) => {
      const b = byId.get(String(row.bookingId))
      const task = b?.tasks.find((t) => t._id.equals(row._id))
      if (!b || !task) return []
      return [{ ...presentTask(task, contacts), bookingId: String(b._id), bookingNo: b.no, unitName: row.unitName, submittedAt: task.submittedAt.toISOString() }]
    })
    return { items, total, page: q.page, pageSize: q.pageSize }
  }

  /** The task of this institution (from its booking, which is authoritative), or 404. */
  async find(actor: Actor, id: string): Promise<{ b: BookingDoc; task: BookingTask }> {
    const taskId = new Types.ObjectId(id)
    const row = await ownedById<TaskRowDoc>(TaskRow, orgIdOf(actor), taskId, 'institutionId')
    const b = row ? await byId<BookingDoc>(Booking, row.bookingId) : null
    const task = b?.tasks.find((t) => t._id.equals(taskId) && t.institutionId.equals(orgIdOf(actor)))
    if (!b || !task) throw new AppError('TASK_NOT_FOUND')
    return { b, task }
  }

  async view(actor: Actor, id: string): Promise<TaskView> {
    const { b, task } = await this.find(actor, id)
    const [unit, rows, contacts, records] = await Promise.all([
      Organization.findById(b.orgId).lean(),
      // Only the instruments of this task, read on the institution's behalf.
      byIds<InstrumentDoc>(Instrument, task.instrumentIds).then((rows) => rows.filter((r) => r.orgId.equals(b.orgId))),
      contactsFor([b]),
      VerificationRecord.find({ taskId: task._id }, { instrumentId: 1, status: 1, conclusion: 1, certificateNo: 1 }).lean(),
    ])
    const byId = new Map(rows.map((r) => [String(r._id), r]))
    const recordOf = new Map(records.map((r) => [String(r.instrumentId), r]))
    return {
      ...presentTask(task, contacts),
      bookingId: String(b._id),
      bookingNo: b.no,
      submittedAt: task.submittedAt.toISOString(),
      unit: {
        id: String(b.orgId),
        name: unit?.name ?? '',
        address: unit?.address ?? '',
        contactName: unit?.contactName ?? '',
        contactPhone: unit?.contactPhone ?? '',
        regionName: unit ? regionFullName(unit.regionCode) : '',
      },
      items: b.items
        .filter((i) => task.instrumentIds.some((id) => id.equals(i.instrumentId)))
        .map((i) => {
          const row = byId.get(String(i.instrumentId))
          const record = recordOf.get(String(i.instrumentId))
          return {
            instrumentId: String(i.instrumentId),
            code: i.code,
            name: i.name,
            level2Name: i.level2Name,
            model: row?.model ?? null,
            serialNo: i.serialNo,
            location: row?.location ?? '',
            deliveryMode: i.deliveryMode,
            quantity: row?.quantity ?? 1,
            record: record
              ? { id: String(record._id), status: record.status, conclusion: record.conclusion, certificateNo: record.certificateNo ?? null }
              : null,
          }
        }),
      history: b.history.map(presentHistory),
      defaultMode: defaultMode(b, task),
      version: b.version,
    }
  }

  /** 受理: a date not in the past and a mode (by default how the unit said it would deliver). */
  async accept(actor: Actor, id: string, input: TaskAcceptInput): Promise<TaskView> {
    const today = chinaToday(this.deps.clock())
    if (input.scheduledDate < today) throw fieldError('scheduledDate', '检定日期不能早于今天')
    return this.act(actor, id, 'accept', input.version, async (b, task) => {
      const mode = input.mode ?? defaultMode(b, task)
      const updated: BookingTask = { ...task, status: 'accepted', scheduledDate: input.scheduledDate, mode }
      const contact = (await contactsFor([b])).get(String(task.institutionId)) ?? { address: null, phone: null }
      return {
        task: updated,
        note: `检定日期 ${input.scheduledDate}，${mode === 'on_site' ? '现场检定' : '送检'}`,
        outbox: (seq) => [notices.accepted(b, updated, this.deps.clock(), seq, contact)],
      }
    })
  }

  /** 退回 with a reason; the instruments go back to the unit's ledger as they were. */
  async return(actor: Actor, id: string, input: TaskReturnInput): Promise<TaskView> {
    return this.act(actor, id, 'return', input.version, async (b, task) => {
      const updated: BookingTask = { ...task, status: 'returned', reason: input.reason }
      return { task: updated, note: input.reason, releasing: task.instrumentIds, outbox: (seq) => [notices.returned(b, updated, this.deps.clock(), seq)] }
    })
  }

  /**
   * 移出器具: an instrument the unit never presented (or that cannot be verified) leaves the
   * accepted task with a reason the unit is told, and goes back to its ledger as it was, to be
   * booked again. Only before anyone recorded it (records are made under the same task lease, so
   * the two never cross). The task then completes if the rest is done.
   */
  async removeItem(actor: Actor, id: string, input: TaskRemoveItemInput): Promise<TaskView> {
    const instrumentId = new Types.ObjectId(input.instrumentId)
    const removed = await withLease(taskLease(id), () => this.act(actor, id, 'remove', input.version, async (b, task) => {
      const item = b.items.find((i) => i.instrumentId.equals(instrumentId))
      if (!item || !task.instrumentIds.some((i) => i.equals(instrumentId))) throw new AppError('INSTRUMENT_NOT_IN_TASK')
      if (await VerificationRecord.exists({ taskId: task._id, instrumentId })) {
        throw new AppError('TASK_NOT_ACTIONABLE', '该器具已有检定记录，不能移出任务')
      }
      const updated: BookingTask = { ...task, instrumentIds: task.instrumentIds.filter((i) => !i.equals(instrumentId)) }
      return {
        task: updated,
        items: b.items.map((i) => (i === item ? { ...i, removedReason: input.reason } : i)),
        note: `${item.name}（${item.code}）：${input.reason}`,
        releasing: [instrumentId],
        outbox: (seq) => [notices.removed(b, updated, item, input.reason, this.deps.clock(), seq)],
      }
    }))
    await this.completeIfDone(new Types.ObjectId(removed.bookingId), new Types.ObjectId(id), { userId: actor.userId, name: actor.name })
    return this.view(actor, id)
  }

  /**
   * The task completes once every instrument still on it has an approved record. Called after
   * each approval and each removal; of several finishing together at least the last sees them all.
   */
  async completeIfDone(bookingId: Types.ObjectId, taskId: Types.ObjectId, by: { userId: string | null; name: string }): Promise<void> {
    const b = await Booking.findById(bookingId, { tasks: 1 }).lean()
    const task = b?.tasks.find((t) => t._id.equals(taskId))
    if (!task || !['accepted', 'in_progress'].includes(task.status)) return
    const approved = await VerificationRecord.find({ taskId, status: 'approved' }, { instrumentId: 1 }).lean()
    const done = new Set(approved.map((a) => String(a.instrumentId)))
    if (!task.instrumentIds.every((id) => done.has(String(id)))) return
    const note = task.instrumentIds.length > 0 ? `${task.instrumentIds.length} 台器具检定完成，证书已出具` : '任务中的器具均已移出'
    await this.move(bookingId, taskId, 'complete', by, note)
  }

  /**
   * Moves a task on as its verification goes: 检定中 at its first record, 已完成 once every
   * instrument of it has an approved record. One versioned booking write (the booking's status
   * follows by its one rule), retried against concurrent writers; nothing when the task is
   * there already, so whoever re-runs it after a crash changes nothing twice.
   */
  async move(
    bookingId: Types.ObjectId,
    taskId: Types.ObjectId,
    act: 'record' | 'complete',
    by: { userId: string | null; name: string },
    note: string,
  ): Promise<void> {
    const target = TASK_MOVES[act]
    for (let attempt = 0; attempt < 20; attempt++) {
      const b = await Booking.findById(bookingId).lean()
      const task = b?.tasks.find((t) => t._id.equals(taskId))
      if (!b || !task) throw new AppError('TASK_NOT_FOUND')
      if (task.status === target) {
        if (b.followUp) await this.followUp.finish(b._id)
        return
      }
      const refusal = refuseTaskAct(act, task)
      if (refusal) throw new AppError('TASK_NOT_ACTIONABLE', refusal)
      const tasks = b.tasks.map((t) => (t._id.equals(taskId) ? { ...t, status: target } : t))
      const history = [...b.history, entry(by, this.deps.clock(), act === 'record' ? 'start' : 'complete', note)]
      const set = { tasks, status: bookingStatus({ withdrawn: b.withdrawn, tasks }), history, followUp: true }
      if (await writeIfVersion(Booking, b._id, b.version, { set })) {
        await this.followUp.finish(b._id)
        return
      }
    }
    throw new AppError('TASK_NOT_ACTIONABLE', '预约单正被同时修改，请稍后重试')
  }

  /**
   * One institution decision as one versioned write of the booking: of two reviewers (or a
   * reviewer and a withdrawing unit) exactly one wins; the other gets 409.
   */
  private async act(
    actor: Actor,
    id: string,
    act: 'accept' | 'return' | 'remove',
    version: number | undefined,
    decide: (
      b: BookingDoc,
      task: BookingTask,
    ) => Promise<{ task: BookingTask; items?: BookingItem[]; note: string; releasing?: Types.ObjectId[]; outbox: (seq: number) => unknown[] }>,
  ): Promise<TaskView> {
    const { b, task } = await this.find(actor, id)
    const refusal = refuseTaskAct(act, task)
    if (refusal) throw new AppError('TASK_NOT_ACTIONABLE', refusal)
    if (b.submitting) throw new AppError('BOOKING_SUBMITTING')
    if (version !== undefined && version !== b.version) throw new AppError('STALE_VERSION')
    const decision = await decide(b, task)
    const tasks = b.tasks.map((t) => (t._id.equals(task._id) ? decision.task : t))
    const history = [...b.history, entry(actor, this.deps.clock(), act, decision.note)]
    const ok = await writeIfVersion(Booking, b._id, b.version, {
      set: {
        tasks,
        ...(decision.items ? { items: decision.items } : {}),
        status: bookingStatus({ withdrawn: b.withdrawn, tasks }),
        history,
        releasing: [...b.releasing, ...(decision.releasing ?? [])],
        outbox: [...b.outbox, ...decision.outbox(history.length)],
        followUp: true,
      },
    })
    if (!ok) throw new AppError('TASK_NOT_ACTIONABLE', '预约单刚刚发生了变化，请刷新后重试')
    await this.followUp.finish(b._id)
    return this.view(actor, id)
  }
}

/** The unit's own choice when all its instruments of the task agree; else 送检. */
function defaultMode(b: BookingDoc, task: BookingTask): DeliveryMode {
  const modes = b.items.filter((i) => task.instrumentIds.some((id) => id.equals(i.instrumentId))).map((i) => i.deliveryMode)
  return modes.length > 0 && modes.every((m) => m === 'on_site') ? 'on_site' : 'send_in'
}
