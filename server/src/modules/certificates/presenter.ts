import { maskName, type CertificateView, type PointView, type PublicCertificateView, type SignatureView } from '@qjt/shared'
import type { CertificateDoc, Signature } from './model'
import { certificateStatus } from './status'

const signature = (s: Signature): SignatureView => ({ userId: String(s.userId), name: s.name, at: s.at.toISOString() })

function point(p: CertificateDoc['points'][number]): PointView {
  return {
    ...(p.item ? { item: p.item } : {}),
    nominal: p.nominal,
    indication: p.indication,
    mpe: p.mpe,
    unit: p.unit,
    error: p.error,
    passed: p.passed,
  }
}

export function presentCertificate(c: CertificateDoc, extra: { today: string; verifyUrl: string; lookups: number }): CertificateView {
  return {
    id: String(c._id),
    no: c.no,
    type: c.type,
    status: certificateStatus(c, extra.today),
    conclusion: c.conclusion,
    conclusionText: c.conclusionText,
    unit: { id: String(c.orgId), name: c.unit.name },
    instrument: {
      id: String(c.instrumentId),
      code: c.instrument.code,
      name: c.instrument.name,
      model: c.instrument.model ?? null,
      serialNo: c.instrument.serialNo,
      manufacturer: c.instrument.manufacturer ?? null,
      accuracyClass: c.instrument.accuracyClass ?? null,
      range: c.instrument.range ?? null,
      level2Name: c.instrument.level2Name,
    },
    institution: {
      id: String(c.institutionId),
      name: c.institution.name,
      address: c.institution.address,
      phone: c.institution.phone ?? null,
      authorizationNo: c.institution.authorizationNo ?? null,
    },
    regulation: c.regulation,
    place: c.place,
    environment: { temperature: c.environment.temperature, humidity: c.environment.humidity, other: c.environment.other ?? null },
    standards: c.standards.map((s) => ({ name: s.name, certificateNo: s.certificateNo, validUntil: s.validUntil })),
    points: c.points.map(point),
    failures: c.failures,
    verifiedAt: c.verifiedAt,
    validUntil: c.validUntil ?? null,
    mode: c.mode ?? null,
    replaceBy: c.replaceBy ?? null,
    verifier: signature(c.verifier),
    checker: signature(c.checker),
    approver: signature(c.approver),
    issuedAt: c.issuedAt.toISOString(),
    supersedes: c.supersedes ?? null,
    supersededBy: c.supersededBy ?? null,
    revoked: c.revokedAt ? { at: c.revokedAt.toISOString(), reason: c.revokeReason ?? '' } : null,
    verifyUrl: extra.verifyUrl,
    lookups: extra.lookups,
  }
}

/** What anyone scanning the QR code sees: the key facts, the unit partly masked, nothing else about it. */
export function presentPublic(c: CertificateDoc, today: string): PublicCertificateView {
  return {
    genuine: true,
    status: certificateStatus(c, today),
    no: c.no,
    type: c.type,
    conclusion: c.conclusion,
    instrumentName: c.instrument.name,
    serialNo: c.instrument.serialNo,
    unitName: maskName(c.unit.name),
    institutionName: c.institution.name,
    institutionPhone: c.institution.phone ?? null,
    verifiedAt: c.verifiedAt,
    validUntil: c.validUntil ?? null,
  }
}
