import type { Role } from '@qjt/shared'
import { countiesWithin } from '@qjt/shared/regions'
import type { Logger } from 'pino'
import type { Clock } from '../core/clock'
import { AppError } from '../core/errors'
import type { OrganizationDoc } from '../modules/organizations/model'
import { Authorization } from '../modules/reference/authorization.model'
import { allKindCodes } from '../modules/reference/catalogue-loader'
import { loadAuthorizations, type AuthorizationLoadReport } from '../modules/reference/authorization-loader'
import { ensureOrg, grantRole } from './provision'

/** The demonstration world: one 盟 in Inner Mongolia, its institution, regulator, a unit and staff. */
export const DEMO_REGION = '152900'

export const DEMO_INSTITUTION = {
  type: 'institution' as const,
  name: '阿拉善盟检验检测中心',
  shortCode: 'ALSM',
  regionCode: '152921',
  address: '阿拉善左旗巴彦浩特学苑社区南环路南侧，经一路东侧',
  phone: '0483-8350096',
}

export const DEMO_REGULATOR = {
  type: 'regulator' as const,
  name: '阿拉善盟市场监督管理局',
  regionCode: DEMO_REGION,
  address: '内蒙古自治区阿拉善盟阿拉善左旗巴彦浩特镇',
}

export const DEMO_SERVICE = {
  type: 'service' as const,
  name: '强检通客服中心',
  regionCode: '152921',
  address: '线上服务（你呼我应）',
}

/** Named as an example everywhere it shows, so nobody takes it for a real market. */
export const DEMO_UNIT = {
  type: 'unit' as const,
  name: '巴彦浩特示例农贸市场',
  regionCode: '152921',
  address: '阿拉善左旗巴彦浩特镇（示例地址）',
  contactName: '示例联系人',
  contactPhone: '13800000000',
}

type DemoOrgKey = 'institution' | 'regulator' | 'service' | 'unit'

export const DEMO_USERS: { openid: string; name: string; org: DemoOrgKey; roles: Role[] }[] = [
  { openid: 'demo-inst', name: '演示检定员', org: 'institution', roles: ['inst_reviewer', 'inst_verifier'] },
  { openid: 'demo-inst-checker', name: '演示核验员', org: 'institution', roles: ['inst_verifier'] },
  { openid: 'demo-inst-approver', name: '演示批准人', org: 'institution', roles: ['inst_approver'] },
  { openid: 'demo-regulator', name: '演示监管人员', org: 'regulator', roles: ['regulator'] },
  { openid: 'demo-cs', name: '演示客服', org: 'service', roles: ['cs_agent'] },
  { openid: 'demo-unit', name: '演示单位管理员', org: 'unit', roles: ['unit_admin'] },
]

export type UserSeedChange = 'created' | 'updated' | 'unchanged' | 'kept'

export interface DemoSeedReport {
  organizations: Record<string, 'created' | 'unchanged'>
  /** The demo institution's table is written once; afterwards it is the regulator's to change. */
  authorizations: { change: 'created' | 'kept'; rows: number }
  users: Record<string, UserSeedChange>
}

export async function seedDemo(opts: { log: Logger; clock?: Clock }): Promise<DemoSeedReport> {
  const orgs = {} as Record<DemoOrgKey, OrganizationDoc>
  const organizations: DemoSeedReport['organizations'] = {}
  const wanted: [DemoOrgKey, Parameters<typeof ensureOrg>[0], Record<string, unknown>?][] = [
    [
      'institution',
      DEMO_INSTITUTION,
      { $or: [{ shortCode: DEMO_INSTITUTION.shortCode }, { type: 'institution', name: DEMO_INSTITUTION.name }] },
    ],
    ['regulator', DEMO_REGULATOR],
    ['service', DEMO_SERVICE],
    ['unit', DEMO_UNIT],
  ]
  for (const [key, fields, match] of wanted) {
    const { org, change } = await ensureOrg(fields, match)
    orgs[key] = org
    organizations[fields.name] = change
  }

  const authorizations = await seedDemoAuthorizations(orgs.institution)

  const users: DemoSeedReport['users'] = {}
  for (const demo of DEMO_USERS) {
    const changes: string[] = []
    try {
      for (const role of demo.roles) {
        const result = await grantRole({ openid: demo.openid, org: String(orgs[demo.org]._id), role, name: demo.name, clock: opts.clock })
        changes.push(result.change)
      }
      users[demo.openid] = changes.includes('created') ? 'created' : changes.every((c) => c === 'unchanged') ? 'unchanged' : 'updated'
    } catch (err) {
      // Someone made this account a member elsewhere on purpose: leave it there.
      if (!(err instanceof AppError) || err.code !== 'ALREADY_IN_ORG') throw err
      opts.log.warn(`Demo account ${demo.openid} belongs to another organization; left as it is`)
      users[demo.openid] = 'kept'
    }
  }
  return { organizations, authorizations, users }
}

/** Every county of 阿拉善盟 × every kind in the catalogue, when the institution has no table yet. */
async function seedDemoAuthorizations(institution: OrganizationDoc): Promise<DemoSeedReport['authorizations']> {
  if (await Authorization.exists({ institutionId: institution._id })) return { change: 'kept', rows: 0 }
  const level2Codes = await allKindCodes()
  if (level2Codes.length === 0) return { change: 'kept', rows: 0 }
  const rows = countiesWithin(DEMO_REGION).map((regionCode) => ({ institution: String(institution._id), regionCode, level2Codes }))
  const report: AuthorizationLoadReport = await loadAuthorizations(rows)
  return { change: 'created', rows: report.created }
}
