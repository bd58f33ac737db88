/**
 * npm run bench:certificates [-- --backend=sqlite|postgresql|uri] [--certs=2000] [--pdfs=60] [--requests=3000] [--clients=50]
 *
 * Issues `certs` certificates straight into a fresh database, then measures PDF rendering (one
 * thread, then two worker threads) and the public QR check under `clients` concurrent clients
 * (autocannon): genuine codes mixed with forged ones, then unknown numbers against genuine ones
 * to compare their timing, then what the unit's detail page costs once the checks are counted.
 * The same clients against /healthz (no database) show what the machine and the load generator,
 * which shares the server's process, allow at all. The check reads one certificate by `_id`,
 * which on FerretDB's SQLite backend uses the index `syncAllIndexes` adds; counting the checks
 * for the unit's page still reads every recorded check.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import autocannon from 'autocannon'
import mongoose, { Types } from 'mongoose'
import pino from 'pino'
import { loadEnv } from '@qjt/config'
import { createApp } from '../src/app'
import { connectDatabase, syncAllIndexes } from '../src/db/connect'
import '../src/models'
import { CertificateLookup, CertificateNumber } from '../src/modules/certificates/lookup.model'
import { foldLookups } from '../src/modules/certificates/lookups'
import { Certificate, type CertificateDoc } from '../src/modules/certificates/model'
import { renderCertificatePdf } from '../src/modules/certificates/pdf'
import { certificateFacts } from '../src/modules/certificates/testing'
import { WechatClient } from '../src/wechat/client'
import { argValue, benchDatabase, fmt, percentiles, type Backend } from './backends'
import { makeUnits } from './fixtures'

const log = (...args: unknown[]) => console.log(...args)

async function main() {
  const backend = argValue('backend', 'sqlite') as Backend
  const certCount = Number(argValue('certs', '2000'))
  const pdfCount = Number(argValue('pdfs', '60'))
  const requests = Number(argValue('requests', '3000'))
  const clients = Number(argValue('clients', '50'))

  const db = await benchDatabase(backend)
  log(`database: ${db.label}`)
  await connectDatabase(db.uri, 'bench_certificates')
  await mongoose.connection.dropDatabase()
  await syncAllIndexes(db.sqliteDir)

  const config = loadEnv({ NODE_ENV: 'test', SERVE_H5: 'false', LOG_LEVEL: 'silent', CERT_LOOKUP_RATE_LIMIT: String(10 * requests) })
  const { app, services } = createApp({
    config,
    logger: pino({ level: 'silent' }),
    wechat: new WechatClient({ ...config.wechat, apiBase: 'http://127.0.0.1:9' }),
    clock: () => new Date(),
  })
  const signer = services.certificateSigner

  let t0 = Date.now()
  const units = await makeUnits(20, '证书基准')
  const institutionId = new Types.ObjectId()
  const certs: CertificateDoc[] = []
  for (let start = 0; start < certCount; start += 1000) {
    const batch = Array.from({ length: Math.min(1000, certCount - start) }, (_, j) => {
      const i = start + j
      const unit = units[i % units.length]!
      const facts = certificateFacts({ type: i % 10 === 9 ? 'notice' : 'certificate', orgId: unit.org._id, institutionId })
      const at = facts.issuedAt
      return { ...facts, unit: { ...facts.unit, name: unit.org.name }, _id: new Types.ObjectId(), keyId: signer.signCertificate(facts).keyId, version: 0, createdAt: at, updatedAt: at }
    })
    await Certificate.collection.insertMany(batch as never[])
    await CertificateNumber.collection.insertMany(batch.map((c) => ({ _id: c.no, certificateId: c._id })) as never[])
    certs.push(...(batch as CertificateDoc[]))
  }
  log(`issued ${certs.length.toLocaleString()} certificates in ${((Date.now() - t0) / 1000).toFixed(1)} s`)

  // PDFs, one thread: distinct certificates, fonts already loaded.
  const jobs = certs.slice(0, pdfCount).map((cert) => ({ cert, url: signer.verifyUrl(cert) }))
  await renderCertificatePdf(jobs[0]!.cert, jobs[0]!.url)
  const pdfMs: number[] = []
  t0 = performance.now()
  for (const job of jobs) {
    const s = performance.now()
    await renderCertificatePdf(job.cert, job.url)
    pdfMs.push(performance.now() - s)
  }
  const sequentialRate = jobs.length / ((performance.now() - t0) / 1000)
  const pdfStats = percentiles(pdfMs)
  log(`PDF, one thread: ${sequentialRate.toFixed(1)} /s (p50 ${fmt(pdfStats.p50)}, p95 ${fmt(pdfStats.p95)})`)
  const parallelRate = await workers(jobs, 2)
  log(`PDF, 2 worker threads: ${parallelRate.toFixed(1)} /s`)

  const server = http.createServer(app.callback())
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const pick = () => certs[Math.floor(Math.random() * certs.length)]!
  const pathOf = (no: string, sig: string) => `/api/v1/public/certificates/${encodeURIComponent(no)}?sig=${sig}`
  const genuinePath = () => {
    const c = pick()
    return pathOf(c.no, signer.signatureOf(c))
  }
  const forgedPath = () => {
    const c = pick()
    const sig = signer.signatureOf(c)
    return pathOf(c.no, sig.replace(/\.(.)/, (_m, ch: string) => `.${ch === 'A' ? 'B' : 'A'}`))
  }
  /** A number nobody issued, with a code that names no certificate. */
  const unknownPath = () => {
    const c = pick()
    const fake = { ...c, _id: new Types.ObjectId(), no: `${c.no.slice(0, -6)}9${c.no.slice(-5)}` }
    return pathOf(fake.no, signer.signatureOf(fake))
  }

  const ceiling = await load(base, ['/healthz'], requests, clients)
  log(`/healthz, ${clients} clients: p50 ${fmt(ceiling.p50)} p95 ${fmt(ceiling.p95)}, ${ceiling.rps.toFixed(0)} req/s`)
  const mixed = await load(base, Array.from({ length: 500 }, (_, i) => (i % 10 === 0 ? forgedPath() : genuinePath())), requests, clients)
  log(`public check, ${clients} clients, 90% genuine / 10% forged: p50 ${fmt(mixed.p50)} p95 ${fmt(mixed.p95)} p99 ${fmt(mixed.p99)}, ${mixed.rps.toFixed(0)} req/s, ${mixed.errors} non-200`)
  const parityN = Math.max(1000, Math.round(requests / 5))
  const genuine = await load(base, Array.from({ length: 300 }, genuinePath), parityN, clients)
  const unknown = await load(base, Array.from({ length: 300 }, unknownPath), parityN, clients)
  log(`timing parity: genuine p50 ${fmt(genuine.p50)} / p95 ${fmt(genuine.p95)}; unknown numbers p50 ${fmt(unknown.p50)} / p95 ${fmt(unknown.p95)}`)

  // The unit's detail page counts the checks: first with every check still recorded one by one,
  // then once the periodic fold has turned them into per-number totals.
  await services.certificates.flushLookups()
  const events = await CertificateLookup.estimatedDocumentCount()
  const owner = units[0]!
  const token = services.auth.issue({ _id: owner.user._id, roles: ['unit_admin'], orgId: owner.org._id, name: owner.user.name } as never).token
  const ownCerts = certs.filter((c) => c.orgId.equals(owner.org._id)).slice(0, 100)
  const detailPaths = ownCerts.map((c) => `/api/v1/certificates/${c.no}`)
  const detail = await load(base, detailPaths, 200, 10, { authorization: `Bearer ${token}` })
  log(`GET /certificates/:no with ${events.toLocaleString()} checks not folded: p50 ${fmt(detail.p50)} p95 ${fmt(detail.p95)} (10 clients)`)
  t0 = Date.now()
  let folded = 0
  for (let n = -1; n !== 0; folded += n) n = await foldLookups()
  const foldRate = folded / ((Date.now() - t0) / 1000)
  const foldedDetail = await load(base, detailPaths, 200, 10, { authorization: `Bearer ${token}` })
  log(`folded ${folded.toLocaleString()} checks at ${foldRate.toFixed(0)} /s; GET /certificates/:no after: p50 ${fmt(foldedDetail.p50)} p95 ${fmt(foldedDetail.p95)}`)

  log('\n| measure | figure | target |\n|---|---|---|')
  log(`| PDFs per second, one thread (${jobs.length} distinct certificates) | ${sequentialRate.toFixed(1)} /s (p50 ${fmt(pdfStats.p50)} each) | |`)
  log(`| PDFs per second, 2 worker threads | ${parallelRate.toFixed(1)} /s | |`)
  log(`| public check p50 / p95 / p99, ${clients} clients, 90% genuine | ${fmt(mixed.p50)} / ${fmt(mixed.p95)} / ${fmt(mixed.p99)} (${mixed.rps.toFixed(0)} req/s) | p95 ≤ 20 ms |`)
  log(`| the same clients against /healthz (no database) | ${fmt(ceiling.p50)} / ${fmt(ceiling.p95)} (${ceiling.rps.toFixed(0)} req/s) | |`)
  log(`| public check p50 / p95: genuine vs unknown number | ${fmt(genuine.p50)} / ${fmt(genuine.p95)} vs ${fmt(unknown.p50)} / ${fmt(unknown.p95)} | similar |`)
  log(`| GET /certificates/:no p50 / p95, ${events.toLocaleString()} checks not folded yet | ${fmt(detail.p50)} / ${fmt(detail.p95)} | |`)
  log(`| the same once folded into totals (${foldRate.toFixed(0)} checks folded per second) | ${fmt(foldedDetail.p50)} / ${fmt(foldedDetail.p95)} | |`)
  log(`(${db.label}; ${certs.length.toLocaleString()} certificates; ${requests.toLocaleString()} checks in the mixed run)`)

  server.close()
  await mongoose.disconnect()
  await db.stop()
}

/** Renders `jobs` split over `threads` worker threads; PDFs per second once all are ready. */
async function workers(jobs: { cert: CertificateDoc; url: string }[], threads: number): Promise<number> {
  const file = path.join(__dirname, 'certificates-pdf-worker.ts')
  const parts = Array.from({ length: threads }, (_, i) => jobs.filter((_, j) => j % threads === i))
  // Worker threads do not inherit tsx's loader: each registers it before loading the TypeScript worker.
  const boot = `require('tsx/cjs/api').register(); require(${JSON.stringify(file)})`
  const started = parts.map((part) => new Worker(boot, { eval: true, workerData: part }))
  await Promise.all(started.map((w) => new Promise((resolve) => w.once('message', resolve))))
  const t0 = performance.now()
  const finished = started.map((w) => new Promise((resolve) => w.once('message', resolve)))
  for (const w of started) w.postMessage('go')
  await Promise.all(finished)
  const rate = jobs.length / ((performance.now() - t0) / 1000)
  await Promise.all(started.map((w) => w.terminate()))
  return rate
}

/** `clients` connections cycling through `paths`, `amount` requests in all; latencies as the client saw them. */
async function load(base: string, paths: string[], amount: number, clients: number, headers: Record<string, string> = {}) {
  const latencies: number[] = []
  let errors = 0
  const started = performance.now()
  await new Promise<void>((resolve, reject) => {
    const instance = autocannon(
      { url: base, connections: clients, amount, timeout: 60, headers, requests: paths.map((p) => ({ method: 'GET' as const, path: p })) },
      (err) => (err ? reject(err) : resolve()),
    )
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status !== 200) errors++
      latencies.push(ms)
    })
  })
  return { ...percentiles(latencies), errors, rps: latencies.length / ((performance.now() - started) / 1000) }
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
