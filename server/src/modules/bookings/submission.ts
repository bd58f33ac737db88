import { Types } from 'mongoose'
import type { Actor } from '../../core/context'
import { AppError } from '../../core/errors'
import { faultPoint } from '../../core/fault'
import { withLease, writeIfVersion } from '../../db/claims'
import { byIds, ownedById } from '../../db/lookup'
import { Instrument, type InstrumentDoc } from '../instruments/model'
import { Organization } from '../organizations/model'
import type { BookingFollowUp } from './follow-up'
import { Booking, type BookingDoc, type BookingItem, type BookingTask, type Submitting } from './model'
import { notices } from './notices'
import { entry, ineligible, type BookingDeps } from './service'
import { bookingStatus, refuseBookingAct } from './state'

/**
 * 提交申请, in steps that survive a crash at any point:
 * 1. plan — check every instrument, find each one's institution (county, then city, then
 *    province), and record the plan on the booking (one versioned write: a double-tapped submit
 *    loses here);
 * 2. take — mark each ledger row 已预约 for this booking;
 * 3. finish — one versioned write turns the plan into tasks, history and receipts.
 * Every step runs under the booking's lease. Whoever next touches a booking that still holds a
 * plan (a retry, the relay) finishes it, or undoes it if an instrument is no longer available.
 */
export class Submission {
  constructor(
    private readonly deps: BookingDeps,
    private readonly followUp: BookingFollowUp,
    private readonly leaseMs = 5_000,
  ) {}

  async submit(actor: Actor, booking: BookingDoc, version?: number): Promise<void> {
    await withLease(lease(booking), async () => {
      let b = await reload(booking._id)
      if (b.submitting) {
        // A submission that died half-way: this retry finishes it.
        await this.complete(b)
        return
      }
      const refusal = refuseBookingAct('submit', b)
      if (refusal) throw new AppError('BOOKING_NOT_EDITABLE', refusal)
      if (version !== undefined && version !== b.version) throw new AppError('STALE_VERSION')
      const plan = await this.plan(actor, b)
      if (!(await writeIfVersion(Booking, b._id, b.version, { set: { submitting: plan, followUp: true } }))) {
        throw new AppError('BOOKING_NOT_EDITABLE', '预约单状态已变化，请刷新后重试')
      }
      faultPoint('submit:planned')
      b = await reload(b._id)
      await this.complete(b)
    }, this.leaseMs)
  }

  /** Finishes (or undoes) a submission a crashed process left behind. */
  async resume(booking: BookingDoc): Promise<void> {
    await withLease(lease(booking), async () => {
      const b = await reload(booking._id)
      if (b.submitting) await this.complete(b).catch((err) => {
        // An undone submission is a finished job for the relay; the refusal was for the user.
        if (!(err instanceof AppError)) throw err
      })
    }, this.leaseMs)
  }

  private async plan(actor: Actor, b: BookingDoc): Promise<Submitting> {
    const pending = b.items.filter((i) => !i.taskId || b.tasks.some((t) => t._id.equals(i.taskId!) && t.status === 'returned'))
    if (pending.length === 0) throw new AppError('BOOKING_ITEMS_INVALID', '预约单中没有需要提交的器具')
    const rows = (await byIds<InstrumentDoc>(Instrument, pending.map((i) => i.instrumentId))).filter((r) => r.orgId.equals(b.orgId))
    const byId = new Map(rows.map((r) => [String(r._id), r]))
    const problems = pending.flatMap((item) => {
      const row = byId.get(String(item.instrumentId))
      const problem = row ? ineligible(row, b._id) : '已从台账中删除'
      return problem ? [`${item.code} ${item.name}：${problem}`] : []
    })
    if (problems.length > 0) throw itemsInvalid(problems)

    const ordered = pending.map((i) => byId.get(String(i.instrumentId))!)
    const assigned = await this.deps.reference.institutionsFor(ordered.map((r) => ({ countyCode: r.regionCode, level2Code: r.level2Code })))
    const uncovered = ordered.filter((_, i) => !assigned[i])
    if (uncovered.length > 0) {
      const names = uncovered.map((r) => `${r.code} ${r.name}（${r.level2Name}）`).join('、')
      throw new AppError('NO_INSTITUTION', `以下器具所在地区没有授权的检定机构，请核对使用地点行政区划和二级目录：${names}`)
    }
    const tasks = new Map<string, Submitting['tasks'][number]>()
    ordered.forEach((row, i) => {
      const inst = assigned[i]!
      const task = tasks.get(inst.institutionId) ?? {
        _id: new Types.ObjectId(),
        institutionId: new Types.ObjectId(inst.institutionId),
        institutionName: inst.name,
        instrumentIds: [],
      }
      task.instrumentIds.push(row._id)
      tasks.set(inst.institutionId, task)
    })
    return {
      startedAt: this.deps.clock(),
      round: b.round + 1,
      by: actor.name,
      byUserId: new Types.ObjectId(actor.userId),
      tasks: [...tasks.values()],
      before: ordered.map((r) => ({ instrumentId: r._id, verifyStatus: r.verifyStatus })),
    }
  }

  private async complete(start: BookingDoc): Promise<void> {
    const plan = start.submitting!
    // Rows are taken side by side: each is its own versioned write.
    const ids = plan.tasks.flatMap((t) => t.instrumentIds)
    const taken = await Promise.all(ids.map((id) => take(start, id)))
    const refused = taken.filter((t): t is string => typeof t === 'string')
    if (refused.length > 0) {
      await this.undo(start)
      throw itemsInvalid(refused)
    }
    const rows = new Map(ids.map((id, i) => [String(id), taken[i] as InstrumentDoc]))
    faultPoint('submit:taken')

    const now = this.deps.clock()
    const unitName = (await Organization.findById(start.orgId, { name: 1 }).lean())?.name ?? ''
    for (let attempt = 0; ; attempt++) {
      const b = await reload(start._id)
      if (!b.submitting) return
      const newTasks: BookingTask[] = plan.tasks.map((t) => ({
        ...t,
        round: plan.round,
        status: 'submitted',
        closed: false,
        scheduledDate: null,
        mode: null,
        reason: null,
        submittedAt: now,
      }))
      const tasks = [...b.tasks.map((t) => (t.status === 'returned' && !t.closed ? { ...t, closed: true } : t)), ...newTasks]
      const before = new Map(plan.before.map((x) => [String(x.instrumentId), x.verifyStatus]))
      const items = b.items.map((item): BookingItem => {
        const task = newTasks.find((t) => t.instrumentIds.some((id) => id.equals(item.instrumentId)))
        const row = rows.get(String(item.instrumentId))
        if (!task || !row) return item
        return { ...item, code: row.code, name: row.name, level2Code: row.level2Code, level2Name: row.level2Name, serialNo: row.serialNo, regionCode: row.regionCode, deliveryMode: row.deliveryMode, taskId: task._id, verifyStatusBefore: before.get(String(row._id)) ?? 'unverified' }
      })
      const names = newTasks.map((t) => t.institutionName).join('、')
      const history = [...b.history, entry({ userId: plan.byUserId ? String(plan.byUserId) : null, name: plan.by }, now, plan.round > 1 ? 'resubmit' : 'submit', `分派给${names}`)]
      const set = {
        tasks,
        items,
        status: bookingStatus({ withdrawn: false, tasks }),
        round: plan.round,
        submittedAt: b.submittedAt ?? now,
        history,
        submitting: null,
        outbox: [...b.outbox, ...notices.submitted(b, now, history.length, newTasks, unitName)],
        followUp: true,
      }
      if (await writeIfVersion(Booking, b._id, b.version, { set })) break
      if (attempt > 5) throw new AppError('CONFLICT')
    }
    await this.followUp.finish(start._id)
  }

  /** Hands back what this submission took and forgets the plan. */
  private async undo(start: BookingDoc) {
    const plan = start.submitting!
    const b = await reload(start._id)
    const before = new Map(plan.before.map((x) => [String(x.instrumentId), x.verifyStatus]))
    const held = (await byIds<InstrumentDoc>(Instrument, plan.tasks.flatMap((t) => t.instrumentIds))).filter((r) => r.openBookingId?.equals(b._id))
    const stillHeld = new Set(b.items.filter((i) => i.taskId && b.tasks.some((t) => t._id.equals(i.taskId!) && t.status !== 'returned')).map((i) => String(i.instrumentId)))
    await Promise.all(
      held
        .filter((row) => !stillHeld.has(String(row._id)))
        .map((row) => writeIfVersion(Instrument, row._id, row.version, { set: { openBookingId: null, verifyStatus: before.get(String(row._id)) ?? 'unverified' } })),
    )
    await writeIfVersion(Booking, b._id, b.version, { set: { submitting: null, followUp: false } })
  }
}

const lease = (b: BookingDoc) => `booking:${String(b._id)}`

async function reload(id: Types.ObjectId): Promise<BookingDoc> {
  const b = await Booking.findById(id).lean()
  if (!b) throw new AppError('BOOKING_NOT_FOUND')
  return b
}

/** Marks one ledger row as held by the booking; the row, or why it cannot be taken. */
async function take(b: BookingDoc, id: Types.ObjectId): Promise<InstrumentDoc | string> {
  for (let attempt = 0; attempt < 5; attempt++) {
    const row = await ownedById<InstrumentDoc>(Instrument, b.orgId, id)
    if (!row) return '器具已从台账中删除'
    if (row.openBookingId?.equals(b._id)) return row
    const problem = ineligible(row, b._id)
    if (problem) return `${row.code} ${row.name}：${problem}`
    if (await writeIfVersion(Instrument, row._id, row.version, { set: { openBookingId: b._id, verifyStatus: 'booked' } })) {
      return { ...row, openBookingId: b._id, verifyStatus: 'booked' }
    }
  }
  return '器具正被修改，请稍后重试'
}

function itemsInvalid(problems: string[]) {
  return new AppError('BOOKING_ITEMS_INVALID', `以下器具不能预约：${problems.join('；')}`)
}
