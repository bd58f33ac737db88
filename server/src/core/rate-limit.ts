import { AppError } from './errors'
import type { Clock } from './clock'

/**
 * A fixed-window counter per key (a client address). In memory: each API process limits on its
 * own, which bounds abuse per process; a shared store is only worth it behind many processes.
 */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>()

  constructor(
    private readonly max: number,
    private readonly windowMs: number,
    private readonly clock: Clock,
  ) {}

  /** Counts one hit for `key`; throws 429 once the window's allowance is used up. */
  hit(key: string): void {
    const now = this.clock().getTime()
    const current = this.windows.get(key)
    if (!current || now - current.start >= this.windowMs) {
      if (this.windows.size > 10_000) this.sweep(now)
      this.windows.set(key, { start: now, count: 1 })
      return
    }
    current.count += 1
    if (current.count > this.max) {
      const retryAfter = Math.ceil((current.start + this.windowMs - now) / 1000)
      throw new AppError('RATE_LIMITED', `操作太频繁，请${retryAfter}秒后再试`)
    }
  }

  private sweep(now: number) {
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key)
  }
}
