/**
 * Approves a verification record in a process of its own, so a test can kill that process at a
 * named step of the issuance (QJT_FAULT_POINT) and check what a retry or the relay makes of it.
 */
import pino from 'pino'
import { loadEnv } from '@qjt/config'
import { connectDatabase } from '../../src/db/connect'
import '../../src/models'
import { createServices } from '../../src/services'
import { WechatClient } from '../../src/wechat/client'

async function main() {
  const [recordId, actorJson, inputJson] = process.argv.slice(2)
  const config = loadEnv({ ...process.env, NODE_ENV: 'test' })
  await connectDatabase(process.env.MONGODB_URI!, process.env.MONGODB_DB!)
  const services = createServices({
    config,
    logger: pino({ level: 'silent' }),
    wechat: new WechatClient({ ...config.wechat, apiBase: 'http://127.0.0.1:9' }),
    clock: () => new Date(process.env.QJT_TEST_NOW!),
  })
  await services.records.approve(JSON.parse(actorJson!), recordId!, JSON.parse(inputJson!))
  process.exit(0)
}

main().catch((err: unknown) => {
  console.error(err)
  process.exit(1)
})
