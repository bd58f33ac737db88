import type { Types } from 'mongoose'
import { chinaToday, type CertificateType } from '@qjt/shared'
import { nextSequence } from '../../db/claims'

/**
 * 证书编号: `{short code}-{yyyy}-{6 digits}` for 检定证书 and `{short code}-TZ-{yyyy}-{6 digits}`
 * for 检定结果通知书, each its own sequence per institution and year (of issuance, China time).
 * A number, once reserved, is never handed out again; the certificate's unique index on `no`
 * guards that too.
 */
export async function newCertificateNo(institutionId: Types.ObjectId, shortCode: string, type: CertificateType, issuedAt: Date): Promise<string> {
  const year = chinaToday(issuedAt).slice(0, 4)
  const series = type === 'notice' ? 'notice' : 'certificate'
  const serial = await nextSequence(`${series}:${String(institutionId)}:${year}`)
  const prefix = type === 'notice' ? `${shortCode}-TZ` : shortCode
  return `${prefix}-${year}-${String(serial).padStart(6, '0')}`
}
