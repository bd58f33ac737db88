import { randomBytes } from 'node:crypto'
import type { OrgType, Role } from '@qjt/shared'
import { User, type UserDoc } from '../../src/modules/auth/user.model'
import { Organization, type OrganizationDoc } from '../../src/modules/organizations/model'
import type { TestApp } from './app'

const unique = () => randomBytes(4).toString('hex')

/** Valid 统一社会信用代码 values from the standard's examples. */
export const VALID_USCC = ['91340621748912632N', '12152900461375200Q', '91350100M000100Y43'] as const

export async function buildOrg(overrides: Partial<OrganizationDoc> & { type?: OrgType } = {}): Promise<OrganizationDoc> {
  const org = await Organization.create({
    type: 'unit',
    name: `测试单位${unique()}`,
    regionCode: '152921',
    address: '阿拉善左旗巴彦浩特镇测试路1号',
    contactName: '张三',
    contactPhone: '13800000000',
    ...overrides,
  })
  return org.toObject()
}

/** A user; with `roles` and no `org`, an organization of the fitting type is created too. */
export async function buildUser(
  opts: { org?: OrganizationDoc | null; roles?: Role[]; openid?: string; name?: string } = {},
): Promise<UserDoc> {
  let org = opts.org ?? null
  const roles = opts.roles ?? []
  if (!org && roles.length > 0 && opts.org !== null) {
    const type: OrgType = roles[0]!.startsWith('unit')
      ? 'unit'
      : roles[0]!.startsWith('inst')
        ? 'institution'
        : roles[0] === 'regulator'
          ? 'regulator'
          : 'service'
    org = await buildOrg({ type })
  }
  const user = await User.create({
    openid: opts.openid ?? `test-${unique()}`,
    name: opts.name ?? `用户${unique().slice(0, 4)}`,
    orgId: org?._id ?? null,
    orgType: org?.type ?? null,
    roles,
    joinedAt: org ? new Date() : null,
  })
  return user.toObject()
}

/** A session token for the user, as the login endpoint would issue it. */
export function tokenFor(t: TestApp, user: UserDoc): string {
  return t.app.services.auth.issue(user).token
}

/** Logs in through the API with a development code, as the H5 login page does. */
export async function loginWithWechat(t: TestApp, openid: string): Promise<{ token: string; userId: string }> {
  const res = await t.request.post('/api/v1/auth/wechat').send({ code: `dev-${openid}` }).expect(200)
  return { token: res.body.token as string, userId: res.body.user.id as string }
}

export const validOrgInput = (overrides: Record<string, unknown> = {}) => ({
  name: '巴彦浩特测试农贸市场',
  uscc: VALID_USCC[0],
  regionCode: '152921',
  address: '阿拉善左旗巴彦浩特镇南环路8号',
  contactName: '李四',
  contactPhone: '13912345678',
  ...overrides,
})
