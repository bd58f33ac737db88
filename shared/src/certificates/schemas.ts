import { z } from 'zod'
import { emptyToUndefined, text } from '../common/fields'
import { PageQuerySchema } from '../common/schemas'
import type { VerifyResult } from '../instruments/enums'
import type { CatalogueMode } from '../reference/schemas'
import type { PointView, SignatureView } from '../verifications/schemas'

/** 检定证书 for a pass; 检定结果通知书 (no 有效期至, the failed items listed) for a fail. */
export const CERTIFICATE_TYPES = ['certificate', 'notice'] as const
export type CertificateType = (typeof CERTIFICATE_TYPES)[number]
export const CERTIFICATE_TYPE_LABELS: Record<CertificateType, string> = {
  certificate: '检定证书',
  notice: '检定结果通知书',
}

/** What a scan shows: still valid, past 有效期至, revoked by the institution, or replaced by a newer one. */
export const CERTIFICATE_STATUSES = ['valid', 'expired', 'revoked', 'superseded'] as const
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number]
export const CERTIFICATE_STATUS_LABELS: Record<CertificateStatus, string> = {
  valid: '有效',
  expired: '已过期',
  revoked: '已撤销',
  superseded: '已被新证书替代',
}

/** The public page's one big verdict. */
export const VERDICT_LABELS = {
  valid: '真实有效',
  expired: '已过期',
  revoked: '已撤销',
  superseded: '已被新证书替代',
  forged: '无法验证',
} as const

/** `GET /certificates`: the unit's (or the institution's) certificates. */
export const CertificateListQuerySchema = PageQuerySchema.extend({
  no: z.preprocess(emptyToUndefined, z.string().trim().max(40).optional()),
  instrumentId: z.preprocess(emptyToUndefined, z.string().regex(/^[0-9a-f]{24}$/i, { error: '器具编号格式不正确' }).optional()),
  status: z.preprocess(emptyToUndefined, z.enum(CERTIFICATE_STATUSES, { error: '请选择状态' }).optional()),
})
export type CertificateListQuery = z.infer<typeof CertificateListQuerySchema>

export const CertificateNoParamsSchema = z.strictObject({
  no: z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9-]+$/, { error: '证书编号格式不正确' }),
})

/** `GET /public/certificates/:no?sig=`: the signature the QR code carries. */
export const PublicLookupQuerySchema = z.strictObject({
  sig: z.string().trim().min(1, { error: '缺少签名' }).max(200),
})

/** `POST /certificates/:no/revoke`: the issuing institution withdraws a certificate. */
export const CertificateRevokeSchema = z.strictObject({ reason: text('撤销原因', { min: 2, max: 200 }) })

export interface CertificateView {
  id: string
  no: string
  type: CertificateType
  status: CertificateStatus
  conclusion: VerifyResult
  /** 合格 / 不合格, or e.g. "Ⅲ级 合格". */
  conclusionText: string
  unit: { id: string; name: string }
  instrument: {
    id: string
    code: string
    name: string
    model: string | null
    serialNo: string
    manufacturer: string | null
    accuracyClass: string | null
    range: string | null
    level2Name: string
  }
  institution: { id: string; name: string; address: string; phone: string | null; authorizationNo: string | null }
  regulation: string
  place: string
  environment: { temperature: string; humidity: string; other: string | null }
  standards: { name: string; certificateNo: string; validUntil: string }[]
  points: PointView[]
  failures: string[]
  verifiedAt: string
  validUntil: string | null
  /** How the catalogue treats the kind: periodic, or verified once (scrap when inaccurate / replace when due). */
  mode: CatalogueMode | null
  /** `initial_only_rotate`: the date by which the instrument must be replaced. */
  replaceBy: string | null
  verifier: SignatureView
  checker: SignatureView
  approver: SignatureView
  issuedAt: string
  /** The certificate this one replaces, and the one that replaced it. */
  supersedes: string | null
  supersededBy: string | null
  revoked: { at: string; reason: string } | null
  /** What the QR code encodes: the public check page with `no` and `sig`. */
  verifyUrl: string
  lookups: number
}

export type PublicCertificateView =
  | {
      genuine: true
      status: CertificateStatus
      no: string
      type: CertificateType
      conclusion: VerifyResult
      instrumentName: string
      serialNo: string
      /** Partly masked: enough to recognise, not to identify. */
      unitName: string
      institutionName: string
      institutionPhone: string | null
      verifiedAt: string
      validUntil: string | null
    }
  | { genuine: false }

/** 阿拉善左旗巴彦浩特农贸市场 → 阿拉善左****市场: the first and last characters kept. */
export function maskName(name: string): string {
  const chars = [...name]
  if (chars.length <= 2) return `${chars[0] ?? ''}*`
  const keepStart = Math.min(4, Math.ceil(chars.length / 4))
  const keepEnd = Math.min(2, Math.floor(chars.length / 4))
  return `${chars.slice(0, keepStart).join('')}${'*'.repeat(Math.max(2, chars.length - keepStart - keepEnd))}${keepEnd ? chars.slice(-keepEnd).join('') : ''}`
}

