import type { Server } from 'node:http'
import Router from '@koa/router'
import { EnvError, loadEnv, type Env } from '@qjt/config'
import { createApp } from './app'
import { systemClock } from './core/clock'
import type { AppState } from './core/context'
import { createLogger } from './core/logger'
import { connectDatabase, disconnectDatabase, syncAllIndexes } from './db/connect'
import { startDatabase } from './db/embedded'
import { clearRuntimeDatabase, recordRuntimeDatabase } from './db/runtime'
import './models'
import { seedAll } from './seed'
import { PeriodicJob } from './core/periodic'
import { BookingRelay } from './modules/bookings/relay'
import { foldLookups } from './modules/certificates/lookups'
import { WechatClient } from './wechat/client'
import { startWechatStandin } from './wechat-standin/server'

/** Starts everything one machine needs: database, WeChat stand-in (development), seed data, API and H5. */
async function main() {
  let config: Env
  try {
    config = loadEnv()
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(err.message)
      process.exit(1)
    }
    throw err
  }
  const logger = createLogger(config.logLevel)
  const db = await startDatabase({ uri: config.mongodbUri, dataDir: config.dataDir, log: logger })
  if (db.kind !== 'external') recordRuntimeDatabase(config.dataDir, db)
  await connectDatabase(db.uri, config.mongodbDb)
  // Production builds indexes with `npm run db:indexes`; a development database is kept current here.
  if (!config.production) await syncAllIndexes(db.sqliteDir)

  const standin = config.wechat.standin
    ? await startWechatStandin({
        appid: config.wechat.appid,
        secret: config.wechat.secret,
        port: config.wechat.standinPort,
        officialAccount: config.wechat.oa ?? undefined,
      })
    : null
  if (standin) logger.info(`WeChat stand-in at ${standin.url} (received messages: ${standin.url}/)`)
  const wechat = new WechatClient({ ...config.wechat, apiBase: standin?.url ?? config.wechat.apiBase }, { log: logger })

  if (config.seedOnStart) {
    const report = await seedAll({ log: logger })
    logger.info({ report }, 'Reference and demo data are in place')
  }

  let devRouter: Router<AppState> | undefined
  if (standin) {
    devRouter = new Router<AppState>()
    devRouter.get('/dev/wechat', (ctx) => ctx.redirect(`${standin.url}/`))
  }
  const { app, services } = createApp({ config, logger, wechat, clock: systemClock }, { devRouter })
  // Every process sends notifications; claims keep them from sending one twice.
  services.notificationWorker.start()
  const relay = new BookingRelay(services.bookings, logger.child({ component: 'bookings' }))
  relay.start()
  // Public checks of certificates are folded into totals, so counting them stays cheap.
  const certificatesLog = logger.child({ component: 'certificates' })
  const foldChecks = async () => {
    const folded = await foldLookups()
    if (folded > 0) certificatesLog.debug({ folded }, 'folded certificate checks into totals')
  }
  const lookupFold = new PeriodicJob('certificate lookup fold', foldChecks, { intervalMs: 60_000, log: certificatesLog })
  lookupFold.start()
  // Every process runs reminders too; a database lease lets one at a time do each run.
  services.reminders.start()
  const server: Server = app.listen(config.port, config.host, () => {
    logger.info(`强检通 is up: open http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}/ (API at /api/v1, database: ${db.kind})`)
  })
  server.keepAliveTimeout = 65_000

  let stopping = false
  async function shutdown(signal: string) {
    if (stopping) return
    stopping = true
    logger.info(`${signal}: finishing requests in flight, then stopping`)
    const force = setTimeout(() => server.closeAllConnections(), 10_000)
    force.unref()
    await new Promise<void>((resolve) => {
      server.close(() => resolve())
      server.closeIdleConnections()
    })
    clearTimeout(force)
    await services.notificationWorker.stop()
    await relay.stop()
    await lookupFold.stop()
    await services.certificates.flushLookups()
    await services.reminders.stop()
    await disconnectDatabase()
    await standin?.close()
    await db.stop()
    clearRuntimeDatabase(config.dataDir)
    logger.info('stopped')
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
