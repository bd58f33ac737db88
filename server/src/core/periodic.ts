import type { Logger } from 'pino'

/**
 * Background work run every `intervalMs` in this process, one run at a time; a failure is logged
 * and the next run tries again. `stop()` waits for a run in flight, for a clean shutdown.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | null = null
  private running: Promise<unknown> | null = null

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<void>,
    private readonly log: Logger,
    private readonly intervalMs: number,
  ) {}

  start(): void {
    if (this.timer) return
    this.timer = setInterval(() => {
      if (this.running) return
      this.running = this.work()
        .catch((err: unknown) => this.log.error({ err }, `${this.name} failed`))
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
