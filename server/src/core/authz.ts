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
  /**
   * Verification records: every institution role reads them; a 检定员 records and, on someone
   * else's record, checks (as 核验员); the 批准人 approves. Who may sign a given record (never the
   * same person twice) and who sends back at which stage is the record's own rule.
   */
  'record.read': { roles: ['inst_reviewer', 'inst_verifier', 'inst_approver'] },
  'record.write': { roles: ['inst_verifier'] },
  'record.check': { roles: ['inst_verifier'] },
  'record.sendBack': { roles: ['inst_verifier', 'inst_approver'] },
  'record.approve': { roles: ['inst_approver'] },
  /** Certificates: the unit's own and those the institution issued (the services scope which). */
  'certificate.read': { roles: ['unit_admin', 'unit_operator', 'inst_reviewer', 'inst_verifier', 'inst_approver'] },
  /** Withdrawing an issued certificate is the issuing institution's 批准人's. */
  'certificate.revoke': { roles: ['inst_approver'] },
  /** Catalogue, regions, institution directory, FAQs. */
  'reference.read': { roles: 'any' },
  /** One's own in-app notifications and subscribe-message grants (the services scope to the caller). */
  'notifications.own': { roles: 'any' },
  /** Overdue instruments and yearly figures of the regulator's own division (the service scopes by region). */
  'stats.read': { roles: ['regulator'] },
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
