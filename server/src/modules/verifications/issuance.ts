import type { Types } from 'mongoose'
import { CERTIFICATE_TYPE_LABELS, type VerifyResult } from '@qjt/shared'
import { AppError } from '../../core/errors'
import type { Clock } from '../../core/clock'
import { faultPoint } from '../../core/fault'
import { isDuplicateKey, rewriteById, withLease, writeIfVersion } from '../../db/claims'
import type { NotificationIntent, Notifier } from '../bookings/notices'
import { Certificate, type CertificateDoc } from '../certificates/model'
import type { CertificateSigner } from '../certificates/signing'
import { InstrumentAudit } from '../instruments/audit.model'
import { Instrument, type InstrumentDoc } from '../instruments/model'
import { diff } from '../instruments/rules'
import { Organization } from '../organizations/model'
import type { TaskService } from '../tasks/service'
import { VerificationRecord, type RecordDoc, type RecordSignature } from './model'
import { newCertificateNo } from './numbering'

export interface IssuanceDeps {
  clock: Clock
  notifier: Notifier
  tasks: TaskService
  /** Signs what the QR code vouches for; the certificate keeps the key id. */
  signer: Pick<CertificateSigner, 'signCertificate'>
}

/**
 * Issuing the certificate of an approved record, in steps that survive a crash at any point.
 * The 批准人's signature is one versioned write of the record that also fixes what will be
 * issued (type, 有效期至 …) and sets `followUp`; then, each step skipping what is done already:
 * 1. number — reserve the 证书编号 and keep it on the record (never a second number);
 * 2. certificate — the full snapshot, unique per record;
 * 3. ledger — 检定机构, 证书编号, 有效期至, 已检 and the result, released from the booking;
 * 4. the older certificate of the instrument is marked superseded;
 * 5. the task completes when all its instruments are approved (the booking follows);
 * 6. the unit is told; `followUp` is cleared.
 * A retry of the approval or the relay runs the rest, one at a time under the record's lease.
 */
export class Issuance {
  constructor(
    private readonly deps: IssuanceDeps,
    private readonly leaseMs = 5_000,
  ) {}

  async finish(recordId: Types.ObjectId): Promise<void> {
    await withLease(`record:${String(recordId)}`, async () => {
      let r = await reload(recordId)
      if (!r.followUp || r.status !== 'approved' || !r.issuing) return
      if (!r.issuing.no) {
        r = await this.number(r)
        faultPoint('issue:numbered')
      }
      const cert = await this.certificate(r)
      faultPoint('issue:certificate')
      await this.ledger(r, cert)
      faultPoint('issue:ledger')
      await this.supersede(cert)
      await this.completeTask(r)
      await this.deps.notifier.enqueue([issuedNotice(r, cert)])
      for (let attempt = 0; ; attempt++) {
        const set = { followUp: false, certificateId: cert._id, certificateNo: cert.no }
        if (await writeIfVersion(VerificationRecord, r._id, r.version, { set })) return
        if (attempt > 3) throw new Error(`record ${String(r._id)} keeps changing`)
        r = await reload(recordId)
      }
    }, this.leaseMs)
  }

  /** Finishes issuances whose process died: run by the background relay on every node. */
  async sweep(staleAfterMs = 30_000): Promise<number> {
    const waiting = await VerificationRecord.find({ followUp: true }, { _id: 1, updatedAt: 1 }).limit(100).lean()
    let finished = 0
    let failure: unknown = null
    for (const r of waiting) {
      if (Date.now() - r.updatedAt.getTime() < staleAfterMs) continue
      try {
        await this.finish(r._id)
        finished++
      } catch (err) {
        // One record that cannot be finished now must not hold up the others.
        failure ??= err
      }
    }
    if (failure) throw failure
    return finished
  }

  private async number(r: RecordDoc): Promise<RecordDoc> {
    const institution = await Organization.findById(r.institutionId, { shortCode: 1 }).lean()
    if (!institution?.shortCode) throw new AppError('CERTIFICATE_PREFIX_MISSING')
    const plan = r.issuing!
    const no = await newCertificateNo(r.institutionId, institution.shortCode, plan.type, plan.at)
    // Only this lease's holder writes an approved record, so the write cannot lose to another.
    if (!(await writeIfVersion(VerificationRecord, r._id, r.version, { set: { issuing: { ...plan, no } } }))) {
      throw new Error(`record ${String(r._id)} changed while numbering ${no}`)
    }
    return reload(r._id)
  }

  private async certificate(r: RecordDoc): Promise<CertificateDoc> {
    const existing = await Certificate.findOne({ recordId: r._id }).lean()
    if (existing) return existing
    const [row, unit, institution, previous] = await Promise.all([
      Instrument.findById(r.instrumentId).lean() as Promise<InstrumentDoc | null>,
      Organization.findById(r.orgId).lean(),
      Organization.findById(r.institutionId).lean(),
      // The instrument's current certificate, which this one replaces.
      Certificate.findOne({ instrumentId: r.instrumentId, supersededBy: null }, { no: 1 }).sort({ issuedAt: -1, _id: -1 }).lean(),
    ])
    const plan = r.issuing!
    const doc = {
      no: plan.no!,
      type: plan.type,
      conclusion: r.conclusion,
      conclusionText: conclusionText(r.conclusion, row?.accuracyClass ?? null),
      orgId: r.orgId,
      institutionId: r.institutionId,
      instrumentId: r.instrumentId,
      recordId: r._id,
      taskId: r.taskId,
      bookingId: r.bookingId,
      unit: { name: unit?.name ?? r.unitName, address: unit?.address ?? '', regionCode: unit?.regionCode ?? '' },
      instrument: {
        code: row?.code ?? r.instrument.code,
        name: row?.name ?? r.instrument.name,
        model: row?.model ?? r.instrument.model,
        serialNo: row?.serialNo ?? r.instrument.serialNo,
        manufacturer: row?.manufacturer ?? null,
        accuracyClass: row?.accuracyClass ?? null,
        range: row?.range ?? null,
        level1Code: row?.level1Code ?? '',
        level2Code: r.instrument.level2Code,
        level2Name: r.instrument.level2Name,
        regionCode: row?.regionCode ?? '',
      },
      institution: {
        name: institution?.name ?? '',
        shortCode: institution?.shortCode ?? '',
        address: institution?.address ?? '',
        phone: institution?.phone ?? null,
        authorizationNo: institution?.authorizationNo ?? null,
      },
      regulation: r.regulation,
      place: r.place,
      environment: { temperature: r.environment.temperature, humidity: r.environment.humidity, other: r.environment.other ?? null },
      standards: r.standards.map((s) => ({ name: s.name, certificateNo: s.certificateNo, validUntil: s.validUntil })),
      points: r.points.map((p) => ({ item: p.item ?? null, nominal: p.nominal, indication: p.indication, mpe: p.mpe, unit: p.unit, error: p.error, passed: p.passed })),
      inspection: { passed: r.inspection.passed, reason: r.inspection.reason ?? null },
      failures: r.failures,
      verifiedAt: r.verifiedAt,
      validUntil: plan.validUntil,
      previousValidUntil: plan.previousValidUntil,
      mode: plan.mode,
      replaceBy: plan.replaceBy,
      verifier: signature(r.verifier),
      checker: signature(r.checker!),
      approver: signature(r.approver!),
      issuedAt: plan.at,
      supersedes: previous?.no ?? null,
    }
    // Deterministic: a re-run signs the same facts with the same key.
    const { keyId } = this.deps.signer.signCertificate(doc)
    try {
      return (await Certificate.create({ ...doc, keyId })).toObject() as CertificateDoc
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      const again = await Certificate.findOne({ recordId: r._id }).lean()
      if (!again) throw err
      return again
    }
  }

  /**
   * The ledger row as the certificate says: 有效期至 of a 检定证书 (or its 到期轮换日期 for a kind
   * used for a limited time, so reminders and 逾期 fall on the day it must go); none after a
   * 检定结果通知书, which vouches for nothing — the 不合格 result is what the row then shows.
   */
  private async ledger(r: RecordDoc, cert: CertificateDoc): Promise<void> {
    const plan = async (row: InstrumentDoc) => {
      if (row.certificateId?.equals(cert._id)) return null
      const set = {
        institutionId: cert.institutionId,
        institutionName: cert.institution.name,
        certificateNo: cert.no,
        certificateId: cert._id,
        validUntil: cert.conclusion === 'pass' ? (cert.validUntil ?? cert.replaceBy ?? null) : null,
        verifyStatus: 'verified' as const,
        verifyResult: cert.conclusion,
        status: row.status === 'new' ? ('in_use' as const) : row.status,
        openBookingId: row.openBookingId?.equals(r.bookingId) ? null : row.openBookingId,
      }
      await this.audit(row, set, cert)
      return set
    }
    if (!(await rewriteById<InstrumentDoc>(Instrument, r.instrumentId, plan, { attempts: 10 }))) {
      throw new Error(`instrument ${String(r.instrumentId)} keeps changing`)
    }
  }

  /** One trail entry per certificate (its id is the certificate's, so a re-run adds none). */
  private async audit(row: InstrumentDoc, set: Partial<InstrumentDoc>, cert: CertificateDoc) {
    const { validUntil, certificateNo, institutionName, verifyStatus, verifyResult, status } = set
    await InstrumentAudit.create({
      _id: cert._id,
      orgId: row.orgId,
      instrumentId: row._id,
      code: row.code,
      action: 'verify',
      at: cert.issuedAt,
      by: { userId: cert.approver.userId, name: cert.approver.name },
      changes: diff(row, { validUntil, certificateNo, institutionName, verifyStatus, verifyResult, status } as never).map(({ field, from, to }) => ({ field, from, to })),
      note: `${cert.institution.name}出具${CERTIFICATE_TYPE_LABELS[cert.type]} ${cert.no}，检定${resultLabel(cert.conclusion)}`,
    }).catch((err: unknown) => {
      if (!isDuplicateKey(err)) throw err
    })
  }

  private async supersede(cert: CertificateDoc): Promise<void> {
    if (!cert.supersedes) return
    for (let attempt = 0; attempt < 5; attempt++) {
      const older = await Certificate.findOne({ no: cert.supersedes }, { version: 1, supersededBy: 1 }).lean()
      if (!older || older.supersededBy) return
      if (await writeIfVersion(Certificate, older._id, older.version ?? 0, { set: { supersededBy: cert.no } })) return
    }
    throw new Error(`certificate ${cert.supersedes} keeps changing`)
  }

  /** Each approval is written before its issuance looks, so the last of several sees them all. */
  private async completeTask(r: RecordDoc): Promise<void> {
    await this.deps.tasks.completeIfDone(r.bookingId, r.taskId, { userId: String(r.approver!.userId), name: r.approver!.name })
  }
}

async function reload(id: Types.ObjectId): Promise<RecordDoc> {
  const r = await VerificationRecord.findById(id).lean()
  if (!r) throw new AppError('RECORD_NOT_FOUND')
  return r
}

const signature = (s: RecordSignature) => ({ userId: s.userId, name: s.name, at: s.at })

const resultLabel = (c: VerifyResult) => (c === 'pass' ? '合格' : '不合格')

/** 合格, with the accuracy class where the ledger names one: "Ⅲ级 合格". */
export function conclusionText(conclusion: VerifyResult, accuracyClass: string | null): string {
  if (conclusion === 'fail') return '不合格'
  const cls = accuracyClass?.trim()
  if (!cls) return '合格'
  return `${cls.endsWith('级') ? cls : `${cls}级`} 合格`
}

/** The unit's receipt; its id is the certificate's, so a re-run sends nothing twice. */
function issuedNotice(r: RecordDoc, cert: CertificateDoc): NotificationIntent {
  const type = CERTIFICATE_TYPE_LABELS[cert.type]
  const pass = cert.conclusion === 'pass'
  const until = pass && cert.validUntil ? `，有效期至 ${cert.validUntil}` : pass && cert.replaceBy ? `，${cert.replaceBy} 前须轮换` : ''
  const advice = pass ? '' : '请维修或更换后重新申请检定。'
  return {
    id: `certificate:${String(cert._id)}:issued`,
    event: 'certificate_issued',
    orgId: String(cert.orgId),
    title: `${type}已出具`,
    body: `${cert.institution.name}已出具${type} ${cert.no}：${cert.instrument.name}（出厂编号 ${cert.instrument.serialNo}）检定${resultLabel(cert.conclusion)}${until}。${advice}`,
    page: `packages/certificates/detail/index?no=${encodeURIComponent(cert.no)}`,
    fields: {
      bookingNo: r.bookingNo,
      // The template's 状态 (at most 5 characters): the result itself.
      status: `检定${resultLabel(cert.conclusion)}`,
      institutionName: cert.institution.name,
      certificateNo: cert.no,
      result: resultLabel(cert.conclusion),
    },
    at: cert.issuedAt,
  }
}
