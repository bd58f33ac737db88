import type { Logger } from 'pino'
import type { Env } from '@qjt/config'
import type { Clock } from './core/clock'
import { RateLimiter } from './core/rate-limit'
import { TokenService } from './core/tokens'
import type { WechatClient } from './wechat/client'
import { AuthService } from './modules/auth/service'
import { OrganizationService } from './modules/organizations/service'
import { ReferenceService } from './modules/reference/service'
import { InstrumentService } from './modules/instruments/service'
import { NotificationService } from './modules/notifications/service'
import { OfficialAccountEvents } from './modules/notifications/oa-events'
import { NotificationWorker } from './modules/notifications/worker'
import { BookingService } from './modules/bookings/service'
import { TaskService } from './modules/tasks/service'
import { ReminderScheduler } from './modules/reminders/scheduler'
import { StatsService } from './modules/stats/service'
import { RecordService } from './modules/verifications/service'
import { CertificateSigner } from './modules/certificates/signing'
import { CertificateService } from './modules/certificates/service'
import { LookupRecorder } from './modules/certificates/lookups'

/** What the app is built from: configuration and the outside world, replaceable in tests. */
export interface AppDeps {
  config: Env
  logger: Logger
  wechat: WechatClient
  clock: Clock
  /** The official account's client; made from `wechat` (same API base) with the account's credentials when not given. */
  oaWechat?: WechatClient | null
}

/** The notification sender; `server/src/index.ts` starts it in every process, tests call `runOnce()`. */
export function createNotificationWorker(deps: AppDeps, oa = officialAccountClient(deps)) {
  const { config } = deps
  return new NotificationWorker({
    wechat: deps.wechat,
    oa,
    templates: config.wechat.templates,
    miniprogramAppid: config.wechat.appid,
    miniprogramState: config.wechat.miniprogramState,
    clock: deps.clock,
    log: deps.logger.child({ component: 'notifications' }),
    intervalMs: config.notifications.intervalMs,
    maxAttempts: config.notifications.maxAttempts,
  })
}

/**
 * The reminder scheduler; `server/src/index.ts` starts it in every process (a database lease lets
 * one run at a time), tests call `runOnce(now)`.
 */
export function createReminderScheduler(deps: AppDeps, services: { notifications: NotificationService; reference: ReferenceService }) {
  return new ReminderScheduler({
    clock: deps.clock,
    notifier: services.notifications,
    reference: services.reference,
    intervalMs: deps.config.reminders.intervalMs,
    log: deps.logger.child({ component: 'reminders' }),
  })
}

function officialAccountClient(deps: AppDeps): WechatClient | null {
  if (deps.oaWechat !== undefined) return deps.oaWechat
  const oa = deps.config.wechat.oa
  return oa ? deps.wechat.forApp(oa) : null
}

/** The services route handlers call, built once per app. */
export function createServices(deps: AppDeps) {
  const { config, clock } = deps
  const tokens = new TokenService(config.jwtSecret, config.jwtExpiresIn)
  const reference = new ReferenceService()
  const oa = officialAccountClient(deps)
  const notificationWorker = createNotificationWorker(deps, oa)
  const notifications = new NotificationService({ clock, templates: config.wechat.templates, onEnqueued: () => notificationWorker.wake() })
  const bookings = new BookingService({ clock, reference, notifier: notifications })
  /** Signs certificates at issuance and makes their QR URLs. */
  const certificateSigner = CertificateSigner.fromConfig(config)
  const tasks = new TaskService({ clock }, bookings.followUp)
  const records = new RecordService({ clock, reference, tasks, notifier: notifications, signer: certificateSigner })
  // Issuances a crashed process left unfinished are swept by the booking relay.
  bookings.followUp.alsoSweep((staleAfterMs) => records.issuance.sweep(staleAfterMs))
  return {
    tokens,
    auth: new AuthService({ wechat: deps.wechat, tokens, clock, devLogin: config.devLogin }),
    organizations: new OrganizationService({
      clock,
      publicBaseUrl: config.publicBaseUrl,
      invitationTtlHours: config.invitationTtlHours,
    }),
    reference,
    instruments: new InstrumentService({ clock, reference }),
    loginLimiter: new RateLimiter(config.loginRateLimit, 60_000, clock),
    notifications,
    bookings,
    tasks,
    records,
    oaEvents: new OfficialAccountEvents({ token: config.wechat.oa?.token ?? null, oa, log: deps.logger }),
    notificationWorker,
    reminders: createReminderScheduler(deps, { notifications, reference }),
    stats: new StatsService({ clock }),
    certificateSigner,
    certificates: new CertificateService({
      clock,
      signer: certificateSigner,
      lookupLimiter: new RateLimiter(config.certificates.lookupRateLimit, 60_000, clock),
      lookups: new LookupRecorder({ log: deps.logger.child({ component: 'certificates' }) }),
    }),
  }
}

export type Services = ReturnType<typeof createServices>
