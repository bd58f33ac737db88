import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import type { Logger } from 'pino'
import { PeriodicJob } from '../../core/periodic'
import type { Clock } from '../../core/clock'
import { writeIfVersion } from '../../db/claims'
import { User } from '../auth/user.model'
import {
  chooseRoute,
  markUnfollowed,
  PERMANENT_ERRCODES,
  reserveGrant,
  returnGrant,
  send,
  spendGrant,
  type DeliveryDeps,
  type Recipient,
  type Route,
  type SendResult,
} from './delivery'
import { OutboxMessage, type OutboxDoc } from './outbox.model'

/** Waits before the 2nd, 3rd… attempt; the last one repeats. */
export const DEFAULT_BACKOFF_MS = [5_000, 30_000, 120_000, 600_000, 3_600_000]

/**
 * WeChat keeps a template message's `client_msg_id` for 10 minutes. A send that may have arrived
 * is repeated only well inside that window; after it, the message is left `unconfirmed`.
 */
const DEDUP_WINDOW_MS = 9 * 60_000
/** A send whose outcome is unknown is retried this soon at the latest, to stay inside the window. */
const UNCERTAIN_RETRY_MS = 60_000

export interface NotificationWorkerOptions extends DeliveryDeps {
  clock: Clock
  log?: Logger
  /** Pause between passes. */
  intervalMs: number
  /** Attempts per message before it is marked failed. */
  maxAttempts: number
  backoffMs?: number[]
  /**
   * A message still `sending` this long after it was claimed was abandoned (its process died).
   * Longer than one send can take: token renewal and a retry, at 10 s each, twice over a fallback.
   */
  sendingTimeoutMs?: number
  /** Messages read per pass. */
  batchSize?: number
  /** Messages sent at once within a pass. */
  concurrency?: number
  /** Names this worker in `claimedBy` (logs and debugging). */
  workerId?: string
}

export interface PassReport {
  sent: number
  retrying: number
  failed: number
  unconfirmed: number
  cancelled: number
  /** Abandoned sends looked at again. */
  recovered: number
}

type Outcome = keyof Omit<PassReport, 'recovered'> | 'lost'

/**
 * Sends the outbox: every process runs one. Each pass first settles sends abandoned by a dead
 * process, then claims due messages one by one with a versioned write, so exactly one worker,
 * in this process or another, makes each attempt. A subscribe message whose send was interrupted
 * is never repeated (`unconfirmed`); a template message is, under the same `client_msg_id`.
 */
export class NotificationWorker {
  private readonly backoff: number[]
  private readonly sendingTimeoutMs: number
  private readonly batchSize: number
  private readonly concurrency: number
  readonly workerId: string
  private readonly job: PeriodicJob

  constructor(private readonly opts: NotificationWorkerOptions) {
    this.backoff = opts.backoffMs ?? DEFAULT_BACKOFF_MS
    this.sendingTimeoutMs = opts.sendingTimeoutMs ?? 120_000
    this.batchSize = opts.batchSize ?? 50
    this.concurrency = opts.concurrency ?? 8
    this.workerId = opts.workerId ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`
    this.job = new PeriodicJob('notification worker pass', async () => void (await this.runOnce()), {
      intervalMs: opts.intervalMs,
      log: opts.log,
      runAtStart: true,
    })
  }

  /** Runs a pass every `intervalMs` until `stop()`. */
  start(): void {
    this.job.start()
  }

  /** Stops scheduling and waits for the pass in progress, so the database can be closed after. */
  stop(): Promise<void> {
    return this.job.stop()
  }

  /** Runs a pass soon (something was just enqueued) instead of at the next interval. */
  wake(): void {
    this.job.wake()
  }

  /** One pass: settle abandoned sends, then send what is due. */
  async runOnce(): Promise<PassReport> {
    const report: PassReport = { sent: 0, retrying: 0, failed: 0, unconfirmed: 0, cancelled: 0, recovered: 0 }
    const now = this.opts.clock()
    const abandoned = await OutboxMessage.find({ status: 'sending', claimedAt: { $lt: new Date(now.getTime() - this.sendingTimeoutMs) } })
      .limit(this.batchSize)
      .lean()
    for (const message of abandoned) if (await this.recover(message)) report.recovered += 1

    const due = await OutboxMessage.find({ status: 'pending', dueAt: { $lte: this.opts.clock() } })
      .sort({ dueAt: 1 })
      .limit(this.batchSize)
      .lean()
    // Workers reading the same batch start at different places, so they mostly claim different messages.
    const queue = shuffle(due)
    const next = async (): Promise<void> => {
      const message = queue.pop()
      if (!message) return
      const outcome = await this.process(message).catch((err: unknown) => {
        this.opts.log?.error({ err, messageId: String(message._id) }, 'notification send failed')
        return 'lost' as const
      })
      if (outcome !== 'lost') report[outcome] += 1
      return next()
    }
    await Promise.all(Array.from({ length: Math.min(this.concurrency, queue.length) }, next))
    return report
  }

  /**
   * Claims one attempt of a message and makes it; 'lost' when another worker has it. Every step
   * is a versioned write, so of any number of workers exactly one makes each attempt. What needs
   * no send (in-app only, cancelled) is claimed and settled in one write.
   */
  private async process(message: OutboxDoc): Promise<Outcome> {
    const started = this.opts.clock()
    const claim = { attempts: message.attempts + 1, claimedAt: started, claimedBy: this.workerId }
    const held = { ...message }
    const write = async (set: Record<string, unknown>) => {
      const ok = await writeIfVersion(OutboxMessage, held._id, held.version, { set })
      if (ok) Object.assign(held, set, { version: held.version + 1 })
      return ok
    }
    const settleNow = async (set: Record<string, unknown>, outcome: Outcome) => ((await write({ ...claim, ...set })) ? outcome : 'lost')

    const user = await User.findById(message.userId, { openid: 1, unionid: 1, orgId: 1 }).lean()
    // Someone who left the organization since no longer hears about its affairs.
    if (!user || !user.orgId?.equals(message.orgId)) return settleNow({ status: 'cancelled' }, 'cancelled')
    const recipient: Recipient = { _id: user._id, openid: user.openid, unionid: user.unionid ?? null }
    // A template message that may already be out must not reach the user another way.
    const tried = new Set<string>(message.uncertainAt ? ['subscribe'] : [])
    let route = await chooseRoute(this.opts, held, recipient, tried)
    if (message.uncertainAt && (route.channel !== 'oa_template' || started.getTime() - message.uncertainAt.getTime() > DEDUP_WINDOW_MS)) {
      return settleNow({ status: 'unconfirmed', channel: 'oa_template' }, 'unconfirmed')
    }
    if (route.channel === 'in_app') return settleNow({ status: 'sent', channel: 'in_app', sentAt: started, lastError: null }, 'sent')
    // The channel is on record before anything leaves, so an interrupted send is recognised.
    const claimed = await write({ ...claim, status: 'sending', channel: route.channel === 'oa_template' ? route.channel : null, grantId: null })
    if (!claimed) return 'lost'
    for (;;) {
      if (route.channel === 'in_app') {
        const done = await write({ status: 'sent', channel: 'in_app', grantId: null, sentAt: this.opts.clock(), lastError: null })
        return done ? 'sent' : 'lost'
      }
      if (route.channel === 'subscribe') {
        const grantId = await reserveGrant(held._id, recipient._id, route.templateId)
        if (!grantId) {
          // Another message took the user's last grant meanwhile.
          tried.add('subscribe')
          route = await chooseRoute(this.opts, held, recipient, tried)
          continue
        }
        if (!(await write({ channel: 'subscribe', grantId }))) return 'lost'
      } else if (held.channel !== route.channel) {
        if (!(await write({ channel: route.channel, grantId: null }))) return 'lost'
      }
      const result = await send(this.opts, held, recipient, route)
      if (route.channel === 'subscribe' && !result.ok && result.errcode === 43101) {
        await spendGrant(held.grantId!, held._id, 'refused', this.opts.clock())
        tried.add('subscribe')
        route = await chooseRoute(this.opts, held, recipient, tried)
        continue
      }
      return this.settle(held, route, result, write, started)
    }
  }

  /** Records how the attempt ended: sent, retried later, failed, or unconfirmed. */
  private async settle(
    held: OutboxDoc,
    route: Route,
    result: SendResult,
    write: (set: Record<string, unknown>) => Promise<boolean>,
    started: Date,
  ): Promise<Outcome> {
    const now = this.opts.clock()
    const grantId = route.channel === 'subscribe' ? held.grantId : null
    if (result.ok) {
      if (grantId) await spendGrant(grantId, held._id, 'sent', now)
      const done = await write({ status: 'sent', sentAt: now, msgid: result.msgid ?? null, lastError: null, uncertainAt: null })
      return done ? 'sent' : 'lost'
    }
    const lastError = { errcode: result.errcode, errmsg: result.errmsg }
    if (route.channel === 'subscribe' && result.maybeDelivered) {
      if (grantId) await spendGrant(grantId, held._id, 'unknown', now)
      return (await write({ status: 'unconfirmed', lastError })) ? 'unconfirmed' : 'lost'
    }
    const uncertainAt = held.uncertainAt ?? (result.maybeDelivered ? started : null)
    const permanent = PERMANENT_ERRCODES.has(result.errcode)
    if (permanent || held.attempts >= this.opts.maxAttempts) {
      if (grantId) await returnGrant(grantId)
      if (route.channel === 'oa_template' && result.errcode === 43004) await markUnfollowed(route.oaOpenid, started)
      // Out of attempts after a send that may have arrived: whether it did is not known.
      const status = !permanent && uncertainAt ? 'unconfirmed' : 'failed'
      return (await write({ status, lastError, uncertainAt })) ? status : 'lost'
    }
    const wait = this.backoff[Math.min(held.attempts - 1, this.backoff.length - 1)] ?? 0
    const dueAt = new Date(now.getTime() + (uncertainAt ? Math.min(wait, UNCERTAIN_RETRY_MS) : wait))
    return (await write({ status: 'pending', dueAt, lastError, uncertainAt })) ? 'retrying' : 'lost'
  }

  /**
   * A send claimed longer ago than any send takes: its process died. What was on its way decides:
   * nothing yet, or only the in-app list → send again; a subscribe message → `unconfirmed`
   * (sending it again could deliver it twice); a template message → again with the same
   * `client_msg_id`, which WeChat de-duplicates.
   */
  private async recover(message: OutboxDoc): Promise<boolean> {
    const now = this.opts.clock()
    let set: Record<string, unknown>
    if (message.channel === 'subscribe') {
      if (message.grantId) await spendGrant(message.grantId, message._id, 'unknown', now)
      set = { status: 'unconfirmed' }
    } else if (message.channel === 'oa_template') {
      const uncertainAt = message.uncertainAt ?? message.claimedAt
      set = message.attempts >= this.opts.maxAttempts ? { status: 'unconfirmed', uncertainAt } : { status: 'pending', dueAt: now, uncertainAt }
    } else {
      set = { status: 'pending', dueAt: now }
    }
    const done = await writeIfVersion(OutboxMessage, message._id, message.version, { set })
    if (done) this.opts.log?.warn({ messageId: String(message._id), channel: message.channel, claimedBy: message.claimedBy }, 'abandoned notification send recovered')
    return done
  }
}

function shuffle<T>(items: T[]): T[] {
  const copy = [...items]
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[copy[i], copy[j]] = [copy[j]!, copy[i]!]
  }
  return copy
}
