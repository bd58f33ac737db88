import { type Types } from 'mongoose'
import { chinaToday } from '@qjt/shared'
import { isDuplicateKey, rewriteById, writeIfVersion } from '../../db/claims'
import { byId, byIds } from '../../db/lookup'
import { Instrument, type InstrumentDoc } from '../instruments/model'
import { Organization } from '../organizations/model'
import { Booking, TaskRow, type BookingDoc } from './model'
import type { NotificationIntent, Notifier } from './notices'

/**
 * The work that follows a booking's state change in other collections: handing instruments back
 * to the ledger, the institutions' task queue, the messages. Every step is idempotent; the
 * booking write that caused it set `followUp`, and only a finished round clears it, so a process
 * that dies half-way leaves the flag for the relay to finish the job.
 */
export class BookingFollowUp {
  private readonly sweepers: ((staleAfterMs: number) => Promise<number>)[] = []

  constructor(private readonly notifier: Notifier) {}

  /**
   * Work that happens inside bookings and is finished the same way (a certificate's issuance):
   * the relay sweeps it with the bookings'.
   */
  alsoSweep(sweeper: (staleAfterMs: number) => Promise<number>): void {
    this.sweepers.push(sweeper)
  }

  async finish(bookingId: Types.ObjectId): Promise<BookingDoc> {
    for (let attempt = 0; ; attempt++) {
      const b = await Booking.findById(bookingId).lean()
      if (!b) throw new Error(`booking ${String(bookingId)} vanished`)
      if (!b.followUp) return b
      await this.release(b)
      await this.syncQueue(b)
      if (b.outbox.length > 0) await this.notifier.enqueue(b.outbox as NotificationIntent[])
      const done = await writeIfVersion(Booking, b._id, b.version, { set: { followUp: false, releasing: [], outbox: [] } })
      if (done) return (await Booking.findById(bookingId).lean())!
      // Someone changed the booking meanwhile: their change has its own follow-up; go again.
      if (attempt > 5) throw new Error(`booking ${String(bookingId)} keeps changing`)
    }
  }

  /** Ledger rows this booking still holds but no longer needs go back as they were. */
  private async release(b: BookingDoc) {
    if (b.releasing.length === 0) return
    const before = new Map(b.items.map((i) => [String(i.instrumentId), i.verifyStatusBefore]))
    const rows = (await byIds<InstrumentDoc>(Instrument, b.releasing)).filter((r) => r.orgId.equals(b.orgId) && r.openBookingId?.equals(b._id))
    await Promise.all(
      rows.map((row) =>
        rewriteById<InstrumentDoc>(
          Instrument,
          row._id,
          (current) => (current.openBookingId?.equals(b._id) ? { openBookingId: null, verifyStatus: before.get(String(row._id)) ?? 'unverified' } : null),
          { current: row },
        ),
      ),
    )
  }

  /** The queue rows of this booking's tasks, as of this version of the booking. */
  private async syncQueue(b: BookingDoc) {
    if (b.tasks.length === 0) return
    const unit = await Organization.findById(b.orgId, { name: 1 }).lean()
    for (const task of b.tasks) {
      const row = {
        bookingId: b._id,
        bookingNo: b.no,
        unitId: b.orgId,
        unitName: unit?.name ?? '',
        institutionId: task.institutionId,
        status: task.status,
        closed: task.closed,
        count: task.instrumentIds.length,
        scheduledDate: task.scheduledDate ?? null,
        submittedAt: task.submittedAt,
        submittedOn: chinaToday(task.submittedAt),
        bookingVersion: b.version,
      }
      // Never let an older version of the booking overwrite a newer one's row.
      const current = await byId<{ bookingVersion: number }>(TaskRow, task._id, { bookingVersion: 1 })
      if (current && current.bookingVersion >= b.version) continue
      if (current) await TaskRow.updateOne({ _id: task._id }, { $set: row })
      else await TaskRow.create({ _id: task._id, ...row }).catch((err) => {
        if (!isDuplicateKey(err)) throw err
      })
    }
  }

  /** Finishes what crashed processes left: run by the background relay on every node. */
  async sweep(staleAfterMs = 30_000, resume?: (b: BookingDoc) => Promise<void>): Promise<number> {
    const waiting = await Booking.find({ followUp: true }, { _id: 1, submitting: 1, updatedAt: 1 }).limit(100).lean()
    let finished = 0
    for (const b of waiting) {
      if (Date.now() - b.updatedAt.getTime() < staleAfterMs) continue
      if (b.submitting && resume) await resume((await Booking.findById(b._id).lean())!)
      await this.finish(b._id)
      finished++
    }
    for (const sweeper of this.sweepers) finished += await sweeper(staleAfterMs)
    return finished
  }
}
