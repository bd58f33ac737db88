import type { Role } from '@qjt/shared'
import { AppError } from './errors'
import type { Actor } from './context'

/**
 * Who may do what, in one table. A route names one permission; this module alone decides it.
 * Which records a permitted actor may touch (their own organization's) is decided by the
 * services' organization-scoped queries, which answer 404 for anything else.
 */
interface Rule {
  /** 'any': every logged-in user, with or without an organization. */
  roles: 'any' | readonly Role[]
  /** The caller must belong to an organization. Implied by a role list. */
  org?: boolean
}

export const POLICY = {
  /** Own account: who am I, my profile, my phone number. */
  'session': { roles: 'any' },
  /** Register a unit or join one (the service refuses callers who already belong to one). */
  'org.enter': { roles: 'any' },
  /** Read one's own organization and its members. */
  'org.read': { roles: 'any', org: true },
  /** Invite colleagues, revoke invitations, remove members. */
  'org.members.manage': { roles: ['unit_admin'] },
  /** The unit's instrument ledger: read, and keep (add, edit, batch, import, export). */
  'ledger.read': { roles: ['unit_admin', 'unit_operator'] },
  'ledger.write': { roles: ['unit_admin', 'unit_operator'] },
  /** The unit's bookings: read, and create, edit, submit, withdraw. */
  'booking.read': { roles: ['unit_admin', 'unit_operator'] },
  'booking.write': { roles: ['unit_admin', 'unit_operator'] },
  /** An institution's task queue; accepting and returning is the reviewer's. */
  'task.read': { roles: ['inst_reviewer', 'inst_verifier', 'inst_approver'] },
  'task.review': { roles: ['inst_reviewer'] },
  /** Catalogue, regions, institution directory, FAQs. */
  'reference.read': { roles: 'any' },
  /** One's own in-app notifications and subscribe-message grants (the services scope to the caller). */
  'notifications.own': { roles: 'any' },
} as const satisfies Record<string, Rule>

export type Permission = keyof typeof POLICY

/** Throws 401 when nobody is logged in, 403 when the caller's roles do not allow it. */
export function authorize(actor: Actor | undefined, permission: Permission): asserts actor is Actor {
  if (!actor) throw new AppError('UNAUTHENTICATED')
  const rule: Rule = POLICY[permission]
  if (rule.roles === 'any') {
    if (rule.org && !actor.orgId) throw new AppError('ORG_REQUIRED')
    return
  }
  if (!actor.orgId) throw new AppError('ORG_REQUIRED')
  if (!actor.roles.some((r) => (rule.roles as readonly Role[]).includes(r))) throw new AppError('FORBIDDEN')
}

export function can(actor: Actor | undefined, permission: Permission): boolean {
  try {
    authorize(actor, permission)
    return true
  } catch {
    return false
  }
}
