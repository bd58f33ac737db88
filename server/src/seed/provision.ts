import { Types } from 'mongoose'
import { z } from 'zod'
import { ROLES, ROLES_BY_ORG_TYPE, ROLE_LABELS, ORG_TYPE_LABELS, type Role, text } from '@qjt/shared'
import { isCounty } from '@qjt/shared/regions'
import type { Clock } from '../core/clock'
import { AppError, fieldError } from '../core/errors'
import { toFieldErrors } from '../core/validate'
import { User, type UserDoc } from '../modules/auth/user.model'
import { Organization, type OrganizationDoc } from '../modules/organizations/model'

/**
 * Organizations and memberships that no self-service flow creates: institutions, regulators, the
 * service centre and their staff. Used by the seed (demo data) and by `npm run admin`.
 */

export const InstitutionInputSchema = z.strictObject({
  name: text('机构名称', { min: 2, max: 100 }),
  /** County where the institution sits (its own address, not what it is authorized for). */
  regionCode: z.string().trim().refine(isCounty, { error: '所在区县不存在，请填写区县一级的6位行政区划代码' }),
  address: text('地址', { min: 2, max: 200 }),
  phone: z.string().trim().regex(/^[0-9+\-() ]{5,30}$/, { error: '电话格式不正确' }),
  /** Prefix of certificate numbers (`ALSM-2025-000001`): no dash, never reused. */
  shortCode: z
    .string()
    .trim()
    .transform((s) => s.toUpperCase())
    .pipe(z.string().regex(/^[A-Z0-9]{2,10}$/, { error: '机构简称应为2到10位字母或数字' })),
  authorizationNo: z.string().trim().min(1).max(60).optional(),
})
export type InstitutionInput = z.input<typeof InstitutionInputSchema>

export type Change = 'created' | 'updated' | 'unchanged'

/**
 * Creates the institution with this short code, or brings an existing one up to date (the
 * administrator's values win). Refuses a second institution under a name already taken.
 */
export async function upsertInstitution(input: InstitutionInput): Promise<{ org: OrganizationDoc; change: Change }> {
  const parsed = InstitutionInputSchema.safeParse(input)
  if (!parsed.success) {
    const details = toFieldErrors(parsed.error)
    throw new AppError('VALIDATION_FAILED', details[0]?.message, details)
  }
  const { shortCode, authorizationNo, ...fields } = parsed.data
  const wanted = { ...fields, authorizationNo: authorizationNo ?? null }
  let current = await Organization.findOne({ shortCode }).lean()
  if (!current) {
    const namesake = await Organization.findOne({ type: 'institution', name: fields.name }).lean()
    if (namesake?.shortCode) {
      throw fieldError('name', `已有同名检定机构（简称 ${namesake.shortCode}），请用该简称更新它`)
    }
    current = namesake
  }
  if (!current) {
    const org = await Organization.create({ type: 'institution', shortCode, ...wanted })
    return { org: org.toObject(), change: 'created' }
  }
  if (current.type !== 'institution') throw fieldError('shortCode', `简称 ${shortCode} 已被其他单位使用`)
  const keepAuthorizationNo = authorizationNo === undefined
  const same =
    current.shortCode === shortCode &&
    current.name === wanted.name &&
    current.regionCode === wanted.regionCode &&
    current.address === wanted.address &&
    current.phone === wanted.phone &&
    (keepAuthorizationNo || current.authorizationNo === wanted.authorizationNo)
  if (same) return { org: current, change: 'unchanged' }
  const { authorizationNo: no, ...rest } = wanted
  const org = await Organization.findOneAndUpdate(
    { _id: current._id },
    { $set: { ...rest, shortCode, ...(keepAuthorizationNo ? {} : { authorizationNo: no }) }, $inc: { version: 1 } },
    { returnDocument: 'after', lean: true },
  )
  if (!org) throw new AppError('CONFLICT')
  return { org, change: 'updated' }
}

/** An organization the seed owns by (type, name): created once, never overwritten after. */
export async function ensureOrg(
  fields: Pick<OrganizationDoc, 'type' | 'name' | 'regionCode' | 'address'> & Partial<OrganizationDoc>,
  match: Record<string, unknown> = { type: fields.type, name: fields.name },
): Promise<{ org: OrganizationDoc; change: 'created' | 'unchanged' }> {
  const existing = await Organization.findOne(match).sort({ _id: 1 }).lean()
  if (existing) return { org: existing, change: 'unchanged' }
  const org = await Organization.create(fields)
  return { org: org.toObject(), change: 'created' }
}

/** An organization by id or institution short code. */
export async function findOrg(ref: string): Promise<OrganizationDoc> {
  const org = /^[0-9a-f]{24}$/i.test(ref)
    ? await Organization.findById(new Types.ObjectId(ref)).lean()
    : await Organization.findOne({ shortCode: ref.trim().toUpperCase() }).lean()
  if (!org) throw new AppError('ORG_NOT_FOUND', `单位 ${ref} 不存在（请用单位编号或机构简称）`)
  return org
}

export interface GrantRoleInput {
  openid: string
  /** Organization id or institution short code. */
  org: string
  role: string
  /** Take the user out of the organization they belong to now. */
  move?: boolean
  /** Name for a user created here (they have never logged in). */
  name?: string
  clock?: Clock
}

export type GrantChange = 'created' | 'joined' | 'role_added' | 'moved' | 'unchanged'

export interface GrantResult {
  userId: string
  openid: string
  orgId: string
  orgName: string
  roles: Role[]
  change: GrantChange
}

/**
 * Gives a person (by mini-program openid) a role in an organization. Creates the user when they
 * have never logged in, so staff can be set up before their first visit; the role must fit the
 * organization's type. Someone who belongs to another organization is moved only when asked,
 * and then loses the roles they held there.
 */
export async function grantRole(input: GrantRoleInput): Promise<GrantResult> {
  const openid = input.openid.trim()
  if (!openid) throw fieldError('openid', '请填写 openid')
  if (!(ROLES as readonly string[]).includes(input.role)) {
    throw fieldError('role', `角色 ${input.role} 不存在，可选：${ROLES.join(', ')}`)
  }
  const role = input.role as Role
  const org = await findOrg(input.org)
  if (!ROLES_BY_ORG_TYPE[org.type].includes(role)) {
    throw fieldError(
      'role',
      `${ORG_TYPE_LABELS[org.type]}不能有“${ROLE_LABELS[role]}”角色，可选：${ROLES_BY_ORG_TYPE[org.type].join(', ')}`,
    )
  }
  const now = (input.clock ?? (() => new Date()))()
  const membership = { orgId: org._id, orgType: org.type, roles: [role], joinedAt: now }

  let user = (await User.findOne({ openid }).lean()) as UserDoc | null
  let change: GrantChange
  if (user) {
    change = await addToOrg(user, org, role, membership, input.move ?? false)
  } else {
    try {
      user = (await User.create({ openid, name: input.name ?? `微信用户${openid.slice(-4)}`, ...membership })).toObject() as UserDoc
      change = 'created'
    } catch (err) {
      // They logged in at this very moment: carry on with the account their login created.
      user = (await User.findOne({ openid }).lean()) as UserDoc | null
      if ((err as { code?: number }).code !== 11000 || !user) throw err
      change = await addToOrg(user, org, role, membership, input.move ?? false)
    }
  }
  const after = await User.findById(user._id, { roles: 1 }).lean()
  return { userId: String(user._id), openid, orgId: String(org._id), orgName: org.name, roles: after?.roles ?? [], change }
}

async function addToOrg(
  user: UserDoc,
  org: OrganizationDoc,
  role: Role,
  membership: Pick<UserDoc, 'orgId' | 'orgType' | 'roles' | 'joinedAt'>,
  move: boolean,
): Promise<GrantChange> {
  // Each write is conditional on the organization just read, so a concurrent change is not overwritten.
  if (!user.orgId) {
    const res = await User.updateOne({ _id: user._id, orgId: null }, { $set: membership })
    if (res.modifiedCount !== 1) throw new AppError('CONFLICT', '用户的单位刚被修改，请重试')
    return 'joined'
  }
  if (String(user.orgId) === String(org._id)) {
    if (user.roles.includes(role)) return 'unchanged'
    await User.updateOne({ _id: user._id, orgId: org._id }, { $addToSet: { roles: role } })
    return 'role_added'
  }
  if (!move) {
    const current = await Organization.findById(user.orgId, { name: 1 }).lean()
    throw new AppError(
      'ALREADY_IN_ORG',
      `用户 ${user.openid} 已属于${current ? `“${current.name}”` : '另一个单位'}，如确需调到“${org.name}”请加 --move`,
    )
  }
  const res = await User.updateOne({ _id: user._id, orgId: user.orgId }, { $set: membership })
  if (res.modifiedCount !== 1) throw new AppError('CONFLICT', '用户的单位刚被修改，请重试')
  return 'moved'
}
