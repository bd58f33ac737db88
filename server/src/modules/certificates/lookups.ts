import type { Logger } from 'pino'
import { CertificateLookup } from './lookup.model'

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
