import type { Types } from 'mongoose'
import type { VerifyResult } from '@qjt/shared'

/** What the yearly rates read of a certificate. */
export interface CertificateFacts {
  instrumentId: Types.ObjectId
  verifiedAt: string
  conclusion: VerifyResult
  previousValidUntil: string | null
  issuedAt: Date
  revokedAt: Date | null
}

export interface VerificationFigures {
  verifications: number
  passRate: number | null
  onTimeRate: number | null
}

const ratio = (part: number, whole: number) => (whole === 0 ? null : Math.round((part / whole) * 10_000) / 10_000)

/**
 * The year's verifications and their rates, from the certificates (检定证书 and 检定结果通知书)
 * whose 检定日期 (`verifiedAt`, a China date) falls in the year:
 *
 * - a verification is one instrument verified on one date. A re-issued certificate (a new number
 *   for the same verification) is not counted again; the last one issued gives the conclusion.
 *   A revoked certificate counts for nothing.
 * - pass rate = verifications concluded 合格 ÷ verifications.
 * - on-time rate = verifications done by the 有效期至 the instrument had before them
 *   (`verifiedAt` ≤ `previousValidUntil`, both inclusive dates), or first verifications (no
 *   previous 有效期至, so nothing could be late) ÷ verifications. A failed verification done in
 *   time is on time: the rate measures whether units came, not what they brought.
 *
 * Rates are 0–1, rounded to 4 decimals; null without any verification.
 */
export function verificationFigures(certificates: CertificateFacts[]): VerificationFigures {
  const latest = new Map<string, CertificateFacts>()
  for (const c of certificates) {
    if (c.revokedAt) continue
    const key = `${String(c.instrumentId)}:${c.verifiedAt}`
    const seen = latest.get(key)
    if (!seen || seen.issuedAt < c.issuedAt) latest.set(key, c)
  }
  const verifications = [...latest.values()]
  const passed = verifications.filter((v) => v.conclusion === 'pass').length
  const onTime = verifications.filter((v) => v.previousValidUntil == null || v.verifiedAt <= v.previousValidUntil).length
  return { verifications: verifications.length, passRate: ratio(passed, verifications.length), onTimeRate: ratio(onTime, verifications.length) }
}
