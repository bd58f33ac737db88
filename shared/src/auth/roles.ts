/** Roles a user can hold; a user holds roles inside exactly one organization. */
export const ROLES = [
  'unit_admin',
  'unit_operator',
  'inst_reviewer',
  'inst_verifier',
  'inst_approver',
  'regulator',
  'cs_agent',
] as const
export type Role = (typeof ROLES)[number]

export const ROLE_LABELS: Record<Role, string> = {
  unit_admin: '单位管理员',
  unit_operator: '单位操作员',
  inst_reviewer: '预约审核员',
  inst_verifier: '检定员',
  inst_approver: '批准人',
  regulator: '监管人员',
  cs_agent: '客服人员',
}

/** What kind of organization a user belongs to; roles must fit it. */
export const ORG_TYPES = ['unit', 'institution', 'regulator', 'service'] as const
export type OrgType = (typeof ORG_TYPES)[number]

export const ORG_TYPE_LABELS: Record<OrgType, string> = {
  unit: '器具使用单位',
  institution: '计量技术机构',
  regulator: '市场监督管理部门',
  service: '客服中心',
}

export const ROLES_BY_ORG_TYPE: Record<OrgType, readonly Role[]> = {
  unit: ['unit_admin', 'unit_operator'],
  institution: ['inst_reviewer', 'inst_verifier', 'inst_approver'],
  regulator: ['regulator'],
  service: ['cs_agent'],
}

export const UNIT_ROLES = ROLES_BY_ORG_TYPE.unit
export const INSTITUTION_ROLES = ROLES_BY_ORG_TYPE.institution
