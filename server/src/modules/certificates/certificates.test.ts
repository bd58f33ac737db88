import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { generateKeyPairSync } from 'node:crypto'
import type { Response } from 'supertest'
import { maskName, type Role } from '@qjt/shared'
import { buildTestApp, bearer, type TestApp } from '../../../test/helpers/app'
import { buildInstrument, buildOrg, buildUser, tokenFor } from '../../../test/helpers/factories'
import { InstrumentAudit } from '../instruments/audit.model'
import { Instrument } from '../instruments/model'
import type { OrganizationDoc } from '../organizations/model'
import { CertificateLookup, CertificateNumber } from './lookup.model'
import { Certificate } from './model'
import { CertificateSigner } from './signing'
import { buildCertificate, certificateFacts } from './testing'

const api = '/api/v1'
let now = new Date('2026-11-28T02:00:00Z')
let t: TestApp
let unitOrg: OrganizationDoc
let institutionOrg: OrganizationDoc
const auth: Partial<Record<'unit' | 'operator' | 'approver' | 'verifier' | 'otherUnit' | 'otherApprover' | 'regulator', ReturnType<typeof bearer>>> = {}

const newKey = () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }).toString('base64')

async function as(org: OrganizationDoc | null, role: Role) {
  const user = await buildUser(org ? { org, roles: [role] } : { roles: [role] })
  return bearer(tokenFor(t, user))
}

beforeAll(async () => {
  t = await buildTestApp({ clock: () => now, env: { CERT_LOOKUP_RATE_LIMIT: '10000' } })
  unitOrg = await buildOrg({ name: '阿拉善左旗巴彦浩特新华农贸市场' })
  institutionOrg = await buildOrg({ type: 'institution', name: '阿拉善盟检验检测中心', shortCode: 'ALSX', phone: '0483-8350096' })
  auth.unit = await as(unitOrg, 'unit_admin')
  auth.operator = await as(unitOrg, 'unit_operator')
  auth.approver = await as(institutionOrg, 'inst_approver')
  auth.verifier = await as(institutionOrg, 'inst_verifier')
  auth.otherUnit = await as(null, 'unit_admin')
  auth.otherApprover = await as(null, 'inst_approver')
  auth.regulator = await as(null, 'regulator')
})
afterAll(() => t.close())

const signer = () => t.app.services.certificateSigner
const issue = (overrides: Parameters<typeof buildCertificate>[1] = {}) => buildCertificate(signer(), { unitOrg, institutionOrg, ...overrides })

/** The `no` and `sig` a QR code carries, read from the certificate's verify URL. */
function qr(verifyUrl: string) {
  const params = new URLSearchParams(verifyUrl.split('?')[1])
  return { no: params.get('no')!, sig: params.get('sig')! }
}

const check = (no: string, sig: string, app = t) => app.request.get(`${api}/public/certificates/${encodeURIComponent(no)}`).query({ sig })

/** The URL the unit would find on its certificate. */
async function codeOf(no: string) {
  const res = await t.request.get(`${api}/certificates/${no}`).set(auth.unit!).expect(200)
  return qr(res.body.verifyUrl as string)
}

/** Flips one character of the signature part of `sig` (`kid.signature.id`). */
function tamper(sig: string) {
  const [kid, signature, id] = sig.split('.') as [string, string, string]
  const i = 10
  const flipped = signature.slice(0, i) + (signature[i] === 'A' ? 'B' : 'A') + signature.slice(i + 1)
  return [kid, flipped, id].join('.')
}

describe('扫码查验 GET /public/certificates/:no', () => {
  it('shows the key facts of a genuine certificate, without a login, the unit partly masked', async () => {
    const cert = await issue()
    const { no, sig } = await codeOf(cert.no)
    expect(no).toBe(cert.no)
    const res = await check(no, sig).expect(200)
    expect(res.headers['cache-control']).toBe('no-store')
    expect(res.body).toEqual({
      genuine: true,
      status: 'valid',
      no: cert.no,
      type: 'certificate',
      conclusion: 'pass',
      instrumentName: '电子计价秤',
      serialNo: cert.instrument.serialNo,
      unitName: maskName('阿拉善左旗巴彦浩特新华农贸市场'),
      institutionName: '阿拉善盟检验检测中心',
      institutionPhone: '0483-8350096',
      verifiedAt: '2026-11-27',
      validUntil: '2027-11-26',
    })
    expect(res.body.unitName).toBe('阿拉善左*********市场')
    expect(JSON.stringify(res.body)).not.toContain('新华')
  })

  it('answers a forged, altered or borrowed code, and an unknown number, with the same bare genuine: false', async () => {
    const cert = await issue()
    const other = await issue()
    const { no, sig } = await codeOf(cert.no)
    const theirs = await codeOf(other.no)
    const [kid, signature] = sig.split('.') as [string, string]
    const answers: Response[] = [
      await check(no, tamper(sig)), // a changed signature
      await check(no, `${kid}.${signature}`), // the signature without the certificate it names
      await check(no, sig.replace(/\.[^.]+$/, `.${theirs.sig.split('.')[2]}`)), // pointing at another certificate
      await check(other.no, sig), // the number changed
      await check(no, theirs.sig), // another certificate's signature
      await check('ALSX-2026-999999', sig), // a number nobody issued
      await check('ALSX-2026-999999', theirs.sig),
      await check(no, `nokey.${signature}.${sig.split('.')[2]}`), // a key we do not have
      await check(no, 'dev.bm90IGEgc2lnbmF0dXJl'), // garbage
    ]
    for (const res of answers) {
      expect(res.status).toBe(200)
      expect(res.body).toEqual({ genuine: false })
      expect(res.headers['cache-control']).toBe('no-store')
    }
  })

  it('accepts only the canonical spelling of a signature', async () => {
    const cert = await issue()
    const { no, sig } = await codeOf(cert.no)
    const [kid, signature, id] = sig.split('.') as [string, string, string]
    // The last base64url character of 64 bytes carries 2 spare bits; a different spelling of the same bytes is refused.
    const last = signature.at(-1)!
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    const twin = alphabet[(alphabet.indexOf(last) & ~3) | ((alphabet.indexOf(last) + 1) & 3)]!
    expect((await check(no, `${kid}.${signature.slice(0, -1)}${twin}.${id}`)).body).toEqual({ genuine: false })
    expect((await check(no, sig)).body.genuine).toBe(true)
  })

  it('refuses a request without a signature (400) and never asks for a login', async () => {
    const res = await t.request.get(`${api}/public/certificates/ALSX-2026-000001`).expect(400)
    expect(res.body.error.code).toBe('VALIDATION_FAILED')
  })

  it('says expired once 有效期至 has passed in China, and not a day before', async () => {
    const cert = await issue({ validUntil: '2027-11-26' })
    const { no, sig } = await codeOf(cert.no)
    const saved = now
    try {
      now = new Date('2027-11-26T15:59:00Z') // 2027-11-26 23:59 China time
      expect((await check(no, sig)).body.status).toBe('valid')
      now = new Date('2027-11-26T16:00:00Z') // 2027-11-27 00:00
      expect((await check(no, sig)).body).toMatchObject({ genuine: true, status: 'expired', validUntil: '2027-11-26' })
      const view = await t.request.get(`${api}/certificates/${no}`).set(auth.unit!).expect(200)
      expect(view.body.status).toBe('expired')
    } finally {
      now = saved
    }
  })

  it('says superseded when a newer certificate replaced it', async () => {
    const newer = await issue()
    const cert = await issue({ supersededBy: newer.no })
    const { no, sig } = await codeOf(cert.no)
    expect((await check(no, sig)).body).toMatchObject({ genuine: true, status: 'superseded' })
  })

  it('shows a notice as genuine, 不合格, with no 有效期至', async () => {
    const cert = await issue({ type: 'notice' })
    const { no, sig } = await codeOf(cert.no)
    expect((await check(no, sig)).body).toMatchObject({ genuine: true, status: 'valid', type: 'notice', conclusion: 'fail', validUntil: null })
  })

  it('counts every check and shows the genuine ones to the unit and the institution', async () => {
    const cert = await issue()
    const { no, sig } = await codeOf(cert.no)
    await Promise.all([check(no, sig), check(no, sig), check(no, sig), check(no, tamper(sig))])
    // Written in batches; reading the certificate stores what is waiting first.
    for (const who of [auth.unit!, auth.approver!]) {
      const res = await t.request.get(`${api}/certificates/${no}`).set(who).expect(200)
      expect(res.body.lookups).toBe(3)
    }
    expect(await CertificateLookup.countDocuments({ no })).toBe(4)
    expect(await CertificateLookup.countDocuments({ no, genuine: true })).toBe(3)
    await check('ALSX-2026-777777', sig)
    await t.app.services.certificates.flushLookups()
    expect(await CertificateLookup.countDocuments({ no: 'ALSX-2026-777777', genuine: false })).toBe(1)
    const list = await t.request.get(`${api}/certificates`).query({ no }).set(auth.unit!).expect(200)
    expect(list.body.items[0].lookups).toBe(3)
  })

  it('limits checks per client address: 429 beyond the allowance, other addresses unaffected', async () => {
    const limited = await buildTestApp({ env: { CERT_LOOKUP_RATE_LIMIT: '3', TRUST_PROXY: 'true' } })
    try {
      const cert = await buildCertificate(limited.app.services.certificateSigner, { unitOrg, institutionOrg })
      const { no, sig } = qr(limited.app.services.certificateSigner.verifyUrl(cert))
      const from = (ip: string) => check(no, sig, limited).set('X-Forwarded-For', ip)
      for (let i = 0; i < 3; i++) expect((await from('203.0.113.7')).status).toBe(200)
      const res = await from('203.0.113.7').expect(429)
      expect(res.body.error.code).toBe('RATE_LIMITED')
      expect(res.headers['retry-after']).toBeDefined()
      // Unknown numbers count against the allowance too.
      expect((await check('NOPE-2026-000001', sig, limited).set('X-Forwarded-For', '203.0.113.7')).status).toBe(429)
      expect((await from('198.51.100.2')).body.genuine).toBe(true)
    } finally {
      await limited.close()
    }
  })
})

describe('key rotation', () => {
  const k1 = newKey()
  const k2 = newKey()

  it('keeps verifying codes signed with an older key while new certificates are signed with the new one', async () => {
    const before = await buildTestApp({ env: { CERT_SIGNING_KEYS: `k1:${k1}` } })
    const after = await buildTestApp({ env: { CERT_SIGNING_KEYS: `k2:${k2},k1:${k1}` } })
    try {
      const old = await buildCertificate(before.app.services.certificateSigner, { unitOrg, institutionOrg })
      expect(old.keyId).toBe('k1')
      const fresh = await buildCertificate(after.app.services.certificateSigner, { unitOrg, institutionOrg })
      expect(fresh.keyId).toBe('k2')

      const oldCode = qr(after.app.services.certificateSigner.verifyUrl(old))
      expect(oldCode.sig.startsWith('k1.')).toBe(true)
      expect(oldCode).toEqual(qr(before.app.services.certificateSigner.verifyUrl(old)))
      expect((await check(oldCode.no, oldCode.sig, after)).body).toMatchObject({ genuine: true, no: old.no })

      const freshCode = qr(after.app.services.certificateSigner.verifyUrl(fresh))
      expect(freshCode.sig.startsWith('k2.')).toBe(true)
      expect((await check(freshCode.no, freshCode.sig, after)).body.genuine).toBe(true)
      // The app that never had k2 cannot vouch for it; nor can anyone for the development key.
      expect((await check(freshCode.no, freshCode.sig, before)).body).toEqual({ genuine: false })
      const devSigned = await issue()
      const devCode = qr(signer().verifyUrl(devSigned))
      expect((await check(devCode.no, devCode.sig, after)).body).toEqual({ genuine: false })
    } finally {
      await before.close()
      await after.close()
    }
  })

  it('signs with the key CERT_SIGNING_KEY_ID names', async () => {
    const pinned = await buildTestApp({ env: { CERT_SIGNING_KEYS: `k2:${k2},k1:${k1}`, CERT_SIGNING_KEY_ID: 'k1' } })
    try {
      expect(pinned.app.services.certificateSigner.signCertificate(certificateFacts()).keyId).toBe('k1')
    } finally {
      await pinned.close()
    }
  })

  it('signs the same facts the same way every time, so the stored key id is all the URL needs', () => {
    const a = new CertificateSigner([{ id: 'k1', pkcs8: k1 }], 'k1', 'https://qjt.example.cn')
    const facts = certificateFacts()
    expect(a.signCertificate(facts)).toEqual(a.signCertificate({ ...facts }))
    expect(a.signCertificate({ ...facts, validUntil: '2099-01-01' }).sig).not.toBe(a.signCertificate(facts).sig)
  })
})

describe('reading certificates', () => {
  it('shows the unit its certificate, with the URL its QR code encodes', async () => {
    const cert = await issue()
    for (const who of [auth.unit!, auth.operator!, auth.approver!, auth.verifier!]) {
      const res = await t.request.get(`${api}/certificates/${cert.no}`).set(who).expect(200)
      expect(res.body).toMatchObject({
        no: cert.no,
        type: 'certificate',
        status: 'valid',
        conclusionText: 'Ⅲ级 合格',
        unit: { id: String(unitOrg._id), name: '阿拉善左旗巴彦浩特新华农贸市场' },
        institution: { id: String(institutionOrg._id), name: '阿拉善盟检验检测中心' },
        verifier: { name: '王建国', at: '2026-11-27T02:12:00.000Z' },
        revoked: null,
        lookups: 0,
      })
      expect(res.body.verifyUrl).toMatch(new RegExp(`^http://127\\.0\\.0\\.1:3000/#/verify\\?no=${cert.no}&sig=dev\\.[A-Za-z0-9_-]{86}\\.[A-Za-z0-9_-]{16}$`))
      expect(res.body.points[0]).toEqual({ item: '示值误差', nominal: '0.100', indication: '0.100', mpe: '0.005', unit: 'kg', error: '0.000', passed: true })
    }
  })

  it("answers 404 to another unit and another institution, 403 to a regulator, 401 without a login", async () => {
    const cert = await issue()
    for (const path of [`/certificates/${cert.no}`, `/certificates/${cert.no}/pdf`]) {
      for (const who of [auth.otherUnit!, auth.otherApprover!]) {
        const res = await t.request.get(`${api}${path}`).set(who).expect(404)
        expect(res.body.error.code).toBe('CERTIFICATE_NOT_FOUND')
      }
      await t.request.get(`${api}${path}`).set(auth.regulator!).expect(403)
      await t.request.get(`${api}${path}`).expect(401)
    }
    const unknown = await t.request.get(`${api}/certificates/ALSX-2026-424242`).set(auth.unit!).expect(404)
    expect(unknown.body.error.code).toBe('CERTIFICATE_NOT_FOUND')
  })

  it('lists the unit its own and the institution what it issued, newest first, with filters', async () => {
    const unit = await buildOrg()
    const admin = bearer(tokenFor(t, await buildUser({ org: unit, roles: ['unit_admin'] })))
    const inst = await buildOrg({ type: 'institution', shortCode: 'LSTX' })
    const instUser = bearer(tokenFor(t, await buildUser({ org: inst, roles: ['inst_verifier'] })))
    const at = (d: string) => new Date(`${d}T08:00:00Z`)
    const a = await buildCertificate(signer(), { unitOrg: unit, institutionOrg: inst, issuedAt: at('2026-10-01'), validUntil: '2026-11-01' })
    const b = await buildCertificate(signer(), { unitOrg: unit, institutionOrg: inst, issuedAt: at('2026-11-01'), revokedAt: at('2026-11-02'), revokeReason: '录入错误' })
    const c = await buildCertificate(signer(), { unitOrg: unit, institutionOrg: institutionOrg, issuedAt: at('2026-11-20') })
    await buildCertificate(signer(), { institutionOrg: inst, issuedAt: at('2026-11-21') }) // another unit's

    const mine = await t.request.get(`${api}/certificates`).set(admin).expect(200)
    expect(mine.body).toMatchObject({ total: 3, page: 1, pageSize: 10 })
    expect(mine.body.items.map((i: { no: string }) => i.no)).toEqual([c.no, b.no, a.no])

    const issued = await t.request.get(`${api}/certificates`).set(instUser).expect(200)
    expect(issued.body.total).toBe(3)
    expect(issued.body.items.map((i: { no: string }) => i.no)).not.toContain(c.no)

    const byStatus = async (status: string) =>
      (await t.request.get(`${api}/certificates`).query({ status }).set(admin).expect(200)).body.items.map((i: { no: string }) => i.no)
    expect(await byStatus('expired')).toEqual([a.no])
    expect(await byStatus('revoked')).toEqual([b.no])
    expect(await byStatus('valid')).toEqual([c.no])
    expect(await byStatus('superseded')).toEqual([])

    const byNo = await t.request.get(`${api}/certificates`).query({ no: c.no.slice(0, 8).toLowerCase() }).set(admin).expect(200)
    expect(byNo.body.items.map((i: { no: string }) => i.no)).toEqual([c.no])
    const byInstrument = await t.request.get(`${api}/certificates`).query({ instrumentId: String(a.instrumentId) }).set(admin).expect(200)
    expect(byInstrument.body.items.map((i: { no: string }) => i.no)).toEqual([a.no])
    const page2 = await t.request.get(`${api}/certificates`).query({ page: 2, pageSize: 2 }).set(admin).expect(200)
    expect(page2.body).toMatchObject({ total: 3, page: 2, pageSize: 2 })
    expect(page2.body.items.map((i: { no: string }) => i.no)).toEqual([a.no])

    await t.request.get(`${api}/certificates`).query({ status: 'lost' }).set(admin).expect(400)
    await t.request.get(`${api}/certificates`).set(auth.regulator!).expect(403)
  })

  it('finds a certificate whose number was never registered, and registers it', async () => {
    const facts = certificateFacts({ orgId: unitOrg._id, institutionId: institutionOrg._id })
    const created = await Certificate.create({ ...facts, keyId: signer().keyId })
    expect(await CertificateNumber.findById(facts.no)).toBeNull()
    const res = await t.request.get(`${api}/certificates/${facts.no}`).set(auth.unit!).expect(200)
    expect((await CertificateNumber.findById(facts.no).lean())?.certificateId.equals(created._id)).toBe(true)
    // The public check never needed it: the code names the certificate.
    const { no, sig } = qr(res.body.verifyUrl as string)
    expect((await check(no, sig)).body.genuine).toBe(true)
  })
})

describe('GET /certificates/:no/pdf', () => {
  it('sends the PDF with a UTF-8 file name, and its text says what the certificate says', async () => {
    const cert = await issue()
    const res = await t.request
      .get(`${api}/certificates/${cert.no}/pdf`)
      .set(auth.unit!)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = []
        r.on('data', (c: Buffer) => chunks.push(c))
        r.on('end', () => done(null, Buffer.concat(chunks)))
      })
      .expect(200)
    expect(res.headers['content-type']).toBe('application/pdf')
    expect(res.headers['content-disposition']).toContain(`filename="certificate_${cert.no}.pdf"`)
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(`检定证书_${cert.no}.pdf`)}`)
    const body = res.body as Buffer
    expect(body.subarray(0, 5).toString()).toBe('%PDF-')
    const file = path.join(os.tmpdir(), `qjt-cert-${process.pid}.pdf`)
    fs.writeFileSync(file, body)
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
    fs.rmSync(file)
    for (const expected of [cert.no, '阿拉善左旗巴彦浩特新华农贸市场', '电子计价秤', cert.instrument.serialNo, 'Ⅲ级合格', '2026年11月27日', '2027年11月26日']) {
      expect(text).toContain(expected)
    }
  })
})

describe('撤销 POST /certificates/:no/revoke', () => {
  it("is the issuing institution's approver's: others get 403 or 404, a short reason 400", async () => {
    const cert = await issue()
    const body = { reason: '出厂编号录入错误' }
    await t.request.post(`${api}/certificates/${cert.no}/revoke`).set(auth.verifier!).send(body).expect(403)
    await t.request.post(`${api}/certificates/${cert.no}/revoke`).set(auth.unit!).send(body).expect(403)
    const foreign = await t.request.post(`${api}/certificates/${cert.no}/revoke`).set(auth.otherApprover!).send(body).expect(404)
    expect(foreign.body.error.code).toBe('CERTIFICATE_NOT_FOUND')
    const short = await t.request.post(`${api}/certificates/${cert.no}/revoke`).set(auth.approver!).send({ reason: '错' }).expect(400)
    expect(short.body.error.details[0].path).toBe('reason')
    expect((await Certificate.findById(cert._id).lean())?.revokedAt).toBeNull()
  })

  it('marks it 已撤销 for the unit, the QR check and the PDF; a second revocation is refused', async () => {
    const cert = await issue()
    const { no, sig } = await codeOf(cert.no)
    const res = await t.request.post(`${api}/certificates/${cert.no}/revoke`).set(auth.approver!).send({ reason: '出厂编号录入错误' }).expect(200)
    expect(res.body).toMatchObject({ status: 'revoked', revoked: { at: now.toISOString(), reason: '出厂编号录入错误' } })
    expect((await t.request.get(`${api}/certificates/${cert.no}`).set(auth.unit!).expect(200)).body.status).toBe('revoked')
    expect((await check(no, sig)).body).toMatchObject({ genuine: true, status: 'revoked' })

    const again = await t.request.post(`${api}/certificates/${cert.no}/revoke`).set(auth.approver!).send({ reason: '再次撤销' }).expect(422)
    expect(again.body.error.code).toBe('CERTIFICATE_ALREADY_REVOKED')

    const pdf = await t.app.services.certificates.pdf({ userId: 'x', name: 'x', orgId: String(unitOrg._id), orgType: 'unit', roles: ['unit_admin'] }, cert.no)
    const file = path.join(os.tmpdir(), `qjt-revoked-${process.pid}.pdf`)
    fs.writeFileSync(file, pdf.pdf)
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, '')
    fs.rmSync(file)
    expect(text).toContain('撤销：出厂编号录入错误')
  })

  it('takes 有效期至 and 证书编号 off the ledger row it stood behind, with a trail entry', async () => {
    const row = await buildInstrument({ org: unitOrg })
    const cert = await issue({ instrumentId: row._id, validUntil: '2027-11-27' })
    await Instrument.updateOne({ _id: row._id }, { $set: { certificateId: cert._id, certificateNo: cert.no, validUntil: '2027-11-27', verifyStatus: 'verified', verifyResult: 'pass', institutionName: '阿拉善盟检验检测中心' } })
    await t.request.post(`${api}/certificates/${cert.no}/revoke`).set(auth.approver!).send({ reason: '出厂编号录入错误' }).expect(200)

    const detail = await t.request.get(`${api}/instruments/${String(row._id)}`).set(auth.unit!).expect(200)
    expect(detail.body).toMatchObject({ certificateNo: null, validUntil: null, verifyStatus: 'unverified', verifyResult: null, institutionName: '阿拉善盟检验检测中心' })
    const trail = await InstrumentAudit.find({ instrumentId: row._id }).lean()
    expect(trail).toHaveLength(1)
    expect(trail[0]).toMatchObject({ action: 'revoke', note: `阿拉善盟检验检测中心撤销证书 ${cert.no}：出厂编号录入错误` })
    expect(trail[0]!.changes).toEqual(expect.arrayContaining([{ field: 'validUntil', from: '2027-11-27', to: null }, { field: 'verifyStatus', from: 'verified', to: 'unverified' }]))
  })

  it('finishes the ledger step a revocation cut short when it is tried again, and leaves newer certificates alone', async () => {
    const row = await buildInstrument({ org: unitOrg })
    const cert = await issue({ instrumentId: row._id })
    await Instrument.updateOne({ _id: row._id }, { $set: { certificateId: cert._id, certificateNo: cert.no, validUntil: '2027-11-27', verifyStatus: 'verified', verifyResult: 'pass' } })
    // The process died after marking the certificate and before the ledger.
    await Certificate.updateOne({ _id: cert._id }, { $set: { revokedAt: now, revokeReason: '重复出具' } })
    const again = await t.request.post(`${api}/certificates/${cert.no}/revoke`).set(auth.approver!).send({ reason: '重复出具' }).expect(422)
    expect(again.body.error.code).toBe('CERTIFICATE_ALREADY_REVOKED')
    expect(await Instrument.findById(row._id).lean()).toMatchObject({ certificateNo: null, validUntil: null, verifyStatus: 'unverified' })
    await t.request.post(`${api}/certificates/${cert.no}/revoke`).set(auth.approver!).send({ reason: '重复出具' }).expect(422)
    expect(await InstrumentAudit.countDocuments({ instrumentId: row._id })).toBe(1)

    const older = await issue({ instrumentId: row._id })
    const newer = await issue({ instrumentId: row._id })
    await Instrument.updateOne({ _id: row._id }, { $set: { certificateId: newer._id, certificateNo: newer.no, validUntil: '2027-11-27', verifyStatus: 'verified' } })
    await t.request.post(`${api}/certificates/${older.no}/revoke`).set(auth.approver!).send({ reason: '旧证书作废' }).expect(200)
    expect(await Instrument.findById(row._id).lean()).toMatchObject({ certificateNo: newer.no, validUntil: '2027-11-27', verifyStatus: 'verified' })
  })

  it('lets exactly one of two concurrent revocations through', async () => {
    const cert = await issue()
    const results = await Promise.all(
      ['原因一：录入错误', '原因二：重复出具'].map((reason) => t.request.post(`${api}/certificates/${cert.no}/revoke`).set(auth.approver!).send({ reason })),
    )
    expect(results.map((r) => r.status).sort()).toEqual([200, expect.any(Number)])
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.map((r) => r.status).filter((s) => s !== 200)[0]).toBeGreaterThanOrEqual(409)
  })
})
