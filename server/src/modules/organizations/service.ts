import { randomInt } from 'node:crypto'
import { Types } from 'mongoose'
import QRCode from 'qrcode'
import {
  INVITATION_CODE_ALPHABET,
  INVITATION_CODE_LENGTH,
  type InvitationCreateInput,
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
import { User, type UserDoc } from '../auth/user.model'
import { Invitation, type InvitationDoc } from './invitation.model'
import { Organization, type OrganizationDoc } from './model'
import { invitationStatus, joinUrl, presentInvitation, presentMember, presentOrg } from './presenter'

export class OrganizationService {
  constructor(private readonly deps: { clock: Clock; publicBaseUrl: string; invitationTtlHours: number }) {}

  /**
   * A unit registers itself and the caller becomes its admin. Two writes without a transaction:
   * the organization, then the caller's membership. A retry after a failure between them reuses
   * the organization the caller created but never joined, so no orphan piles up.
   */
  async register(actor: Actor, input: OrgRegisterInput): Promise<OrgView> {
    if (actor.orgId) throw new AppError('ALREADY_IN_ORG')
    if (!isCounty(input.regionCode)) throw fieldError('regionCode', '所在区县不存在，请选择到区县一级')
    const fields = { ...input, uscc: input.uscc ?? null, type: 'unit' as const, createdBy: new Types.ObjectId(actor.userId) }
    const orphan = await this.orphanOf(actor.userId)
    const org = orphan
      ? await Organization.findOneAndUpdate({ _id: orphan._id }, { $set: fields, $inc: { version: 1 } }, { returnDocument: 'after', lean: true })
      : (await Organization.create(fields)).toObject()
    if (!org) throw new AppError('CONFLICT')
    const joined = await User.updateOne(
      { _id: actor.userId, orgId: null },
      { $set: { orgId: org._id, orgType: 'unit', roles: ['unit_admin'], joinedAt: this.deps.clock() } },
    )
    if (joined.modifiedCount !== 1) {
      // The caller joined another organization meanwhile: leave nothing behind.
      await Organization.deleteOne({ _id: org._id, createdBy: actor.userId })
      throw new AppError('ALREADY_IN_ORG')
    }
    return presentOrg(org as OrganizationDoc)
  }

  private async orphanOf(userId: string) {
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
    const target = await User.findOne(inOrg(actor, { _id: new Types.ObjectId(userId) })).lean()
    if (!target) throw new AppError('MEMBER_NOT_FOUND')
    const removed = await User.updateOne(
      inOrg(actor, { _id: target._id }),
      { $set: { orgId: null, orgType: null, roles: [], joinedAt: null } },
    )
    if (removed.modifiedCount !== 1) throw new AppError('MEMBER_NOT_FOUND')
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

  async revokeInvitation(actor: Actor, id: string): Promise<InvitationView> {
    const now = this.deps.clock()
    const inv = await Invitation.findOneAndUpdate(
      inOrg(actor, { _id: new Types.ObjectId(id), usedBy: null, revokedAt: null }),
      { $set: { revokedAt: now } },
      { returnDocument: 'after', lean: true },
    )
    if (inv) return (await this.present([inv as InvitationDoc], now))[0]!
    const existing = await Invitation.findOne(inOrg(actor, { _id: new Types.ObjectId(id) })).lean()
    if (!existing) throw new AppError('INVITATION_NOT_FOUND')
    if (existing.usedBy) throw new AppError('INVITATION_USED', '邀请码已被使用，不能作废')
    // Revoking twice is harmless: answer with the invitation as it stands.
    return (await this.present([existing], now))[0]!
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
   * Joins the caller to the invitation's unit as operator. The code is claimed with one
   * conditional update (so two people cannot both use it); a claim by the same caller is taken
   * again on retry, so a join interrupted after the claim completes when repeated.
   */
  async join(actor: Actor, code: string): Promise<OrgView> {
    if (actor.orgId) throw new AppError('ALREADY_IN_ORG')
    const now = this.deps.clock()
    const me = new Types.ObjectId(actor.userId)
    const inv = await Invitation.findOneAndUpdate(
      { code, revokedAt: null, expiresAt: { $gt: now }, usedBy: { $in: [null, me] } },
      { $set: { usedBy: me, usedAt: now } },
      { returnDocument: 'after', lean: true },
    )
    if (!inv) throw await this.whyNotUsable(code, now)
    const org = await Organization.findById(inv.orgId).lean()
    if (!org) throw new AppError('INVITATION_NOT_FOUND')
    const joined = await User.updateOne(
      { _id: me, orgId: null },
      { $set: { orgId: org._id, orgType: org.type, roles: ['unit_operator'], joinedAt: now } },
    )
    if (joined.modifiedCount !== 1) {
      await Invitation.updateOne({ _id: inv._id, usedBy: me }, { $set: { usedBy: null, usedAt: null } })
      throw new AppError('ALREADY_IN_ORG')
    }
    return presentOrg(org)
  }

  private async whyNotUsable(code: string, now: Date): Promise<AppError> {
    const inv = await Invitation.findOne({ code }).lean()
    if (!inv) return new AppError('INVITATION_NOT_FOUND')
    const status = invitationStatus(inv, now)
    if (status === 'used') return new AppError('INVITATION_USED')
    if (status === 'revoked') return new AppError('INVITATION_REVOKED')
    return new AppError('INVITATION_EXPIRED')
  }

  private async present(invitations: InvitationDoc[], now: Date): Promise<InvitationView[]> {
    const ids = [...new Set(invitations.flatMap((i) => [i.createdBy, i.usedBy].filter(Boolean).map(String)))]
    const users = await User.find({ _id: { $in: ids } }, { name: 1 }).lean()
    const names = new Map(users.map((u) => [String(u._id), u.name]))
    return invitations.map((inv) => presentInvitation(inv, { now, publicBaseUrl: this.deps.publicBaseUrl, names }))
  }
}

export function newInvitationCode(): string {
  let code = ''
  for (let i = 0; i < INVITATION_CODE_LENGTH; i++) code += INVITATION_CODE_ALPHABET[randomInt(INVITATION_CODE_ALPHABET.length)]
  return code
}
