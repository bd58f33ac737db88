/**
 * npm run bench:booking [-- --backend=sqlite|postgresql|uri] [--units=20] [--rounds=5]
 *
 * 20 units submit bookings of 5 instruments each, all at once, for several rounds, while the
 * notification worker sends their receipts to the WeChat stand-in. Prints submissions per second,
 * submit latency, and the delay from a submission to its message arriving at "WeChat".
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import mongoose from 'mongoose'
import pino from 'pino'
import supertest from 'supertest'
import { loadEnv } from '@qjt/config'
import { createApp } from '../src/app'
import { connectDatabase, syncAllIndexes } from '../src/db/connect'
import '../src/models'
import { SubscribeGrant } from '../src/modules/notifications/grant.model'
import { OutboxMessage } from '../src/modules/notifications/outbox.model'
import { seedAll } from '../src/seed'
import { WechatClient } from '../src/wechat/client'
import { startWechatStandin } from '../src/wechat-standin/server'
import { argValue, benchDatabase, fmt, percentiles, type Backend } from './backends'
import { makeInstruments, makeUnits } from './fixtures'
import { Instrument } from '../src/modules/instruments/model'

const log = (...args: unknown[]) => console.log(...args)

async function main() {
  const backend = argValue('backend', 'sqlite') as Backend
  const unitCount = Number(argValue('units', '20'))
  const rounds = Number(argValue('rounds', '5'))
  const perBooking = 5

  const db = await benchDatabase(backend)
  log(`database: ${db.label}`)
  await connectDatabase(db.uri, 'bench_booking')
  await mongoose.connection.dropDatabase()
  await syncAllIndexes(db.sqliteDir)
  await seedAll({ log: pino({ level: 'silent' }) })

  const config = loadEnv({ NODE_ENV: 'test', SERVE_H5: 'false', LOG_LEVEL: 'silent', NOTIFY_INTERVAL_MS: '200' })
  const standin = await startWechatStandin({ appid: config.wechat.appid, secret: config.wechat.secret, officialAccount: config.wechat.oa ?? undefined })
  const { app, services } = createApp({
    config,
    logger: pino({ level: 'silent' }),
    wechat: new WechatClient({ ...config.wechat, apiBase: standin.url }),
    clock: () => new Date(),
  })
  const server = http.createServer(app.callback())
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const request = supertest(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)

  const units = await makeUnits(unitCount, '预约基准')
  const template = services.notifications.templates().atBookingSubmit[0]!
  for (const [i, u] of units.entries()) {
    await makeInstruments(u.org._id, perBooking * rounds, `K${i}-`)
    // Each admin allowed one receipt per submission, as 提交申请 would have asked.
    await SubscribeGrant.insertMany(Array.from({ length: rounds }, () => ({ userId: u.user._id, templateId: template, grantedAt: new Date() })))
    standin.grantSubscription(u.user.openid, template, rounds)
  }
  await Instrument.updateMany({}, { $set: { status: 'in_use' } })
  const tokens = units.map((u) => services.auth.issue({ ...u.user, roles: ['unit_admin'] } as never).token)
  const rows = await Promise.all(units.map((u) => Instrument.find({ orgId: u.org._id }, { _id: 1 }).sort({ code: 1 }).lean()))
  services.notificationWorker.start()

  const submitMs: number[] = []
  const submittedAt = new Map<string, number>()
  let failures = 0
  const started = Date.now()
  for (let round = 0; round < rounds; round++) {
    await Promise.all(
      units.map(async (_, i) => {
        const auth = { Authorization: `Bearer ${tokens[i]}` }
        const ids = rows[i]!.slice(round * perBooking, (round + 1) * perBooking).map((r) => String(r._id))
        const draft = await request.post('/api/v1/bookings').set(auth).send({ instrumentIds: ids })
        const t0 = performance.now()
        const res = await request.post(`/api/v1/bookings/${draft.body.id}/submit`).set(auth).send({})
        submitMs.push(performance.now() - t0)
        if (res.status !== 200) failures++
        else submittedAt.set(res.body.no, Date.now())
      }),
    )
    log(`round ${round + 1}/${rounds} done`)
  }
  const wall = (Date.now() - started) / 1000

  // Wait for the receipts to reach the stand-in.
  const deadline = Date.now() + 120_000
  const arrived = new Map<string, number>()
  while (Date.now() < deadline && arrived.size < submittedAt.size) {
    for (const m of standin.messages()) {
      const no = m.data.character_string1?.value
      if (no && submittedAt.has(no) && !arrived.has(no) && m.data.phrase2?.value === '已提交') arrived.set(no, Date.parse(m.receivedAt))
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  const delays = [...arrived].map(([no, at]) => at - submittedAt.get(no)!)
  await services.notificationWorker.stop()
  const outbox = await OutboxMessage.aggregate([{ $group: { _id: { channel: '$channel', status: '$status' }, n: { $sum: 1 } } }])
  log(`outbox: ${outbox.map((o) => `${o._id.channel ?? '—'}/${o._id.status}: ${o.n}`).join(', ')}`)
  const failed = await OutboxMessage.findOne({ status: 'failed' }).lean()
  if (failed) log('a failure:', JSON.stringify((failed as { lastError?: unknown }).lastError))

  const s = percentiles(submitMs)
  const d = percentiles(delays)
  const total = units.length * rounds
  log('\n| measure | figure | target |\n|---|---|---|')
  log(`| submissions per second (${unitCount} units at once, ${rounds} rounds, ${perBooking} instruments each) | ${(total / wall).toFixed(1)} /s (${total - failures} of ${total} in ${wall.toFixed(1)} s, incl. drafts) | |`)
  log(`| submit latency p50 / p95 / p99 | ${fmt(s.p50)} / ${fmt(s.p95)} / ${fmt(s.p99)} | p95 ≤ 100 ms |`)
  log(`| state change → message at WeChat p50 / p95 / p99 | ${fmt(d.p50)} / ${fmt(d.p95)} / ${fmt(d.p99)} (${arrived.size} of ${submittedAt.size} arrived) | p95 ≤ 2 s |`)
  log(`(${db.label})`)

  server.close()
  await standin.close()
  await mongoose.disconnect()
  await db.stop()
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
