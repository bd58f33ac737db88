import { randomBytes } from 'node:crypto'
import type { Logger } from 'pino'
import { addDays, chinaToday } from '@qjt/shared'
import { PeriodicJob } from '../../core/periodic'
import type { Clock } from '../../core/clock'
import { Claim, isDuplicateKey, withDatabaseLease } from '../../db/claims'
import { Instrument, type InstrumentDoc } from '../instruments/model'
import type { NotificationIntent } from '../notifications/intent'
import type { ReferenceService } from '../reference/service'
import { Reminder, type ReminderDoc } from './model'
import { HORIZON_DAYS, reminderIntent, reminderKey, stageOn, validityKey, validityOf, type ReminderAction, type ReminderStage } from './rules'

export interface ReminderSchedulerOptions {
  clock: Clock
  notifier: { enqueue(intents: NotificationIntent[]): Promise<unknown> }
  reference: Pick<ReferenceService, 'findKinds'>
  /** Pause between runs. */
  intervalMs: number
  /**
   * How long a run may hold the lease before another process takes it over. A run is one scan of
   * the instruments near or past 有效期至 and of the reminders, seconds even for a province;
   * minutes leave room for a slow database without letting a dead holder stop reminders for long.
   */
  leaseMs?: number
  log?: Logger
}

export interface ReminderRunReport {
  /** Another process held the lease: it is doing this run. */
  skipped: boolean
  /** Reminders claimed and handed to the notifications in this run. */
  sent: number
  /** Messages they went out in (one per unit, stage and action). */
  messages: number
  /** Reminders an interrupted run had claimed, handed over now. */
  recovered: number
  /** Reminders of a 有效期至 no instrument has any more, removed. */
  pruned: number
}

const LEASE = 'reminders'
const DEFAULT_LEASE_MS = 10 * 60_000
/** A claimed reminder not handed over after this long was left by a run that died. */
const INTERRUPTED_AFTER_MS = 2 * 60_000
/** Keys per database round trip (a filter of ids stays far below the 16 MB document limit). */
const CHUNK = 1000
/** Messages handed over at once: their units' members are read in one query. */
const DIGESTS_PER_ENQUEUE = 200

type Row = Pick<InstrumentDoc, '_id' | 'orgId' | 'code' | 'name' | 'level2Code' | 'validUntil' | 'status' | 'openBookingId'>
interface Due {
  row: Row & { validUntil: string }
  stage: ReminderStage
  key: string
}

/**
 * Reminds units of their instruments' 有效期至. Every process runs one; a database lease lets one
 * run at a time, and each reminder's claim (`Reminder._id`) makes it go out once even when two
 * runs overlap (a lease taken over from a slow holder). Each run applies the stage due today, so
 * a run after downtime catches up with one reminder per instrument, not one per missed stage.
 * A run reads the instruments once, and the reminders once before and once after claiming,
 * however many there are; each unit with something due costs one message, not a query.
 */
export class ReminderScheduler {
  private readonly leaseMs: number
  private readonly job: PeriodicJob

  constructor(private readonly opts: ReminderSchedulerOptions) {
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS
    const run = async () => {
      const report = await this.runOnce()
      if (report.sent + report.recovered > 0) this.opts.log?.info({ report }, 'reminders sent')
    }
    this.job = new PeriodicJob('reminder run', run, { intervalMs: opts.intervalMs, log: opts.log, runAtStart: true })
  }

  /** Runs now (catching up after downtime), then every `intervalMs` until `stop()`. */
  start(): void {
    this.job.start()
  }

  /** Stops scheduling and waits for the run in progress, so the database can be closed after. */
  stop(): Promise<void> {
    return this.job.stop()
  }

  /** One run as of `now`, under the lease; skipped when another process is running it. */
  async runOnce(now: Date = this.opts.clock()): Promise<ReminderRunReport> {
    // Taking the lease would wait for its holder, whose run is doing this one's work already.
    const holder = await Claim.findById(`lease:${LEASE}`, { at: 1 }).lean()
    if (holder && Date.now() - holder.at.getTime() <= this.leaseMs) return { skipped: true, sent: 0, messages: 0, recovered: 0, pruned: 0 }
    return withDatabaseLease(LEASE, () => this.sweep(now), this.leaseMs)
  }

  /**
   * A run without the lease: what `runOnce` does under it. The claims alone keep two overlapping
   * sweeps from sending anything twice (tests race two of them to show it).
   */
  async sweep(now: Date): Promise<ReminderRunReport> {
    const today = chinaToday(now)
    const [rows, claims] = await Promise.all([
      Instrument.find(
        { validUntil: { $lte: addDays(today, HORIZON_DAYS) }, status: { $ne: 'scrapped' } },
        { orgId: 1, code: 1, name: 1, level2Code: 1, validUntil: 1, status: 1, openBookingId: 1 },
      ).lean<Row[]>(),
      Reminder.find({}, { _id: 1, claimedAt: 1, enqueuedAt: 1 }).lean<Pick<ReminderDoc, '_id' | 'claimedAt' | 'enqueuedAt'>[]>(),
    ])
    const interrupted = claims.filter((c) => !c.enqueuedAt && Date.now() - c.claimedAt.getTime() > INTERRUPTED_AFTER_MS)
    const recovered = await this.handOver(interrupted.map((c) => c._id))

    const claimed = new Set(claims.map((c) => c._id))
    const current = new Set<string>()
    const due: Due[] = []
    for (const row of rows) {
      if (!row.validUntil) continue
      current.add(validityKey(row._id, row.validUntil))
      const stage = stageOn(row, today)
      // Already booked for verification: only the legal warning once 有效期至 has passed.
      if (!stage || (row.openBookingId && stage !== 'overdue')) continue
      const key = reminderKey(row._id, row.validUntil, stage)
      if (!claimed.has(key)) due.push({ row: row as Due['row'], stage, key })
    }
    const stale = claims.filter((c) => c.enqueuedAt && !current.has(validityOf(c._id))).map((c) => c._id)
    for (let i = 0; i < stale.length; i += CHUNK) await Reminder.deleteMany({ _id: { $in: stale.slice(i, i + CHUNK) } })

    const { sent, messages } = await this.send(due, now, today)
    return { skipped: false, sent, messages, recovered, pruned: stale.length }
  }

  /** Claims the due reminders, then hands each unit's claimed ones over as one message per stage. */
  private async send(due: Due[], now: Date, today: string): Promise<{ sent: number; messages: number }> {
    if (due.length === 0) return { sent: 0, messages: 0 }
    const kinds = await this.opts.reference.findKinds([...new Set(due.map((d) => d.row.level2Code))])
    const run = randomBytes(4).toString('hex')
    const claimedAt = new Date()
    const docs: ReminderDoc[] = due.map(({ row, stage, key }) => {
      const action: ReminderAction = kinds.get(row.level2Code)?.mode === 'initial_only_rotate' ? 'rotate' : 'reverify'
      return {
        _id: key,
        orgId: row.orgId,
        instrumentId: row._id,
        code: row.code,
        name: row.name,
        validUntil: row.validUntil,
        stage,
        action,
        digestId: `reminder:${String(row.orgId)}:${today}:${stage}:${action}:${run}`,
        at: now,
        claimedAt,
        enqueuedAt: null,
      }
    })
    for (let i = 0; i < docs.length; i += CHUNK) await insertUnclaimed(docs.slice(i, i + CHUNK))
    // What this run won (another run may have claimed some of the same reminders first): one
    // read by this run's digests, however many reminders they hold.
    const mine = [...new Set(docs.map((d) => d.digestId))]
    const won: ReminderDoc[] = []
    for (let i = 0; i < mine.length; i += CHUNK) {
      won.push(...(await Reminder.find({ digestId: { $in: mine.slice(i, i + CHUNK) }, enqueuedAt: null }).lean<ReminderDoc[]>()))
    }
    const messages = await this.enqueue(won)
    return { sent: won.length, messages }
  }

  /** Hands over reminders an interrupted run claimed: the same messages, which `enqueue` writes once. */
  private async handOver(ids: string[]): Promise<number> {
    const docs: ReminderDoc[] = []
    for (let i = 0; i < ids.length; i += CHUNK) {
      docs.push(...(await Reminder.find({ _id: { $in: ids.slice(i, i + CHUNK) }, enqueuedAt: null }).lean<ReminderDoc[]>()))
    }
    if (docs.length === 0) return 0
    // All of a digest at once: a message built from part of it would keep its id for good.
    await this.enqueue(docs)
    this.opts.log?.warn({ count: docs.length }, 'reminders of an interrupted run handed over')
    return docs.length
  }

  /** One message per digest; claims are marked once their messages are written. */
  private async enqueue(docs: ReminderDoc[]): Promise<number> {
    const digests = new Map<string, ReminderDoc[]>()
    for (const doc of docs) {
      const digest = digests.get(doc.digestId)
      if (digest) digest.push(doc)
      else digests.set(doc.digestId, [doc])
    }
    const all = [...digests.values()]
    for (let i = 0; i < all.length; i += DIGESTS_PER_ENQUEUE) {
      const batch = all.slice(i, i + DIGESTS_PER_ENQUEUE)
      await this.opts.notifier.enqueue(batch.map(reminderIntent))
      const ids = batch.flat().map((d) => d._id)
      for (let j = 0; j < ids.length; j += CHUNK) {
        await Reminder.updateMany({ _id: { $in: ids.slice(j, j + CHUNK) } }, { $set: { enqueuedAt: new Date() } })
      }
    }
    return digests.size
  }
}

/** Inserts the claims nobody holds yet; a taken `_id` is another run's claim, not an error. */
async function insertUnclaimed(docs: ReminderDoc[]): Promise<void> {
  try {
    await Reminder.insertMany(docs, { ordered: false })
  } catch (err) {
    const errors = (err as { writeErrors?: { code?: number; err?: { code?: number } }[] }).writeErrors
    if (errors ? !errors.every((w) => (w.code ?? w.err?.code) === 11000) : !isDuplicateKey(err)) throw err
  }
}
