import type { BatchResult, InstrumentBatchInput } from '@qjt/shared'
import type { Actor } from '../../core/context'
import { AppError } from '../../core/errors'
import { orgIdOf } from '../../core/tenant'
import { deleteIfVersion } from '../../db/claims'
import { byIds } from '../../db/lookup'
import type { CatalogueKindRef } from '../reference/presenter'
import { recordAudit } from './audit'
import { Instrument, type InstrumentDoc } from './model'
import { inOpenBooking, removalBlocked, statusAfter } from './rules'
import type { InstrumentService } from './service'

const NOT_FOUND = '器具不存在'

/**
 * Applies one action to each chosen instrument on its own: each succeeds or is refused with a
 * reason, and each success leaves one audit entry. Another unit's ids are refused as "not
 * found", as if they did not exist.
 */
export async function runBatch(
  service: InstrumentService,
  actor: Actor,
  input: InstrumentBatchInput,
  kind: CatalogueKindRef | null,
): Promise<BatchResult> {
  const ids = [...new Set(input.ids)]
  const orgId = orgIdOf(actor)
  const rows = (await byIds<InstrumentDoc>(Instrument, ids)).filter((r) => r.orgId.equals(orgId))
  const byId = new Map(rows.map((r) => [String(r._id), r]))
  const result: BatchResult = { done: [], refused: [] }
  for (const id of ids) {
    const row = byId.get(id)
    if (!row) {
      result.refused.push({ id, code: '', message: NOT_FOUND })
      continue
    }
    try {
      const refusal = await applyOne(service, actor, input, kind, row)
      if (refusal) result.refused.push({ id, code: row.code, message: refusal })
      else result.done.push(id)
    } catch (err) {
      if (!(err instanceof AppError) || err.status >= 500) throw err
      result.refused.push({ id, code: row.code, message: err.message })
    }
  }
  return result
}

const RACED = '器具刚被他人修改，请刷新后重试'

/** Does the action to one row; returns why not, or null when done. */
async function applyOne(
  service: InstrumentService,
  actor: Actor,
  input: InstrumentBatchInput,
  kind: CatalogueKindRef | null,
  row: InstrumentDoc,
): Promise<string | null> {
  switch (input.action) {
    case 'delete': {
      const blocked = removalBlocked(row)
      if (blocked) return blocked
      if (!(await deleteIfVersion(Instrument, row._id, row.version))) return RACED
      await recordAudit(actor, new Date(), [{ row, action: 'delete', note: `批量删除 ${row.code}` }])
      return null
    }
    case 'setCatalogue': {
      if (row.status === 'scrapped') return '器具已报废，不能再修改'
      if (inOpenBooking(row)) return '器具在未完成的预约中，不能修改二级目录'
      const set = { level1Code: kind!.level1Code, level1Name: kind!.level1Name, level2Code: kind!.level2Code, level2Name: kind!.level2Name }
      if (row.level2Code === set.level2Code) return '已是该二级目录'
      return (await service.write(actor, row, set, 'setCatalogue')) ? null : RACED
    }
    default: {
      if (input.action === 'scrap') {
        const blocked = removalBlocked(row)
        if (blocked) return blocked
      }
      const next = statusAfter(row.status, input.action)
      if ('refused' in next) return next.refused
      return (await service.write(actor, row, { status: next.to }, input.action)) ? null : RACED
    }
  }
}
