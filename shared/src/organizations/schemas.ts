import { z } from 'zod'
import { emptyToUndefined, mobile, regionCode, text } from '../common/fields'
import { USCC_MESSAGES, usccProblem } from '../identity/uscc'
import type { OrgType, Role } from '../auth/roles'

export const ORG_NAME_MAX = 100
export const ADDRESS_MAX = 200
export const CONTACT_NAME_MAX = 30
export const INVITATION_CODE_LENGTH = 8
/** Invitation codes avoid characters that are easy to misread (0/O, 1/I/L). */
export const INVITATION_CODE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ'

/**
 * 统一社会信用代码, optional: stall holders who are natural persons have none, and a market
 * operator may file for its stalls. When given it must pass the GB 32100 check.
 */
export const UsccSchema = z.preprocess(
  (v) => (typeof v === 'string' ? emptyToUndefined(v.trim().toUpperCase()) : v),
  z
    .string({ error: '统一社会信用代码格式不正确' })
    .superRefine((code, ctx) => {
      const problem = usccProblem(code)
      if (problem) ctx.addIssue({ code: 'custom', message: USCC_MESSAGES[problem] })
    })
    .optional(),
)

/** `POST /orgs`: a unit registers itself; the caller becomes its administrator. */
export const OrgRegisterSchema = z.strictObject({
  name: text('单位名称', { min: 2, max: ORG_NAME_MAX }),
  uscc: UsccSchema,
  /** County-level 使用地点行政区划: where the instruments are used, which decides the institution. */
  regionCode: regionCode('所在区县'),
  address: text('详细地址', { min: 2, max: ADDRESS_MAX }),
  contactName: text('联系人', { max: CONTACT_NAME_MAX }),
  contactPhone: mobile('联系电话'),
})
export type OrgRegisterInput = z.infer<typeof OrgRegisterSchema>

/** `POST /orgs/invitations`: how long the code stays usable. */
export const InvitationCreateSchema = z.strictObject({
  ttlHours: z.coerce
    .number({ error: '有效期应为小时数' })
    .int({ error: '有效期应为整数小时' })
    .min(1, { error: '有效期至少1小时' })
    .max(720, { error: '有效期最长30天' })
    .optional(),
})
export type InvitationCreateInput = z.infer<typeof InvitationCreateSchema>

/** `POST /orgs/join`: the code a colleague shared, typed or scanned. */
export const JoinSchema = z.strictObject({
  code: z.preprocess(
    (v) => (typeof v === 'string' ? v.trim().toUpperCase() : v),
    z
      .string({ error: '请输入邀请码' })
      .min(1, { error: '请输入邀请码' })
      .length(INVITATION_CODE_LENGTH, { error: `邀请码为${INVITATION_CODE_LENGTH}位` })
      .regex(new RegExp(`^[${INVITATION_CODE_ALPHABET}]+$`), { error: '邀请码只包含数字和大写字母' }),
  ),
})
export type JoinInput = z.infer<typeof JoinSchema>

export const MemberParamsSchema = z.strictObject({
  userId: z.string().regex(/^[0-9a-f]{24}$/i, { error: '成员编号格式不正确' }),
})

export const INVITATION_STATUSES = ['pending', 'used', 'expired', 'revoked'] as const
export type InvitationStatus = (typeof INVITATION_STATUSES)[number]
export const INVITATION_STATUS_LABELS: Record<InvitationStatus, string> = {
  pending: '待使用',
  used: '已使用',
  expired: '已过期',
  revoked: '已作废',
}

export interface OrgView {
  id: string
  type: OrgType
  name: string
  uscc: string | null
  regionCode: string
  regionName: string
  address: string
  contactName: string
  contactPhone: string
  phone: string | null
  createdAt: string
}

export interface MemberView {
  id: string
  name: string
  roles: Role[]
  phone: string | null
  joinedAt: string
}

export interface InvitationView {
  id: string
  code: string
  status: InvitationStatus
  expiresAt: string
  createdAt: string
  createdBy: string
  usedBy: { id: string; name: string } | null
  /** The link a colleague opens (or scans) to join. */
  joinUrl: string
  /** A PNG data URL of the QR code of `joinUrl`; only on the invitation just created. */
  qrCode?: string
}
