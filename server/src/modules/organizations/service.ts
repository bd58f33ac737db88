import { randomInt } from 'node:crypto'
import { type Types } from 'mongoose'
import QRCode from 'qrcode'
import {
  INVITATION_CODE_ALPHABET,
  INVITATION_CODE_LENGTH,
  type InvitationCreateInput,
  type InvitationStatus,
  type InvitationView,
  type MemberView,
  type OrgRegisterInput,
  type OrgView,
  type Page,
  type PageQuery,
} from '@qjt/shared'
import { isCounty, regionFullName } from '@qjt/shared/regions'
import type { Actor } from '../../core/context'
import type { Clock } from '../../core/clock'
import { AppError, fieldError } from '../../core/errors'
import { inOrg, orgIdOf } from '../../core/tenant'
import { Claim, claimOnce, releaseClaim, writeIfVersion, writeLatest } from '../../db/claims'
import { ownedById } from '../../db/lookup'
import { User, type UserDoc } from '../auth/user.model'
import { Invitation, type InvitationDoc } from './invitation.model'
import { Organization, type OrganizationDoc } from './model'
import { invitationStatus, joinUrl, presentInvitation, presentMember, presentOrg } from './presenter'

export class OrganizationService {
  constructor(private readonly deps: { clock: Clock; publicBaseUrl: string; invitationTtlHours: number }) {}

  /**
   * A unit registers itself and the caller becomes its admin. Two writes without a transaction:
   * the organization, then the caller's membership (one versioned write, so a double-tapped
   * submit registers once). A retry after a failure between them reuses the organization the
   * caller created but never joined, so no orphan piles up.
   */
  async register(actor: Actor, input: OrgRegisterInput): Promise<OrgView> {
    const user = await this.orglessUser(actor)
    if (!isCounty(input.regionCode)) throw fieldError('regionCode', '所在区县不存在，请选择到区县一级')
    const fields = { ...input, uscc: input.uscc ?? null, type: 'unit' as const, createdBy: user._id }
    const orphan = await this.orphanOf(user._id)
    const org = orphan
      ? await writeLatest(Organization, orphan._id, fields).then(() => Organization.findById(orphan._id).lean())
      : (await Organization.create(fields)).toObject()
    if (!org) throw new AppError('CONFLICT')
    const joined = await writeIfVersion(User, user._id, user.version, {
      set: { orgId: org._id, orgType: 'unit', roles: ['unit_admin'], joinedAt: this.deps.clock() },
    })
    if (!joined) {
      // Another request of the caller's won: leave nothing of this one behind.
      if (!orphan) await Organization.deleteOne({ _id: org._id })
      throw new AppError('ALREADY_IN_ORG')
    }
    return presentOrg(org as OrganizationDoc)
  }

  /** The caller, who must not belong to an organization yet. */
  private async orglessUser(actor: Actor) {
    const user = await User.findById(actor.userId, { orgId: 1, version: 1 }).lean()
    if (!user) throw new AppError('USER_NOT_FOUND')
    if (user.orgId) throw new AppError('ALREADY_IN_ORG')
    return user
  }

  private async orphanOf(userId: Types.ObjectId) {
    const created = await Organization.find({ createdBy: userId, type: 'unit' }, { _id: 1 }).lean()
    for (const org of created) {
      if (!(await User.exists({ orgId: org._id }))) return org
    }
    return null
  }

  async current(actor: Actor): Promise<OrgView> {
    const org = await Organization.findById(orgIdOf(actor)).lean()
    if (!org) throw new AppError('ORG_NOT_FOUND')
    return presentOrg(org)
  }

  async members(actor: Actor, page: PageQuery): Promise<Page<MemberView>> {
    const filter = inOrg(actor)
    const [items, total] = await Promise.all([
      User.find(filter).sort({ joinedAt: 1, _id: 1 }).skip((page.page - 1) * page.pageSize).limit(page.pageSize).lean(),
      User.countDocuments(filter),
    ])
    return { items: (items as UserDoc[]).map(presentMember), total, page: page.page, pageSize: page.pageSize }
  }

  /** Removes a colleague from the unit; they keep their WeChat account but lose its records. */
  async removeMember(actor: Actor, userId: string): Promise<void> {
    if (userId === actor.userId) throw new AppError('CANNOT_REMOVE_SELF')
    const target = await ownedById<UserDoc>(User, orgIdOf(actor), userId)
    if (!target) throw new AppError('MEMBER_NOT_FOUND')
    const removed = await writeIfVersion(User, target._id, target.version, {
      set: { orgId: null, orgType: null, roles: [], joinedAt: null },
    })
    if (!removed) throw new AppError('CONFLICT', '成员信息刚刚发生了变化，请刷新后重试')
  }

  async createInvitation(actor: Actor, input: InvitationCreateInput): Promise<InvitationView> {
    const now = this.deps.clock()
    const ttlHours = input.ttlHours ?? this.deps.invitationTtlHours
    const expiresAt = new Date(now.getTime() + ttlHours * 3600_000)
    for (let attempt = 0; ; attempt++) {
      try {
        const inv = await Invitation.create({ ...inOrg(actor), code: newInvitationCode(), createdBy: actor.userId, expiresAt })
        const view = await this.present([inv.toObject()], now)
        const url = joinUrl(this.deps.publicBaseUrl, inv.code)
        return { ...view[0]!, qrCode: await QRCode.toDataURL(url, { margin: 1, width: 320, errorCorrectionLevel: 'M' }) }
      } catch (err) {
        // A code collision is astronomically rare; try a fresh code a few times.
        if ((err as { code?: number }).code !== 11000 || attempt >= 4) throw err
      }
    }
  }

  async invitations(actor: Actor, page: PageQuery): Promise<Page<InvitationView>> {
    const filter = inOrg(actor)
    const [items, total] = await Promise.all([
      Invitation.find(filter).sort({ createdAt: -1, _id: -1 }).skip((page.page - 1) * page.pageSize).limit(page.pageSize).lean(),
      Invitation.countDocuments(filter),
    ])
    return { items: await this.present(items as InvitationDoc[], this.deps.clock()), total, page: page.page, pageSize: page.pageSize }
  }

  /** Revokes an unused invitation; revoking and using race for the same claim, so one wins. */
  async revokeInvitation(actor: Actor, id: string): Promise<InvitationView> {
    const now = this.deps.clock()
    const inv = await ownedById<InvitationDoc>(Invitation, orgIdOf(actor), id)
    if (!inv) throw new AppError('INVITATION_NOT_FOUND')
    if (!inv.revokedAt) {
      if (inv.usedBy || !(await this.claimInvitation(inv._id, REVOKED))) {
        throw new AppError('INVITATION_USED', '邀请码已被使用，不能作废')
      }
      await Invitation.updateOne({ _id: inv._id }, { $set: { revokedAt: now } })
    }
    const current = await Invitation.findById(inv._id).lean()
    return (await this.present([current!], now))[0]!
  }

  /** What a colleague sees before joining: which unit, and whether the code still works. */
  async previewInvitation(code: string) {
    const inv = await Invitation.findOne({ code }).lean()
    if (!inv) throw new AppError('INVITATION_NOT_FOUND')
    const org = await Organization.findById(inv.orgId, { name: 1, regionCode: 1 }).lean()
    if (!org) throw new AppError('INVITATION_NOT_FOUND')
    return {
      code: inv.code,
      orgName: org.name,
      regionName: regionFullName(org.regionCode),
      status: invitationStatus(inv, this.deps.clock()),
      expiresAt: inv.expiresAt.toISOString(),
    }
  }

  /**
   * Joins the caller to the invitation's unit as operator. The code is claimed once (so two
   * people cannot both use it, and a revocation cannot slip in); the caller's own claim is taken
   * again on retry, so a join interrupted after the claim completes when repeated.
   */
  async join(actor: Actor, code: string): Promise<OrgView> {
    const user = await this.orglessUser(actor)
    const now = this.deps.clock()
    const inv = await Invitation.findOne({ code }).lean()
    if (!inv) throw new AppError('INVITATION_NOT_FOUND')
    const status = invitationStatus(inv, now)
    const mine = inv.usedBy?.equals(user._id) ?? false
    if (status !== 'pending' && !mine) throw whyNotUsable(status)
    if (!(await this.claimInvitation(inv._id, actor.userId))) throw new AppError('INVITATION_USED')
    const org = await Organization.findById(inv.orgId).lean()
    if (!org) throw new AppError('INVITATION_NOT_FOUND')
    await Invitation.updateOne({ _id: inv._id }, { $set: { usedBy: user._id, usedAt: now } })
    const joined = await writeIfVersion(User, user._id, user.version, {
      set: { orgId: org._id, orgType: org.type, roles: ['unit_operator'], joinedAt: now },
    })
    if (!joined) {
      // The caller joined elsewhere meanwhile: give the code back.
      await Invitation.updateOne({ _id: inv._id }, { $set: { usedBy: null, usedAt: null } })
      await releaseClaim(invitationClaimKey(inv._id))
      throw new AppError('ALREADY_IN_ORG')
    }
    return presentOrg(org)
  }

  /** True when `owner` now holds the invitation (or already did). */
  private async claimInvitation(id: Types.ObjectId, owner: string): Promise<boolean> {
    const key = invitationClaimKey(id)
    if (await claimOnce(key, { owner })) return true
    const holder = await Claim.findById(key, { owner: 1 }).lean()
    return holder?.owner === owner
  }

  private async present(invitations: InvitationDoc[], now: Date): Promise<InvitationView[]> {
    const ids = [...new Set(invitations.flatMap((i) => [i.createdBy, i.usedBy].filter(Boolean).map(String)))]
    const users = await User.find({ _id: { $in: ids } }, { name: 1 }).lean()
    const names = new Map(users.map((u) => [String(u._id), u.name]))
    return invitations.map((inv) => presentInvitation(inv, { now, publicBaseUrl: this.deps.publicBaseUrl, names }))
  }
}

const REVOKED = 'revoked'
const invitationClaimKey = (id: Types.ObjectId) => `invitation:${String(id)}`

function whyNotUsable(status: InvitationStatus): AppError {
  if (status === 'used') return new AppError('INVITATION_USED')
  if (status === 'revoked') return new AppError('INVITATION_REVOKED')
  return new AppError('INVITATION_EXPIRED')
}

export function newInvitationCode(): string {
  let code = ''
  for (let i = 0; i < INVITATION_CODE_LENGTH; i++) code += INVITATION_CODE_ALPHABET[randomInt(INVITATION_CODE_ALPHABET.length)]
  return code
}
