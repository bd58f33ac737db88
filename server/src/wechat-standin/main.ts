import { EnvError, loadEnv } from '@qjt/config'
import { startWechatStandin } from './server'

/**
 * Runs the WeChat stand-in on its own (`npm run standin -w server`), with the same appid, secret
 * and development defaults the API server uses, so a separately started API can point at it
 * (`WECHAT_STANDIN=false WECHAT_API_BASE=<url>`).
 */
async function main() {
  let env
  try {
    env = loadEnv()
  } catch (err) {
    if (err instanceof EnvError) {
      console.error(err.message)
      process.exit(1)
    }
    throw err
  }
  const standin = await startWechatStandin({
    appid: env.wechat.appid,
    secret: env.wechat.secret,
    officialAccount: env.wechat.oa ?? undefined,
    host: process.env.WECHAT_STANDIN_HOST || '127.0.0.1',
    port: env.wechat.standinPort,
  })
  console.log(`WeChat stand-in listening at ${standin.url}`)
  console.log(`  received messages: ${standin.url}/   (JSON: ${standin.url}/__standin/messages)`)
  console.log(`  log in as a demo user with the code dev-<openid>`)
  console.log(`  POST /__standin/login-code {openid} · /__standin/phone-code {phoneNumber} · /__standin/grants {openid, templateId, count}`)
  console.log(`  POST /__standin/oa-follow {openid, unionid, target} follows the official account and pushes the event to target`)

  const stop = () => {
    void standin.close().then(() => process.exit(0))
  }
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
