import type { Types } from 'mongoose'
import type { AuditAction, FieldChange } from '@qjt/shared'
import type { Actor } from '../../core/context'
import { InstrumentAudit } from './audit.model'

export interface AuditedRow {
  _id: Types.ObjectId
  orgId: Types.ObjectId
  code: string
}

/** One trail entry per instrument touched, so a batch reads on each instrument's own page. */
export async function recordAudit(
  actor: Actor,
  at: Date,
  entries: { row: AuditedRow; action: AuditAction; changes?: FieldChange[]; note?: string | null }[],
): Promise<void> {
  if (entries.length === 0) return
  await InstrumentAudit.insertMany(
    entries.map(({ row, action, changes, note }) => ({
      orgId: row.orgId,
      instrumentId: row._id,
      code: row.code,
      action,
      at,
      by: { userId: actor.userId, name: actor.name },
      changes: (changes ?? []).map(({ field, from, to }) => ({ field, from, to })),
      note: note ?? null,
    })),
  )
}
