import type { QueryFilter } from 'mongoose'
import type { CertificateStatus } from '@qjt/shared'
import type { CertificateDoc } from './model'

type StatusFacts = Pick<CertificateDoc, 'revokedAt' | 'supersededBy' | 'validUntil' | 'replaceBy'>

/**
 * The last day a certificate vouches for: 有效期至, or for a kind used until replaced its 到期轮换
 * date. A 检定结果通知书 and a 失准报废 kind have neither and never expire.
 */
export function lastValidDay(c: Pick<CertificateDoc, 'validUntil' | 'replaceBy'>): string | null {
  return c.validUntil ?? c.replaceBy ?? null
}

/** What a certificate is today (China date): revocation and replacement outrank expiry. */
export function certificateStatus(c: StatusFacts, today: string): CertificateStatus {
  if (c.revokedAt) return 'revoked'
  if (c.supersededBy) return 'superseded'
  const last = lastValidDay(c)
  if (last && last < today) return 'expired'
  return 'valid'
}

/** The same rules as a query, for the list's status filter. */
export function statusFilter(status: CertificateStatus, today: string): QueryFilter<CertificateDoc> {
  const live = { revokedAt: null, supersededBy: null }
  const expired = [{ validUntil: { $lt: today } }, { validUntil: null, replaceBy: { $lt: today } }]
  switch (status) {
    case 'revoked':
      return { revokedAt: { $ne: null } }
    case 'superseded':
      return { revokedAt: null, supersededBy: { $ne: null } }
    case 'expired':
      return { ...live, $or: expired }
    case 'valid':
      return {
        ...live,
        $or: [{ validUntil: { $gte: today } }, { validUntil: null, replaceBy: { $gte: today } }, { validUntil: null, replaceBy: null }],
      }
  }
}
