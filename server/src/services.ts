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

/** What the app is built from: configuration and the outside world, replaceable in tests. */
export interface AppDeps {
  config: Env
  logger: Logger
  wechat: WechatClient
  clock: Clock
}

/** The services route handlers call, built once per app. */
export function createServices(deps: AppDeps) {
  const { config, clock } = deps
  const tokens = new TokenService(config.jwtSecret, config.jwtExpiresIn)
  const reference = new ReferenceService()
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
  }
}

export type Services = ReturnType<typeof createServices>
