import { Types, type QueryFilter } from 'mongoose'
import {
  CERTIFICATE_TYPE_LABELS,
  chinaToday,
  type CertificateListQuery,
  type CertificateView,
  type Page,
  type PublicCertificateView,
} from '@qjt/shared'
import type { Actor } from '../../core/context'
import type { Clock } from '../../core/clock'
import { AppError } from '../../core/errors'
import type { RateLimiter } from '../../core/rate-limit'
import { orgIdOf } from '../../core/tenant'
import { writeIfVersion } from '../../db/claims'
import { Certificate, type CertificateDoc } from './model'
import { renderCertificatePdf } from './pdf'
import { presentCertificate, presentPublic } from './presenter'
import { releaseLedgerRow } from './revocation'
import type { LookupRecorder } from './lookups'
import { findCertificateForCheck, findCertificateForReader, lookupCounts } from './repository'
import type { CertificateSigner } from './signing'
import { statusFilter } from './status'

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/** Facts no signature covers: checked against when the code names no certificate, so the check always runs. */
const DECOY = {
  no: '',
  type: 'certificate',
  conclusion: 'pass',
  verifiedAt: '',
  validUntil: null,
  institutionId: '',
  instrument: { serialNo: '' },
} as unknown as CertificateDoc

/** Certificates as their unit and their issuing institution see them, the PDF, revocation, and the public check. */
export class CertificateService {
  constructor(
    private readonly deps: { clock: Clock; signer: CertificateSigner; lookupLimiter: RateLimiter; lookups: LookupRecorder },
  ) {}

  today() {
    return chinaToday(this.deps.clock())
  }

  /** The unit's own certificates, or those the institution issued; newest first. */
  async list(actor: Actor, q: CertificateListQuery): Promise<Page<CertificateView>> {
    const filter: QueryFilter<CertificateDoc> = { ...this.scope(actor) }
    const today = this.today()
    if (q.no) filter.no = { $regex: escapeRegex(q.no), $options: 'i' }
    if (q.instrumentId) filter.instrumentId = new Types.ObjectId(q.instrumentId)
    if (q.status) Object.assign(filter, statusFilter(q.status, today))
    const [rows, total] = await Promise.all([
      Certificate.find(filter).sort({ issuedAt: -1, _id: -1 }).skip((q.page - 1) * q.pageSize).limit(q.pageSize).lean<CertificateDoc[]>(),
      Certificate.countDocuments(filter),
    ])
    const counts = await this.countLookups(rows.map((r) => r.no))
    return { items: rows.map((r) => this.present(r, today, counts.get(r.no) ?? 0)), total, page: q.page, pageSize: q.pageSize }
  }

  async view(actor: Actor, no: string): Promise<CertificateView> {
    const cert = await this.get(actor, no)
    const counts = await this.countLookups([cert.no])
    return this.present(cert, this.today(), counts.get(cert.no) ?? 0)
  }

  /** The PDF and its file names (`检定证书_ALSM-2026-000123.pdf`, with an ASCII fallback). */
  async pdf(actor: Actor, no: string): Promise<{ pdf: Buffer; name: string; fallback: string }> {
    const cert = await this.get(actor, no)
    const pdf = await renderCertificatePdf(cert, this.deps.signer.verifyUrl(cert))
    return { pdf, name: `${CERTIFICATE_TYPE_LABELS[cert.type]}_${cert.no}.pdf`, fallback: `certificate_${cert.no}.pdf` }
  }

  /**
   * The issuing institution withdraws a certificate (e.g. issued in error). The QR check then says
   * 已撤销, the PDF carries the mark, and the ledger row it stands behind loses its 有效期至. A
   * second revocation is refused, but first finishes the ledger step a crash may have cut short.
   */
  async revoke(actor: Actor, no: string, input: { reason: string }): Promise<CertificateView> {
    const cert = await this.get(actor, no)
    if (!cert.institutionId.equals(orgIdOf(actor))) throw new AppError('CERTIFICATE_NOT_FOUND')
    const by = { userId: actor.userId, name: actor.name }
    if (cert.revokedAt) {
      await releaseLedgerRow(cert, by)
      throw new AppError('CERTIFICATE_ALREADY_REVOKED')
    }
    const revokedAt = this.deps.clock()
    const written = await writeIfVersion(Certificate, cert._id, cert.version, { set: { revokedAt, revokeReason: input.reason } })
    if (!written) throw new AppError('STALE_VERSION')
    await releaseLedgerRow({ ...cert, revokedAt, revokeReason: input.reason }, by)
    return this.view(actor, no)
  }

  /**
   * What a scan of the QR code shows. Anything but the right signature for this number — a forged
   * or altered code, an unknown number, another certificate's signature — gets the same bare
   * `{ genuine: false }` after the same work (one read by the id the code names, one signature
   * check, one lookup counted), so the answer never tells which numbers exist.
   */
  async check(no: string, sig: string, client: string): Promise<PublicCertificateView> {
    this.deps.lookupLimiter.hit(client)
    const now = this.deps.clock()
    const cert = await findCertificateForCheck(sig)
    const signed = this.deps.signer.verifySignature(no, sig, cert ?? DECOY)
    const genuine = signed && cert !== null ? cert : null
    this.deps.lookups.record(no, genuine !== null, now)
    return genuine ? presentPublic(genuine, chinaToday(now)) : { genuine: false }
  }

  /** Stores the checks still waiting to be written (at shutdown, and before counting). */
  flushLookups(): Promise<void> {
    return this.deps.lookups.flush()
  }

  private async countLookups(nos: string[]): Promise<Map<string, number>> {
    await this.deps.lookups.flush()
    return lookupCounts(nos)
  }

  /** A certificate the caller may see: their unit's, or issued by their institution; 404 otherwise. */
  private async get(actor: Actor, no: string): Promise<CertificateDoc> {
    const cert = await findCertificateForReader(no)
    const orgId = orgIdOf(actor)
    const field = actor.orgType === 'institution' ? 'institutionId' : 'orgId'
    if (!cert || !cert[field].equals(orgId)) throw new AppError('CERTIFICATE_NOT_FOUND')
    return cert
  }

  /** Units see their own certificates, institutions those they issued. */
  private scope(actor: Actor): QueryFilter<CertificateDoc> {
    const orgId = orgIdOf(actor)
    return actor.orgType === 'institution' ? { institutionId: orgId } : { orgId }
  }

  private present(cert: CertificateDoc, today: string, lookups: number): CertificateView {
    return presentCertificate(cert, { today, verifyUrl: this.deps.signer.verifyUrl(cert), lookups })
  }
}
