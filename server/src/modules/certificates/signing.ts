import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto'
import { Types } from 'mongoose'
import type { Env, SigningKey } from '@qjt/config'
import type { CertificateDoc } from './model'

/** What a certificate's signature vouches for: its number and the facts a scan shows. */
export type SignedFacts = Pick<CertificateDoc, 'no' | 'type' | 'conclusion' | 'verifiedAt' | 'validUntil' | 'institutionId'> & {
  instrument: Pick<CertificateDoc['instrument'], 'serialNo'>
}

/**
 * The `sig` a QR code carries: `kid.signature`, and in the URL also `.id`, the certificate's id,
 * so the public check reads the certificate by `_id` (the one lookup FerretDB makes without a
 * scan) and never searches by number. Ed25519 signatures are 64 bytes: 86 base64url characters.
 */
const SIG_PATTERN = /^([A-Za-z0-9_-]{1,16})\.([A-Za-z0-9_-]{86})(?:\.([A-Za-z0-9_-]{16}))?$/

/** The certificate id a URL's `sig` names, or null when it names none (or is malformed). */
export function certificateIdIn(sig: string): Types.ObjectId | null {
  const locator = SIG_PATTERN.exec(sig)?.[3]
  const bytes = locator ? Buffer.from(locator, 'base64url') : null
  return bytes?.length === 12 && bytes.toString('base64url') === locator ? new Types.ObjectId(bytes) : null
}

/**
 * The exact bytes signed. A JSON array, so no field can run into the next whatever it contains;
 * the leading tag lets a later scheme sign other facts without ever verifying against this one.
 */
export function canonicalFacts(c: SignedFacts): Buffer {
  return Buffer.from(
    JSON.stringify(['qjt-cert-1', c.no, c.type, c.conclusion, c.instrument.serialNo, c.verifiedAt, c.validUntil ?? null, String(c.institutionId)]),
    'utf8',
  )
}

/**
 * Signs and checks the signature a certificate's QR code carries: `kid.base64url(Ed25519)`.
 * The key id travels in the signature, so after a rotation old codes still verify with their key
 * while new certificates are signed by the new one. Ed25519 signatures are deterministic, so the
 * same key over the same facts always gives the same signature: the certificate stores only
 * `keyId` and the URL is re-made whenever it is needed.
 */
export class CertificateSigner {
  private readonly privateKeys = new Map<string, KeyObject>()
  private readonly publicKeys = new Map<string, KeyObject>()

  constructor(
    keys: SigningKey[],
    private readonly signingKeyId: string,
    private readonly publicBaseUrl: string,
  ) {
    for (const k of keys) {
      const key = createPrivateKey({ key: Buffer.from(k.pkcs8, 'base64'), format: 'der', type: 'pkcs8' })
      if (key.asymmetricKeyType !== 'ed25519') throw new Error(`certificate key "${k.id}" is not an Ed25519 key`)
      this.privateKeys.set(k.id, key)
      this.publicKeys.set(k.id, createPublicKey(key))
    }
    if (!this.privateKeys.has(signingKeyId)) throw new Error(`certificate signing key "${signingKeyId}" is not configured`)
  }

  static fromConfig(config: Pick<Env, 'certificates' | 'publicBaseUrl'>): CertificateSigner {
    return new CertificateSigner(config.certificates.keys, config.certificates.signingKeyId, config.publicBaseUrl)
  }

  /** The key new certificates are signed with. */
  get keyId(): string {
    return this.signingKeyId
  }

  /**
   * Signs a certificate about to be issued with the current key: store `keyId` on the
   * certificate; `sig` (`kid.signature`) is re-made from it whenever needed (`verifyUrl`).
   */
  signCertificate(cert: SignedFacts): { keyId: string; sig: string } {
    return { keyId: this.signingKeyId, sig: this.signWith(this.signingKeyId, cert) }
  }

  /** The `sig` of an issued certificate's QR code: its signature, under the key it was issued with, and its id. */
  signatureOf(cert: SignedFacts & { _id: Types.ObjectId; keyId: string }): string {
    return `${this.signWith(cert.keyId, cert)}.${Buffer.from(cert._id.id).toString('base64url')}`
  }

  /** What the QR code encodes: the public check page with the number and its signature. */
  verifyUrl(cert: SignedFacts & { _id: Types.ObjectId; keyId: string }): string {
    return `${this.publicBaseUrl}/#/verify?no=${encodeURIComponent(cert.no)}&sig=${this.signatureOf(cert)}`
  }

  /**
   * Whether `sig` is a signature, by any configured key, over exactly this certificate's facts
   * and this number (and, when it names a certificate id, this certificate's). Anything
   * malformed is simply false.
   */
  verifySignature(no: string, sig: string, cert: SignedFacts & { _id?: Types.ObjectId }): boolean {
    const match = SIG_PATTERN.exec(sig)
    const key = match ? this.publicKeys.get(match[1]!) : undefined
    if (!match || !key) return false
    const bytes = Buffer.from(match[2]!, 'base64url')
    // The last character carries 2 spare bits: only the one canonical spelling of a signature counts.
    if (bytes.length !== 64 || bytes.toString('base64url') !== match[2]) return false
    const valid = verify(null, canonicalFacts(cert), key, bytes)
    const locator = match[3] ? certificateIdIn(sig) : null
    const sameCertificate = !match[3] || (locator !== null && cert._id !== undefined && locator.equals(cert._id))
    return valid && no === cert.no && sameCertificate
  }

  private signWith(keyId: string, cert: SignedFacts): string {
    const key = this.privateKeys.get(keyId)
    if (!key) throw new Error(`certificate key "${keyId}" is no longer configured: keep retired keys in CERT_SIGNING_KEYS`)
    return `${keyId}.${sign(null, canonicalFacts(cert), key).toString('base64url')}`
  }
}
