import { Types } from 'mongoose'
import type { BookingCreateInput, BookingListQuery, BookingUpdateInput, BookingView, FieldError, Page } from '@qjt/shared'
import type { Actor } from '../../core/context'
import type { Clock } from '../../core/clock'
import { AppError } from '../../core/errors'
import { inOrg, orgIdOf } from '../../core/tenant'
import { deleteIfVersion, writeIfVersion } from '../../db/claims'
import { byIds, ownedById } from '../../db/lookup'
import { Instrument, type InstrumentDoc } from '../instruments/model'
import { Organization } from '../organizations/model'
import type { ReferenceService } from '../reference/service'
import { BookingFollowUp } from './follow-up'
import { Booking, type BookingDoc, type BookingItem, type HistoryEntry } from './model'
import { notices, type Notifier } from './notices'
import { newBookingNo } from './numbering'
import { presentBooking, type ContactBook } from './presenter'
import { bookingStatus, refuseBookingAct } from './state'
import { Submission } from './submission'

export interface BookingDeps {
  clock: Clock
  reference: ReferenceService
  notifier: Notifier
}

/** The unit's side of a booking: draft, edit, submit, withdraw. */
export class BookingService {
  readonly followUp: BookingFollowUp
  readonly submission: Submission

  constructor(private readonly deps: BookingDeps) {
    this.followUp = new BookingFollowUp(deps.notifier)
    this.submission = new Submission(deps, this.followUp)
  }

  async list(actor: Actor, q: BookingListQuery): Promise<Page<BookingView>> {
    const filter: Record<string, unknown> = {}
    if (q.no) filter.no = { $regex: `^${q.no}` }
    if (q.status) filter.status = q.status
    const created: Record<string, Date> = {}
    if (q.from) created.$gte = chinaMidnight(q.from)
    if (q.to) created.$lt = chinaMidnight(q.to, 1)
    if (q.from || q.to) filter.createdAt = created
    const scoped = inOrg(actor, filter)
    const [rows, total] = await Promise.all([
      Booking.find(scoped).sort({ createdAt: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean(),
      Booking.countDocuments(scoped),
    ])
    const contacts = await contactsFor(rows)
    return { items: rows.map((b) => presentBooking(b, contacts)), total, page: q.page, pageSize: q.pageSize }
  }

  async get(actor: Actor, id: string): Promise<BookingDoc> {
    const b = await ownedById<BookingDoc>(Booking, orgIdOf(actor), id)
    if (!b) throw new AppError('BOOKING_NOT_FOUND')
    return b
  }

  async view(actor: Actor, id: string): Promise<BookingView> {
    const b = await this.get(actor, id)
    return presentBooking(b, await contactsFor([b]))
  }

  /** A draft (暂存) from chosen ledger rows; it gets its 预约编号 now. */
  async create(actor: Actor, input: BookingCreateInput): Promise<BookingView> {
    const items = await this.eligibleItems(actor, input.instrumentIds, null)
    const now = this.deps.clock()
    const booking = await Booking.create({
      orgId: orgIdOf(actor),
      no: await newBookingNo(now),
      status: 'draft',
      items,
      history: [entry(actor, now, 'create', `${items.length} 台器具`)],
      createdBy: new Types.ObjectId(actor.userId),
      // 预约时间 follows the service clock, like the number does.
      createdAt: now,
    })
    return presentBooking(booking.toObject() as BookingDoc, new Map())
  }

  /** The instrument list of a draft or returned booking; instruments already with an institution stay. */
  async update(actor: Actor, id: string, input: BookingUpdateInput): Promise<BookingView> {
    const b = await this.get(actor, id)
    this.refuse('edit', b)
    if (b.version !== input.version) throw new AppError('STALE_VERSION')
    const wanted = new Set(input.instrumentIds)
    const held = b.items.filter((i) => i.taskId && !isReturned(b, i.taskId))
    const dropped = held.filter((i) => !wanted.has(String(i.instrumentId)))
    if (dropped.length > 0) {
      throw new AppError('BOOKING_ITEMS_INVALID', `${dropped.map((i) => i.code).join('、')} 已由检定机构受理，不能移出`)
    }
    const kept = b.items.filter((i) => wanted.has(String(i.instrumentId)))
    const keptIds = new Set(kept.map((i) => String(i.instrumentId)))
    const added = await this.eligibleItems(actor, input.instrumentIds.filter((i) => !keptIds.has(i)), b._id)
    const items = [...kept, ...added]
    const now = this.deps.clock()
    const note = `器具 ${b.items.length} → ${items.length} 台`
    const ok = await writeIfVersion(Booking, b._id, b.version, { set: { items, history: [...b.history, entry(actor, now, 'update', note)] } })
    if (!ok) throw new AppError('STALE_VERSION')
    return this.view(actor, id)
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const b = await this.get(actor, id)
    this.refuse('delete', b)
    if (!(await deleteIfVersion(Booking, b._id, b.version))) throw new AppError('STALE_VERSION')
  }

  async submit(actor: Actor, id: string, version?: number): Promise<BookingView> {
    const b = await this.get(actor, id)
    await this.submission.submit(actor, b, version)
    return this.view(actor, id)
  }

  /** 撤销: until an institution accepts. Ledger rows go back to what they were. */
  async withdraw(actor: Actor, id: string, version?: number): Promise<BookingView> {
    const b = await this.settled(actor, id)
    this.refuse('withdraw', b)
    if (version !== undefined && version !== b.version) throw new AppError('STALE_VERSION')
    const now = this.deps.clock()
    const tasks = b.tasks.map((t) => (t.closed || t.status === 'returned' ? t : { ...t, status: 'withdrawn' as const }))
    const history = [...b.history, entry(actor, now, 'withdraw', null)]
    const releasing = b.items.map((i) => i.instrumentId)
    const next = { ...b, tasks, withdrawn: true }
    const ok = await writeIfVersion(Booking, b._id, b.version, {
      set: {
        withdrawn: true,
        status: bookingStatus(next),
        tasks,
        history,
        releasing,
        outbox: [notices.withdrawn(b, now, history.length)],
        followUp: true,
      },
    })
    if (!ok) throw new AppError('BOOKING_NOT_EDITABLE', '预约单状态已变化，请刷新后重试')
    await this.followUp.finish(b._id)
    return this.view(actor, id)
  }

  /** The booking, with any submission a crashed process left half-done finished first. */
  private async settled(actor: Actor, id: string): Promise<BookingDoc> {
    const b = await this.get(actor, id)
    if (!b.submitting) return b
    await this.submission.resume(b)
    return this.get(actor, id)
  }

  private refuse(act: 'edit' | 'delete' | 'withdraw', b: BookingDoc) {
    if (b.submitting) throw new AppError('BOOKING_SUBMITTING')
    const refusal = refuseBookingAct(act, b)
    if (refusal) throw new AppError('BOOKING_NOT_EDITABLE', refusal)
  }

  /**
   * Ledger rows a booking may take: the unit's own, not 停用/报废, not held by another open
   * booking. Anything else is refused by name, and nothing is written.
   */
  private async eligibleItems(actor: Actor, ids: string[], bookingId: Types.ObjectId | null): Promise<BookingItem[]> {
    if (ids.length === 0) return []
    const orgId = orgIdOf(actor)
    const rows = (await byIds<InstrumentDoc>(Instrument, ids)).filter((r) => r.orgId.equals(orgId))
    const byId = new Map(rows.map((r) => [String(r._id), r]))
    const details: FieldError[] = []
    ids.forEach((id, index) => {
      const row = byId.get(id)
      const problem = !row ? '器具不存在' : ineligible(row, bookingId)
      if (problem) details.push({ path: `instrumentIds.${index}`, message: row ? `${row.code} ${row.name}：${problem}` : problem })
    })
    if (details.length > 0) throw new AppError('BOOKING_ITEMS_INVALID', details.map((d) => d.message).join('；'), details)
    return ids.map((id) => toItem(byId.get(id)!))
  }
}

export function ineligible(row: InstrumentDoc, bookingId: Types.ObjectId | null): string | null {
  if (row.status === 'disabled') return '已停用，不能预约'
  if (row.status === 'scrapped') return '已报废，不能预约'
  if (row.openBookingId && !(bookingId && row.openBookingId.equals(bookingId))) return '已在其他未完成的预约中'
  return null
}

function toItem(row: InstrumentDoc): BookingItem {
  return {
    instrumentId: row._id,
    code: row.code,
    name: row.name,
    level2Code: row.level2Code,
    level2Name: row.level2Name,
    serialNo: row.serialNo,
    regionCode: row.regionCode,
    deliveryMode: row.deliveryMode,
    taskId: null,
    verifyStatusBefore: null,
  }
}

export function entry(actor: { userId: string | null; name: string }, at: Date, action: HistoryEntry['action'], note: string | null): HistoryEntry {
  return { at, by: actor.name, byUserId: actor.userId ? new Types.ObjectId(actor.userId) : null, action, note }
}

const isReturned = (b: BookingDoc, taskId: Types.ObjectId) => b.tasks.some((t) => t._id.equals(taskId) && t.status === 'returned')

/** 00:00 China time of a `YYYY-MM-DD` date (plus days), as an instant. */
export function chinaMidnight(date: string, plusDays = 0): Date {
  return new Date(Date.parse(`${date}T00:00:00+08:00`) + plusDays * 86_400_000)
}

/** Institutions' addresses and phones for the task cards. */
export async function contactsFor(bookings: BookingDoc[]): Promise<ContactBook> {
  const ids = [...new Set(bookings.flatMap((b) => b.tasks.map((t) => String(t.institutionId))))]
  if (ids.length === 0) return new Map()
  const orgs = await byIds<{ _id: Types.ObjectId; address: string; phone: string | null }>(Organization, ids, { address: 1, phone: 1 })
  return new Map(orgs.map((o) => [String(o._id), { address: o.address ?? null, phone: o.phone ?? null }]))
}

