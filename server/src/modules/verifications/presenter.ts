import type { RecordView, SignatureView } from '@qjt/shared'
import type { RecordDoc, RecordSignature } from './model'
import { approvalNeeds, type KindTerms } from './validity'

const signature = (s: RecordSignature): SignatureView => ({ userId: String(s.userId), name: s.name, at: s.at.toISOString() })

/** A record as the institution reads it; `kind` is the catalogue's word on its 二级目录 now. */
export function presentRecord(r: RecordDoc, kind: KindTerms | null): RecordView {
  return {
    id: String(r._id),
    taskId: String(r.taskId),
    bookingNo: r.bookingNo,
    unitName: r.unitName,
    instrument: {
      id: String(r.instrumentId),
      code: r.instrument.code,
      name: r.instrument.name,
      model: r.instrument.model ?? null,
      serialNo: r.instrument.serialNo,
      level2Name: r.instrument.level2Name,
    },
    regulation: r.regulation,
    place: r.place,
    environment: { temperature: r.environment.temperature, humidity: r.environment.humidity, other: r.environment.other ?? null },
    standards: r.standards.map((s) => ({ name: s.name, certificateNo: s.certificateNo, validUntil: s.validUntil })),
    points: r.points.map((p) => ({
      ...(p.item ? { item: p.item } : {}),
      nominal: p.nominal,
      indication: p.indication,
      mpe: p.mpe,
      unit: p.unit,
      error: p.error,
      passed: p.passed,
    })),
    inspection: { passed: r.inspection.passed, reason: r.inspection.reason ?? null },
    verifiedAt: r.verifiedAt,
    conclusion: r.conclusion,
    failures: r.failures,
    status: r.status,
    sendBackReason: r.status === 'sent_back' ? (r.sendBackReason ?? null) : null,
    verifier: signature(r.verifier),
    checker: r.checker ? signature(r.checker) : null,
    approver: r.approver ? signature(r.approver) : null,
    certificateNo: r.certificateNo ?? null,
    certificateId: r.certificateId ? String(r.certificateId) : null,
    ...(r.status === 'approved' ? { needsValidUntil: false, usageClasses: [], needsReplaceBy: false } : approvalNeeds(kind, r.conclusion)),
    mode: r.issuing?.mode ?? kind?.mode ?? null,
    history: r.history.map((h) => ({ at: h.at.toISOString(), by: h.by, action: h.action, note: h.note ?? null })),
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
    version: r.version,
  }
}
