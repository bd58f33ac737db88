import { generateKeyPairSync } from 'node:crypto'
import { Types } from 'mongoose'
import { EnvError, loadEnv } from '@qjt/config'
import { CertificateSigner, canonicalFacts, certificateIdIn } from './signing'
import { certificateFacts } from './testing'

const newKey = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64')
const PRODUCTION = {
  NODE_ENV: 'production',
  JWT_SECRET: 'x'.repeat(40),
  WECHAT_APPID: 'wx0000000000000000',
  WECHAT_SECRET: 'secret',
  MONGODB_URI: 'mongodb://127.0.0.1:1/',
  PUBLIC_BASE_URL: 'https://qjt.example.cn',
}

describe('certificate keys in configuration', () => {
  it('refuses to start in production without keys: the development key is public', () => {
    expect(() => loadEnv(PRODUCTION)).toThrow(EnvError)
    expect(() => loadEnv(PRODUCTION)).toThrow(/CERT_SIGNING_KEYS/)
    const config = loadEnv({ ...PRODUCTION, CERT_SIGNING_KEYS: `prod1:${newKey()}` })
    expect(config.certificates.keys.map((k) => k.id)).toEqual(['prod1'])
    expect(config.certificates.signingKeyId).toBe('prod1')
  })

  it('gives development and tests one fixed key, the same in every process', () => {
    const a = loadEnv({ NODE_ENV: 'test' }).certificates
    const b = loadEnv({ NODE_ENV: 'development' }).certificates
    expect(a.signingKeyId).toBe('dev')
    expect(a.keys).toEqual(b.keys)
  })

  it.each([
    ['a key that is not one', 'k1:bm90IGEga2V5'],
    ['a missing key id', newKey()],
    ['a key id with a dot', `k.1:${newKey()}`],
    ['the same key id twice', `k1:${newKey()},k1:${newKey()}`],
    ['an RSA key', `k1:${generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64')}`],
  ])('stops the start with %s', (_what, value) => {
    expect(() => loadEnv({ NODE_ENV: 'test', CERT_SIGNING_KEYS: value })).toThrow(/CERT_SIGNING_KEYS/)
  })

  it('stops the start when CERT_SIGNING_KEY_ID names no configured key', () => {
    expect(() => loadEnv({ NODE_ENV: 'test', CERT_SIGNING_KEYS: `k1:${newKey()}`, CERT_SIGNING_KEY_ID: 'k9' })).toThrow(/CERT_SIGNING_KEY_ID/)
  })
})

describe('CertificateSigner', () => {
  const k1 = newKey()
  const k2 = newKey()
  const old = new CertificateSigner([{ id: 'k1', pkcs8: k1 }], 'k1', 'https://qjt.example.cn')
  const rotated = new CertificateSigner(
    [
      { id: 'k2', pkcs8: k2 },
      { id: 'k1', pkcs8: k1 },
    ],
    'k2',
    'https://qjt.example.cn',
  )
  const issued = (signer: CertificateSigner) => {
    const facts = certificateFacts({ no: 'ALSM-2026-000123' })
    return { ...facts, _id: new Types.ObjectId(), keyId: signer.signCertificate(facts).keyId }
  }

  it('puts the key id, the signature and the certificate id in a short sig', () => {
    const cert = issued(old)
    const sig = old.signatureOf(cert)
    expect(sig).toMatch(/^k1\.[A-Za-z0-9_-]{86}\.[A-Za-z0-9_-]{16}$/)
    expect(certificateIdIn(sig)?.equals(cert._id)).toBe(true)
    expect(old.verifyUrl(cert)).toBe(`https://qjt.example.cn/#/verify?no=ALSM-2026-000123&sig=${sig}`)
    expect(old.verifyUrl(cert).length).toBeLessThan(200)
  })

  it('verifies what it signed, and nothing altered', () => {
    const cert = issued(old)
    const sig = old.signatureOf(cert)
    expect(old.verifySignature(cert.no, sig, cert)).toBe(true)
    expect(old.verifySignature(cert.no, old.signCertificate(cert).sig, cert)).toBe(true)
    expect(old.verifySignature('ALSM-2026-000124', sig, cert)).toBe(false)
    for (const change of [
      { conclusion: 'fail' as const },
      { type: 'notice' as const },
      { verifiedAt: '2026-11-28' },
      { validUntil: '2028-11-26' },
      { institutionId: new Types.ObjectId() },
      { instrument: { ...cert.instrument, serialNo: 'OTHER' } },
      { _id: new Types.ObjectId() },
    ]) {
      expect([change, old.verifySignature(cert.no, sig, { ...cert, ...change })]).toEqual([change, false])
    }
  })

  it('after a rotation signs with the new key and still verifies the old one', () => {
    const before = issued(old)
    const after = issued(rotated)
    expect(after.keyId).toBe('k2')
    expect(rotated.signatureOf(before)).toBe(old.signatureOf(before))
    expect(rotated.verifySignature(before.no, old.signatureOf(before), before)).toBe(true)
    expect(old.verifySignature(after.no, rotated.signatureOf(after), after)).toBe(false)
    expect(() => old.verifyUrl(after)).toThrow(/no longer configured/)
  })

  it('signs fields that cannot run into one another', () => {
    const a = certificateFacts({ no: 'A', verifiedAt: 'B-C' })
    const b = certificateFacts({ ...a, no: 'A-B', verifiedAt: 'C' })
    expect(canonicalFacts(a).equals(canonicalFacts(b))).toBe(false)
  })
})
