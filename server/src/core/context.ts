import type { Logger } from 'pino'
import type { Role, OrgType } from '@qjt/shared'

/** Who is calling: what services receive instead of a request. */
export interface Actor {
  userId: string
  /** Shown in audit trails and histories. */
  name: string
  orgId: string | null
  orgType: OrgType | null
  roles: Role[]
}

/** What Koa's context carries for our middleware and handlers. */
export interface AppState {
  requestId: string
  log: Logger
  actor?: Actor
}
