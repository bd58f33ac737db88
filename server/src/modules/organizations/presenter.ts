import type { InvitationStatus, InvitationView, MemberView, OrgView } from '@qjt/shared'
import { regionFullName } from '@qjt/shared/regions'
import type { UserDoc } from '../auth/user.model'
import type { InvitationDoc } from './invitation.model'
import type { OrganizationDoc } from './model'

export function presentOrg(org: OrganizationDoc): OrgView {
  return {
    id: String(org._id),
    type: org.type,
    name: org.name,
    uscc: org.uscc ?? null,
    regionCode: org.regionCode,
    regionName: regionFullName(org.regionCode),
    address: org.address,
    contactName: org.contactName,
    contactPhone: org.contactPhone,
    phone: org.phone ?? null,
    createdAt: org.createdAt.toISOString(),
  }
}

export function presentMember(user: UserDoc): MemberView {
  return {
    id: String(user._id),
    name: user.name,
    roles: user.roles,
    phone: user.phone ?? null,
    joinedAt: (user.joinedAt ?? user.createdAt).toISOString(),
  }
}

export function invitationStatus(inv: Pick<InvitationDoc, 'usedBy' | 'revokedAt' | 'expiresAt'>, now: Date): InvitationStatus {
  if (inv.usedBy) return 'used'
  if (inv.revokedAt) return 'revoked'
  return inv.expiresAt.getTime() <= now.getTime() ? 'expired' : 'pending'
}

export function joinUrl(publicBaseUrl: string, code: string): string {
  return `${publicBaseUrl}/#/packages/account/join/index?code=${code}`
}

export function presentInvitation(
  inv: InvitationDoc,
  ctx: { now: Date; publicBaseUrl: string; names: Map<string, string> },
): InvitationView {
  const usedBy = inv.usedBy ? String(inv.usedBy) : null
  return {
    id: String(inv._id),
    code: inv.code,
    status: invitationStatus(inv, ctx.now),
    expiresAt: inv.expiresAt.toISOString(),
    createdAt: inv.createdAt.toISOString(),
    createdBy: ctx.names.get(String(inv.createdBy)) ?? '',
    usedBy: usedBy ? { id: usedBy, name: ctx.names.get(usedBy) ?? '' } : null,
    joinUrl: joinUrl(ctx.publicBaseUrl, inv.code),
  }
}
