import type { AuditEntryView, InstrumentView } from '@qjt/shared'
import { regionFullName } from '@qjt/shared/regions'
import type { InstrumentAuditDoc } from './audit.model'
import type { InstrumentDoc } from './model'
import { FIELD_LABELS, isOverdue } from './rules'

export function presentInstrument(row: InstrumentDoc, today: string): InstrumentView {
  return {
    id: String(row._id),
    code: row.code,
    name: row.name,
    kind: row.kind,
    level1Code: row.level1Code,
    level1Name: row.level1Name,
    level2Code: row.level2Code,
    level2Name: row.level2Name,
    model: row.model ?? null,
    range: row.range ?? null,
    accuracyClass: row.accuracyClass ?? null,
    serialNo: row.serialNo,
    manufacturer: row.manufacturer ?? null,
    origin: row.origin,
    regionCode: row.regionCode,
    regionName: regionFullName(row.regionCode),
    location: row.location,
    purchasedAt: row.purchasedAt ?? null,
    quantity: row.quantity,
    usage: row.usage,
    deliveryMode: row.deliveryMode,
    validUntil: row.validUntil ?? null,
    institutionId: row.institutionId ? String(row.institutionId) : null,
    institutionName: row.institutionName ?? null,
    certificateNo: row.certificateNo ?? null,
    status: row.status,
    verifyStatus: row.verifyStatus,
    verifyResult: row.verifyResult ?? null,
    overdue: isOverdue(row, today),
    openBookingId: row.openBookingId ? String(row.openBookingId) : null,
    certified: row.certificateId != null,
    version: row.version,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  }
}

export function presentAudit(entry: InstrumentAuditDoc): AuditEntryView {
  return {
    id: String(entry._id),
    at: entry.at.toISOString(),
    by: { id: entry.by.userId ? String(entry.by.userId) : null, name: entry.by.name },
    action: entry.action,
    note: entry.note ?? null,
    changes: entry.changes.map((c) => ({
      field: c.field,
      label: FIELD_LABELS[c.field] ?? c.field,
      from: (c.from as string | number | null) ?? null,
      to: (c.to as string | number | null) ?? null,
    })),
  }
}
