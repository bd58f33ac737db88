import type { Logger } from 'pino'
import { pruneVersionClaims } from '../../db/claims'
import type { BookingService } from './service'

/**
 * Finishes bookings whose follow-up work a crashed process left undone (half-done submissions,
 * ledger rows to hand back, queue rows, messages), and clears out old version claims. Safe on every node: each booking is finished
 * under its lease, and every step is idempotent.
 */
export class BookingRelay {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<unknown> | null = null

  constructor(
    private readonly bookings: BookingService,
    private readonly log: Logger,
    private readonly intervalMs = 15_000,
    private readonly staleAfterMs = 30_000,
  ) {}

  async runOnce(): Promise<number> {
    await pruneVersionClaims(new Date(Date.now() - 3600_000))
    return this.bookings.followUp.sweep(this.staleAfterMs, (b) => this.bookings.submission.resume(b))
  }

  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => {
      if (this.running) return
      this.running = this.runOnce()
        .then((n) => n > 0 && this.log.info({ finished: n }, 'finished interrupted booking work'))
        .catch((err: unknown) => this.log.error({ err }, 'booking relay failed'))
        .finally(() => (this.running = null))
    }, this.intervalMs)
    this.timer.unref()
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
    await this.running
  }
}
