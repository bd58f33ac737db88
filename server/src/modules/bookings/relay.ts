import type { Logger } from 'pino'
import { PeriodicJob } from '../../core/periodic'
import { pruneVersionClaims } from '../../db/claims'
import type { BookingService } from './service'

/**
 * Finishes bookings whose follow-up work a crashed process left undone (half-done submissions,
 * ledger rows to hand back, queue rows, messages), and clears out old version claims. Safe on
 * every node: each booking is finished under its lease, and every step is idempotent.
 */
export class BookingRelay {
  private readonly job: PeriodicJob

  constructor(
    private readonly bookings: BookingService,
    private readonly log: Logger,
    intervalMs = 15_000,
    private readonly staleAfterMs = 30_000,
  ) {
    const run = async () => {
      const n = await this.runOnce()
      if (n > 0) this.log.info({ finished: n }, 'finished interrupted booking work')
    }
    this.job = new PeriodicJob('booking relay', run, { intervalMs, log })
  }

  async runOnce(): Promise<number> {
    await pruneVersionClaims(new Date(Date.now() - 3600_000))
    return this.bookings.followUp.sweep(this.staleAfterMs, (b) => this.bookings.submission.resume(b))
  }

  start(): void {
    this.job.start()
  }

  stop(): Promise<void> {
    return this.job.stop()
  }
}
