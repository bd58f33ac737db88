/**
 * npm run bench:ledger [-- --backend=sqlite|postgresql|uri] [--scale=1] [--units=1000] [--requests=20] [--clients=10] [--list=false]
 *
 * Seeds 100,000 instruments in one unit and 1,000,000 across 1,000 units, then measures:
 * GET /instruments with typical filters under 10 concurrent clients (autocannon), the same
 * queries straight through the driver, a 10,000-row import and a 100,000-row export. `--scale`
 * shrinks both, `--units` sets the number of small units alone, `--list=false` skips the list
 * measures (on FerretDB each list request reads the whole collection, so they dominate the run).
 */
import fs from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import autocannon from 'autocannon'
import ExcelJS from 'exceljs'
import mongoose, { type Types } from 'mongoose'
import pino from 'pino'
import { loadEnv } from '@qjt/config'
import { createApp } from '../src/app'
import type { Actor } from '../src/core/context'
import { connectDatabase, syncAllIndexes } from '../src/db/connect'
import '../src/models'
import { exportLedger } from '../src/modules/instruments/excel/export'
import { IMPORT_COLUMNS } from '../src/modules/instruments/excel/columns'
import { importLedger } from '../src/modules/instruments/excel/import'
import { Instrument } from '../src/modules/instruments/model'
import { LEDGER_SORT, ledgerFilter } from '../src/modules/instruments/query'
import { seedAll } from '../src/seed'
import { WechatClient } from '../src/wechat/client'
import { argValue, benchDatabase, fmt, percentiles, type Backend } from './backends'
import { makeInstruments, makeUnits } from './fixtures'
import { chinaToday, type InstrumentListQuery } from '@qjt/shared'

const QUERIES: Record<string, string> = {
  '首页（默认排序）': 'page=1&pageSize=10',
  '在用': 'status=in_use&page=1&pageSize=10',
  '已检 第2页': 'verifyStatus=verified&page=2&pageSize=10',
  '逾期': 'overdue=true&page=1&pageSize=10',
  '二级目录+在用': 'level2Code=0101&status=in_use&page=1&pageSize=10',
}

const log = (...args: unknown[]) => console.log(...args)

async function main() {
  const backend = argValue('backend', 'sqlite') as Backend
  const scale = Number(argValue('scale', '1'))
  const requests = Number(argValue('requests', '20'))
  const clients = Number(argValue('clients', '10'))
  const bigRows = Math.round(100_000 * scale)
  const units = Number(argValue('units', String(Math.max(2, Math.round(1000 * scale)))))
  const measureList = argValue('list', 'true') !== 'false'
  const perUnit = 1000

  const db = await benchDatabase(backend)
  log(`database: ${db.label}`)
  await connectDatabase(db.uri, 'bench_ledger')
  await mongoose.connection.dropDatabase()
  await syncAllIndexes(db.sqliteDir)
  await seedAll({ log: pino({ level: 'silent' }) })

  let t0 = Date.now()
  const [big] = await makeUnits(1, '基准大型市场')
  const small = await makeUnits(units, '基准摊位')
  await makeInstruments(big!.org._id, bigRows, 'B')
  for (const [i, u] of small.entries()) {
    await makeInstruments(u.org._id, perUnit, `S${i}-`)
    if ((i + 1) % 100 === 0) log(`  seeded ${i + 1}/${units} units`)
  }
  const total = await Instrument.estimatedDocumentCount()
  log(`seeded ${total.toLocaleString()} instruments in ${((Date.now() - t0) / 1000).toFixed(0)} s`)

  const config = loadEnv({ NODE_ENV: 'test', SERVE_H5: 'false', LOG_LEVEL: 'silent' })
  const { app, services } = createApp({
    config,
    logger: pino({ level: 'silent' }),
    wechat: new WechatClient({ ...config.wechat, apiBase: 'http://127.0.0.1:9' }),
    clock: () => new Date(),
  })
  const server = http.createServer(app.callback())
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const bigActor = actorOf(big!)
  const smallActor = actorOf(small[Math.floor(units / 2)]!)

  const results: Record<string, unknown>[] = []
  for (const [who, actor] of (measureList ? [
    [`${bigRows.toLocaleString()} 行的单位`, bigActor],
    [`${perUnit.toLocaleString()} 行的单位`, smallActor],
  ] : []) as [string, Actor][]) {
    const token = services.auth.issue({ _id: new mongoose.Types.ObjectId(actor.userId), roles: actor.roles, orgId: new mongoose.Types.ObjectId(actor.orgId!), name: actor.name } as never).token
    const api = await loadTest(base, token, requests, clients)
    const driver = await driverLoad(actor, requests, clients)
    results.push({ unit: who, api, driver })
    log(`${who}: API p50 ${fmt(api.p50)} p95 ${fmt(api.p95)} p99 ${fmt(api.p99)} (${api.n} requests, ${api.errors} errors); driver p50 ${fmt(driver.p50)} p95 ${fmt(driver.p95)} p99 ${fmt(driver.p99)} (${driver.n}); API/driver p95 ×${(api.p95 / driver.p95).toFixed(2)}`)
  }

  // Import: 10,000 rows into a unit of its own.
  const [importer] = await makeUnits(1, '导入基准')
  const file = await importFile(10_000)
  t0 = Date.now()
  const report = await importLedger({ instruments: services.instruments, reference: services.reference }, actorOf(importer!), file)
  const importMs = Date.now() - t0
  log(`import of 10,000 rows (${(file.length / 1024).toFixed(0)} KB): ${(importMs / 1000).toFixed(1)} s — created ${report.created}, failed ${report.failed.length}`)

  // Export: the big unit's rows (100,000 at scale 1), streamed to a file, peak memory sampled.
  const out = path.join(os.tmpdir(), `qjt-bench-export-${process.pid}.xlsx`)
  if (global.gc) global.gc()
  const baseline = process.memoryUsage().rss
  let peak = baseline
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 25)
  t0 = Date.now()
  const exported = await exportLedger({ instruments: services.instruments }, fs.createWriteStream(out), bigActor, {} as never)
  const exportMs = Date.now() - t0
  clearInterval(sampler)
  const growthMb = (peak - baseline) / 1024 / 1024
  log(`export of ${exported.rows.toLocaleString()} rows: ${(exportMs / 1000).toFixed(1)} s, ${(fs.statSync(out).size / 1024 / 1024).toFixed(1)} MB file, peak memory growth ${growthMb.toFixed(0)} MB`)
  fs.rmSync(out, { force: true })

  log('\n| measure | figure | target |\n|---|---|---|')
  for (const r of results as { unit: string; api: Stats; driver: Stats }[]) {
    log(`| GET /instruments, ${r.unit}: p50 / p95 / p99 | ${fmt(r.api.p50)} / ${fmt(r.api.p95)} / ${fmt(r.api.p99)} | p95 ≤ 50 ms |`)
    log(`| same queries via the driver, ${r.unit}: p50 / p95 / p99 | ${fmt(r.driver.p50)} / ${fmt(r.driver.p95)} / ${fmt(r.driver.p99)} | |`)
    log(`| API ÷ driver (p95), ${r.unit} | ×${(r.api.p95 / r.driver.p95).toFixed(2)} | ≤ ×1.5 |`)
  }
  log(`| import 10,000 rows | ${(importMs / 1000).toFixed(1)} s | ≤ 15 s |`)
  log(`| export ${exported.rows.toLocaleString()} rows | ${(exportMs / 1000).toFixed(1)} s, +${growthMb.toFixed(0)} MB | ≤ 20 s, ≤ 200 MB |`)
  log(`(${db.label}; ${total.toLocaleString()} instruments; ${clients} concurrent clients, ${requests} requests per unit)`)

  server.close()
  await mongoose.disconnect()
  await db.stop()
}

interface Stats {
  n: number
  p50: number
  p95: number
  p99: number
  errors?: number
}

function actorOf(u: { org: { _id: Types.ObjectId }; user: { _id: Types.ObjectId; name: string } }): Actor {
  return { userId: String(u.user._id), name: u.user.name, orgId: String(u.org._id), orgType: 'unit', roles: ['unit_admin'] }
}

/** `clients` clients cycling through the typical searches, `amount` requests in all; latencies as the client saw them. */
async function loadTest(base: string, token: string, amount: number, clients: number): Promise<Stats & { errors: number }> {
  const latencies: number[] = []
  let errors = 0
  await new Promise<void>((resolve, reject) => {
    const instance = autocannon(
      {
        url: base,
        connections: clients,
        amount,
        timeout: 3600,
        headers: { authorization: `Bearer ${token}` },
        requests: Object.values(QUERIES).map((q) => ({ method: 'GET' as const, path: `/api/v1/instruments?${q}` })),
      },
      (err) => (err ? reject(err) : resolve()),
    )
    instance.on('response', (_client, status, _bytes, ms) => {
      if (status !== 200) errors++
      latencies.push(ms)
    })
  })
  return { ...percentiles(latencies), errors }
}

/** The same searches as the API runs them (find + count), from `clients` concurrent loops, `amount` in all. */
async function driverLoad(actor: Actor, amount: number, clients: number): Promise<Stats> {
  const latencies: number[] = []
  let next = 0
  const today = chinaToday()
  const orgId = new mongoose.Types.ObjectId(actor.orgId!)
  const queries = Object.values(QUERIES).map((q) => Object.fromEntries(new URLSearchParams(q)))
  await Promise.all(
    Array.from({ length: clients }, async () => {
      for (let i = next++; i < amount; i = next++) {
        const q = queries[i % queries.length]!
        const page = Number(q.page ?? 1)
        const filters = { ...q, overdue: q.overdue === undefined ? undefined : q.overdue === 'true' } as unknown as InstrumentListQuery
        const filter = ledgerFilter(orgId, filters, today)
        const start = performance.now()
        await Promise.all([
          Instrument.find(filter).sort(LEDGER_SORT).skip((page - 1) * 10).limit(10).lean(),
          Instrument.countDocuments(filter),
        ])
        latencies.push(performance.now() - start)
      }
    }),
  )
  return percentiles(latencies)
}

/** An import workbook in the template's columns, `rows` distinct scales. */
async function importFile(rows: number): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook()
  const sheet = workbook.addWorksheet('台账')
  sheet.addRow(IMPORT_COLUMNS.map((c) => c.header))
  const values: Record<string, string | number> = {
    name: '电子计价秤',
    kind: '工作计量器具',
    level1Code: '01 非自动衡器',
    level2Code: '0101 非自动衡器',
    model: 'ACS-15',
    range: '(0~15)kg',
    accuracyClass: 'Ⅲ',
    manufacturer: '上海友声衡器有限公司',
    origin: '国产',
    regionCode: '152921 阿拉善左旗',
    location: '巴彦浩特镇新华农贸市场',
    purchasedAt: '2024-03-01',
    quantity: 1,
    usage: '贸易结算',
    deliveryMode: '送检',
    status: '在用',
  }
  for (let i = 0; i < rows; i++) {
    sheet.addRow(IMPORT_COLUMNS.map((c) => (c.key === 'serialNo' ? `IMP-${i}` : (values[c.key] ?? null))))
  }
  return Buffer.from(await workbook.xlsx.writeBuffer())
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
