import type { Logger } from 'pino'

/**
 * Background work in this process: a run, then the next one `intervalMs` after it finished, one
 * at a time; a failure is logged and the next run tries again. `wake()` asks for a run now (or
 * right after the one in progress). `stop()` waits for a run in flight, for a clean shutdown.
 */
export class PeriodicJob {
  private timer?: NodeJS.Timeout
  private running?: Promise<void>
  private stopped = true
  private again = false

  constructor(
    private readonly name: string,
    private readonly work: () => Promise<void>,
    private readonly opts: { intervalMs: number; log?: Pick<Logger, 'error'>; runAtStart?: boolean },
  ) {}

  start(): void {
    if (!this.stopped) return
    this.stopped = false
    this.schedule(this.opts.runAtStart ? 0 : this.opts.intervalMs)
  }

  async stop(): Promise<void> {
    this.stopped = true
    clearTimeout(this.timer)
    await this.running
  }

  wake(): void {
    if (this.stopped) return
    if (this.running) {
      this.again = true
      return
    }
    clearTimeout(this.timer)
    this.schedule(0)
  }

  private schedule(delay: number) {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.running = this.work()
        .catch((err: unknown) => this.opts.log?.error({ err }, `${this.name} failed`))
        .finally(() => {
          this.running = undefined
          const soon = this.again
          this.again = false
          this.schedule(soon ? 0 : this.opts.intervalMs)
        })
    }, delay)
    this.timer.unref()
  }
}
