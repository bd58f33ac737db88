import type { QueryFilter, Types } from 'mongoose'
import type { InstrumentListQuery } from '@qjt/shared'
import type { OrgFilter } from '../../core/tenant'
import type { InstrumentDoc } from './model'

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The MongoDB filter for the ledger's search form, always inside one organization. Used by the
 * list and the export, so both show the same rows.
 */
export function ledgerFilter(
  orgId: Types.ObjectId,
  q: Omit<InstrumentListQuery, 'page' | 'pageSize'>,
  today: string,
): OrgFilter<QueryFilter<InstrumentDoc>> {
  const filter: QueryFilter<InstrumentDoc> = {}
  if (q.q) {
    const part = { $regex: escapeRegex(q.q), $options: 'i' }
    filter.$and = [{ $or: [{ name: part }, { code: part }] }]
  }
  if (q.name) filter.name = { $regex: escapeRegex(q.name), $options: 'i' }
  if (q.code) filter.code = { $regex: escapeRegex(q.code), $options: 'i' }
  if (q.certificateNo) filter.certificateNo = q.certificateNo
  if (q.serialNo) filter.serialNo = q.serialNo
  if (q.status) filter.status = q.status
  if (q.verifyStatus) filter.verifyStatus = q.verifyStatus
  if (q.institutionId) filter.institutionId = q.institutionId
  if (q.level2Code) filter.level2Code = q.level2Code
  const validUntil: Record<string, string> = {}
  if (q.validFrom) validUntil.$gte = q.validFrom
  if (q.validTo) validUntil.$lte = q.validTo
  if (q.overdue === true) {
    validUntil.$lt = today
    if (!q.status) filter.status = { $ne: 'scrapped' }
  }
  if (Object.keys(validUntil).length > 0) filter.validUntil = validUntil
  if (q.overdue === false) {
    filter.$or = [{ validUntil: null }, { validUntil: { $gte: today } }, { status: 'scrapped' }]
  }
  return { ...filter, orgId }
}

/** Newest change first, stable between pages. */
export const LEDGER_SORT = { updatedAt: -1, _id: -1 } as const
