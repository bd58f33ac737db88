import { Types } from 'mongoose'
import { isDuplicateKey } from '../../db/claims'
import { Certificate, type CertificateDoc } from './model'
import { CertificateLookup, CertificateLookupTotal, CertificateNumber } from './lookup.model'
import { certificateIdIn } from './signing'

/** An id no certificate has: read when a code names none, so every check makes the same read. */
const NO_CERTIFICATE = new Types.ObjectId('000000000000000000000000')

/**
 * Makes an issued certificate quick to find by its number (readers' links are by number). Done
 * on the first read at the latest; issuance may call it right after inserting the certificate
 * (it is idempotent). A number that already names another certificate is refused.
 */
export async function registerCertificateNumber(cert: Pick<CertificateDoc, '_id' | 'no'>): Promise<void> {
  try {
    await CertificateNumber.create({ _id: cert.no, certificateId: cert._id })
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    const existing = await CertificateNumber.findById(cert.no).lean()
    if (!existing?.certificateId.equals(cert._id)) throw new Error(`certificate number ${cert.no} already names another certificate`)
  }
}

/**
 * The certificate a QR code's `sig` names, whoever owns it: the public check's one
 * cross-organization read. One read by `_id` whatever the code says (an id nobody has when it
 * names none), and never a search by number, so the answer's timing does not tell which numbers exist.
 */
export async function findCertificateForCheck(sig: string): Promise<CertificateDoc | null> {
  return Certificate.findById(certificateIdIn(sig) ?? NO_CERTIFICATE).lean<CertificateDoc>()
}

/**
 * A certificate by number for a logged-in reader (the caller checks they may see it). A number
 * issued without its key (an issuance cut short) is found the slow way once and registered.
 */
export async function findCertificateForReader(no: string): Promise<CertificateDoc | null> {
  const key = await CertificateNumber.findById(no).lean()
  const found = key ? await Certificate.findById(key.certificateId).lean<CertificateDoc>() : null
  if (found?.no === no) return found
  const cert = await Certificate.findOne({ no }).lean<CertificateDoc>()
  if (cert) await registerCertificateNumber(cert)
  return cert
}

/** Genuine public checks per number, for the numbers given: the folded totals and the checks since. */
export async function lookupCounts(nos: string[]): Promise<Map<string, number>> {
  if (nos.length === 0) return new Map()
  const [totals, recent] = await Promise.all([
    Promise.all(nos.map((no) => CertificateLookupTotal.findById(no, { count: 1 }).lean())),
    CertificateLookup.aggregate<{ _id: string; n: number }>([
      { $match: { no: { $in: nos }, genuine: true } },
      { $group: { _id: '$no', n: { $sum: 1 } } },
    ]),
  ])
  const counts = new Map(nos.map((no, i) => [no, totals[i]?.count ?? 0]))
  for (const r of recent) counts.set(r._id, (counts.get(r._id) ?? 0) + r.n)
  return counts
}
