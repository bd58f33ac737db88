import { Types } from 'mongoose'
import type { Actor } from './context'
import { AppError } from './errors'

/**
 * A filter on an organization's own records. Repository methods over tenant data take this type,
 * so a query without the organization id does not compile; cross-organization lookups (a public
 * certificate check) are separate, explicitly named methods.
 */
export type OrgFilter<F extends object = object> = F & { orgId: Types.ObjectId }

/** The caller's organization id, or 403 when they belong to none. */
export function orgIdOf(actor: Actor): Types.ObjectId {
  if (!actor.orgId) throw new AppError('ORG_REQUIRED')
  return new Types.ObjectId(actor.orgId)
}

export function inOrg<F extends object>(actor: Actor, filter: F = {} as F): OrgFilter<F> {
  return { ...filter, orgId: orgIdOf(actor) }
}
