/**
 * A reminder scheduler in a process of its own, for the test that races two processes over the
 * same instruments: it connects, says `ready`, waits for `go` on stdin, makes one run (`sweep`:
 * without the lease, so the two really overlap; `run`: as every process does), prints its report
 * and exits.
 */
import pino from 'pino'
import { loadEnv } from '@qjt/config'
import { connectDatabase, disconnectDatabase } from '../../db/connect'
import '../../models'
import { createServices } from '../../services'
import { WechatClient } from '../../wechat/client'

async function main() {
  const [mode] = process.argv.slice(2)
  const config = loadEnv({ ...process.env, NODE_ENV: 'test' })
  await connectDatabase(process.env.MONGODB_URI!, process.env.MONGODB_DB!)
  // The test's clock, so what is due there is due here.
  const now = new Date(Number(process.env.QJT_NOW))
  const services = createServices({
    config,
    logger: pino({ level: 'silent' }),
    // Reminders only write messages; nothing here sends them.
    wechat: new WechatClient({ ...config.wechat, apiBase: 'http://127.0.0.1:9' }),
    clock: () => now,
  })
  process.stdout.write('ready\n')
  await new Promise((resolve) => process.stdin.once('data', resolve))
  const report = mode === 'sweep' ? await services.reminders.sweep(now) : await services.reminders.runOnce(now)
  process.stdout.write(`${JSON.stringify(report)}\n`)
  await disconnectDatabase()
  process.exit(0)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
