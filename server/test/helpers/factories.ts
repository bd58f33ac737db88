import { randomBytes } from 'node:crypto'
import type { OrgType, Role } from '@qjt/shared'
import { User, type UserDoc } from '../../src/modules/auth/user.model'
import { Organization, type OrganizationDoc } from '../../src/modules/organizations/model'
import { Instrument, type InstrumentDoc } from '../../src/modules/instruments/model'
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

let serial = 0

/** A ledger row written straight to the database (an electronic price scale in 阿拉善左旗). */
export async function buildInstrument(overrides: Partial<InstrumentDoc> & { org?: OrganizationDoc } = {}): Promise<InstrumentDoc> {
  const { org: givenOrg, ...fields } = overrides
  const org = givenOrg ?? (await buildOrg())
  serial += 1
  const row = await Instrument.create({
    orgId: org._id,
    code: `152921${new Date().getFullYear()}9${String(serial).padStart(5, '0')}${unique().slice(0, 2)}`,
    name: '电子计价秤',
    kind: 'working',
    level1Code: '01',
    level1Name: '非自动衡器',
    level2Code: '0101',
    level2Name: '非自动衡器',
    serialNo: `F-${unique()}`,
    origin: 'domestic',
    regionCode: '152921',
    location: '巴彦浩特镇农贸市场A区12号',
    quantity: 1,
    usage: 'trade',
    deliveryMode: 'send_in',
    status: 'in_use',
    verifyStatus: 'unverified',
    ...fields,
  })
  return row.toObject() as InstrumentDoc
}

/** What the 新增 form sends for an electronic price scale. */
export const validInstrumentInput = (overrides: Record<string, unknown> = {}) => ({
  name: '电子计价秤',
  level1Code: '01',
  level2Code: '0101',
  model: 'ACS-15',
  range: '(0~15)kg',
  accuracyClass: 'Ⅲ',
  serialNo: `JS-${unique()}`,
  manufacturer: '上海友声衡器有限公司',
  origin: 'domestic',
  regionCode: '152921',
  location: '巴彦浩特镇新华农贸市场12号摊位',
  purchasedAt: '2024-03-01',
  quantity: 1,
  usage: 'trade',
  deliveryMode: 'send_in',
  ...overrides,
})
