import { Types } from 'mongoose'
import { isDuplicateKey, rewriteById } from '../../db/claims'
import { idFromKey } from '../../db/ids'
import { InstrumentAudit } from '../instruments/audit.model'
import { Instrument, type InstrumentDoc } from '../instruments/model'
import { diff } from '../instruments/rules'
import type { CertificateDoc } from './model'

type Revoked = Pick<CertificateDoc, '_id' | 'no' | 'instrumentId' | 'institution' | 'revokedAt' | 'revokeReason'>

/**
 * A revoked certificate vouches for nothing, so the ledger row it stands behind goes back to
 * 未检 without 有效期至 or 证书编号 (检定机构 stays: it did verify the instrument). Rows already
 * moved on — a newer certificate, a new booking — are left alone. Safe to re-run: the trail
 * entry's id comes from the certificate's, and a released row no longer names it.
 */
export async function releaseLedgerRow(cert: Revoked, by: { userId: string; name: string }): Promise<void> {
  const written = await rewriteById<InstrumentDoc>(
    Instrument,
    cert.instrumentId,
    async (row) => {
      if (!row.certificateId?.equals(cert._id)) return null
      const set = {
        certificateNo: null,
        certificateId: null,
        validUntil: null,
        verifyResult: null,
        verifyStatus: row.verifyStatus === 'verified' ? ('unverified' as const) : row.verifyStatus,
      }
      await audit(row, set, cert, by)
      return set
    },
    { attempts: 10 },
  )
  if (!written) throw new Error(`instrument ${String(cert.instrumentId)} keeps changing`)
}

async function audit(row: InstrumentDoc, set: Partial<InstrumentDoc>, cert: Revoked, by: { userId: string; name: string }) {
  const { certificateNo, validUntil, verifyStatus, verifyResult } = set
  await InstrumentAudit.create({
    // The same id for every attempt at one certificate's revocation.
    _id: idFromKey(`revoke:${String(cert._id)}`),
    orgId: row.orgId,
    instrumentId: row._id,
    code: row.code,
    action: 'revoke',
    at: cert.revokedAt ?? new Date(),
    by: { userId: Types.ObjectId.isValid(by.userId) ? new Types.ObjectId(by.userId) : null, name: by.name },
    changes: diff(row, { certificateNo, validUntil, verifyStatus, verifyResult } as never).map(({ field, from, to }) => ({ field, from, to })),
    note: `${cert.institution.name}撤销证书 ${cert.no}：${cert.revokeReason ?? ''}`,
  }).catch((err: unknown) => {
    if (!isDuplicateKey(err)) throw err
  })
}
