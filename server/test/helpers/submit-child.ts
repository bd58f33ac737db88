/**
 * Submits a booking in a process of its own, so a test can kill that process at a named step
 * (QJT_FAULT_POINT) and check what a retry does with what was left half-done.
 */
import pino from 'pino'
import { loadEnv } from '@qjt/config'
import { connectDatabase } from '../../src/db/connect'
import '../../src/models'
import { createServices } from '../../src/services'
import { WechatClient } from '../../src/wechat/client'

async function main() {
  const [bookingId, actorJson] = process.argv.slice(2)
  const config = loadEnv({ ...process.env, NODE_ENV: 'test' })
  await connectDatabase(process.env.MONGODB_URI!, process.env.MONGODB_DB!)
  const services = createServices({
    config,
    logger: pino({ level: 'silent' }),
    wechat: new WechatClient({ ...config.wechat, apiBase: 'http://127.0.0.1:9' }),
    clock: () => new Date(),
  })
  await services.bookings.submit(JSON.parse(actorJson!), bookingId!)
  process.exit(0)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
