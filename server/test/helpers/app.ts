import supertest from 'supertest'
import pino, { type Logger } from 'pino'
import { loadEnv } from '@qjt/config'
import { createApp } from '../../src/app'
import type { Clock } from '../../src/core/clock'
import type { RouteDef } from '../../src/core/route'
import { WechatClient } from '../../src/wechat/client'
import { startWechatStandin, type WechatStandin } from '../../src/wechat-standin/server'
import '../../src/models'

export interface TestApp {
  request: ReturnType<typeof supertest>
  app: ReturnType<typeof createApp>
  standin: WechatStandin
  close(): Promise<void>
}

/**
 * The real app in-process, with the WeChat stand-in over HTTP and the per-file test database.
 * `env` overrides configuration the way environment variables would.
 */
export async function buildTestApp(
  opts: { env?: Record<string, string>; clock?: Clock; routes?: RouteDef[]; logger?: Logger } = {},
): Promise<TestApp> {
  const config = loadEnv({ NODE_ENV: 'test', SERVE_H5: 'false', LOGIN_RATE_LIMIT: '1000', ...opts.env })
  const standin = await startWechatStandin({ appid: config.wechat.appid, secret: config.wechat.secret, officialAccount: config.wechat.oa ?? undefined })
  const wechat = new WechatClient({ ...config.wechat, apiBase: standin.url })
  const app = createApp(
    { config, logger: opts.logger ?? pino({ level: 'silent' }), wechat, clock: opts.clock ?? (() => new Date()) },
    { routes: opts.routes },
  )
  return {
    app,
    request: supertest(app.app.callback()),
    standin,
    close: () => standin.close(),
  }
}

export const bearer = (token: string) => ({ Authorization: `Bearer ${token}` })
