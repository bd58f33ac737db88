/**
 * A notification worker in a process of its own, for the test that races two processes over the
 * same outbox: it connects, says `ready`, waits for `go` on stdin, sends until nothing is left
 * to send, prints how many it sent, and exits.
 */
import pino from 'pino'
import { loadEnv } from '@qjt/config'
import { connectDatabase, disconnectDatabase } from '../../db/connect'
import '../../models'
import { createNotificationWorker } from '../../services'
import { WechatClient } from '../../wechat/client'

async function main() {
  const [standinUrl] = process.argv.slice(2)
  const config = loadEnv({ ...process.env, NODE_ENV: 'test' })
  await connectDatabase(process.env.MONGODB_URI!, process.env.MONGODB_DB!)
  const wechat = new WechatClient({ ...config.wechat, apiBase: standinUrl! })
  // The test's clock, so what is due there is due here.
  const at = Number(process.env.QJT_NOW)
  const clock = Number.isFinite(at) ? () => new Date(at) : () => new Date()
  const worker = createNotificationWorker({ config, logger: pino({ level: 'silent' }), wechat, clock })
  process.stdout.write('ready\n')
  await new Promise((resolve) => process.stdin.once('data', resolve))
  let sent = 0
  for (;;) {
    const pass = await worker.runOnce()
    sent += pass.sent
    if (pass.sent + pass.retrying + pass.failed + pass.unconfirmed + pass.cancelled === 0) break
  }
  process.stdout.write(`${JSON.stringify({ sent })}\n`)
  await disconnectDatabase()
  process.exit(0)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
