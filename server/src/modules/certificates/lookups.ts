import { randomUUID } from 'node:crypto'
import type { Logger } from 'pino'
import { withDatabaseLease } from '../../db/claims'
import { CertificateLookup, CertificateLookupFold, CertificateLookupTotal, type CertificateLookupFoldDoc } from './lookup.model'

interface LookupEvent {
  no: string
  at: Date
  genuine: boolean
}

/**
 * Writes public checks in batches: one insert per request cost the check as much as reading the
 * certificate. Events wait at most `flushMs` (or until `maxBatch` are waiting); a crash loses at
 * most that many, which a count of scans can bear. Reads in this process flush first, so what a
 * unit sees right after a scan already counts it.
 */
export class LookupRecorder {
  private pending: LookupEvent[] = []
  private timer: NodeJS.Timeout | null = null
  private writing: Promise<void> = Promise.resolve()

  constructor(private readonly opts: { flushMs?: number; maxBatch?: number; log?: Logger } = {}) {}

  record(no: string, genuine: boolean, at: Date): void {
    this.pending.push({ no, at, genuine })
    if (this.pending.length >= (this.opts.maxBatch ?? 200)) void this.flush()
    else this.timer ??= setTimeout(() => void this.flush(), this.opts.flushMs ?? 250).unref()
  }

  /** Writes what is waiting; resolves once everything recorded before the call is stored. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    const batch = this.pending
    this.pending = []
    this.writing = this.writing.then(async () => {
      if (batch.length === 0) return
      try {
        await CertificateLookup.collection.insertMany(batch.map((e) => ({ ...e })), { ordered: false })
      } catch (err) {
        this.opts.log?.error({ err, events: batch.length }, 'certificate lookups could not be recorded')
      }
    })
    return this.writing
  }
}

const FOLD = 'current'

/**
 * Folds recorded checks into per-number totals and deletes them. FerretDB reads the whole
 * collection for any filter but `_id`, and checks only accumulate: folded, a count is one total
 * read by `_id` plus the few checks since the last fold. One fold at a time across processes (a
 * database lease); a fold cut short is finished by the next run and never adds twice, because
 * each total remembers the last fold that added to it. At most `maxBatches` of `batchSize`
 * checks a run, well inside the lease.
 */
export async function foldLookups(opts: { batchSize?: number; maxBatches?: number } = {}): Promise<number> {
  const batchSize = opts.batchSize ?? 1000
  return withDatabaseLease(
    'certificate-lookups-fold',
    async () => {
      let folded = 0
      for (let i = 0; i < (opts.maxBatches ?? 5); i++) {
        const fold = (await CertificateLookupFold.findById(FOLD).lean()) ?? (await startFold(batchSize))
        if (!fold) break
        for (const { no, n } of fold.counts) {
          const total = await CertificateLookupTotal.findById(no).lean()
          if (total?.batch === fold.batch) continue
          await CertificateLookupTotal.updateOne({ _id: no }, { $set: { count: (total?.count ?? 0) + n, batch: fold.batch } }, { upsert: true })
        }
        await CertificateLookup.deleteMany({ _id: { $in: fold.eventIds } })
        await CertificateLookupFold.deleteOne({ _id: FOLD })
        folded += fold.eventIds.length
        if (fold.eventIds.length < batchSize) break
      }
      return folded
    },
    120_000,
  )
}

async function startFold(batchSize: number): Promise<CertificateLookupFoldDoc | null> {
  const events = await CertificateLookup.find({}, { no: 1, genuine: 1 }).limit(batchSize).lean()
  if (events.length === 0) return null
  const counts = new Map<string, number>()
  for (const e of events) if (e.genuine) counts.set(e.no, (counts.get(e.no) ?? 0) + 1)
  const fold = { _id: FOLD, batch: randomUUID(), eventIds: events.map((e) => e._id), counts: [...counts].map(([no, n]) => ({ no, n })) }
  await CertificateLookupFold.create(fold)
  return fold
}
