/**
 * Test support for notifications: the real app with a WeChat stand-in that also plays the
 * official account, and helpers to make intents and workers. Used by this folder's tests only.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import pino from 'pino'
import supertest from 'supertest'
import { loadEnv } from '@qjt/config'
import type { Role } from '@qjt/shared'
import { createApp } from '../../app'
import type { Clock } from '../../core/clock'
import { createNotificationWorker, type AppDeps } from '../../services'
import { WechatClient, type WechatClientOptions } from '../../wechat/client'
import { startWechatStandin, type WechatStandin } from '../../wechat-standin/server'
import '../../models'
import type { NotificationIntent } from './intent'

export interface NotificationsTestApp {
  request: ReturnType<typeof supertest>
  app: ReturnType<typeof createApp>
  deps: AppDeps
  standin: WechatStandin
  /** Where the app listens over HTTP (for pushes from the stand-in); only with `listen`. */
  url?: string
  /** A worker like the one every process runs; `fetch` replaces the HTTP layer of both WeChat clients. */
  worker(opts?: { fetch?: typeof fetch }): ReturnType<typeof createNotificationWorker>
  close(): Promise<void>
}

export async function buildNotificationsApp(opts: { clock?: Clock; env?: Record<string, string>; listen?: boolean } = {}): Promise<NotificationsTestApp> {
  const config = loadEnv({ NODE_ENV: 'test', SERVE_H5: 'false', LOGIN_RATE_LIMIT: '1000', ...opts.env })
  const oa = config.wechat.oa
  if (!oa) throw new Error('test configuration has no official account')
  const standin = await startWechatStandin({ appid: config.wechat.appid, secret: config.wechat.secret, officialAccount: oa })
  const client = (options: WechatClientOptions = {}) => new WechatClient({ ...config.wechat, apiBase: standin.url }, options)
  const deps: AppDeps = { config, logger: pino({ level: 'silent' }), wechat: client(), clock: opts.clock ?? (() => new Date()) }
  const app = createApp(deps)
  let server: http.Server | undefined
  let url: string | undefined
  if (opts.listen) {
    server = http.createServer(app.app.callback())
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }
  return {
    app,
    request: supertest(app.app.callback()),
    deps,
    standin,
    url,
    worker: (o = {}) => {
      const wechat = o.fetch ? client({ fetch: o.fetch }) : deps.wechat
      return createNotificationWorker({ ...deps, wechat }, wechat.forApp(oa))
    },
    close: async () => {
      if (server) {
        server.closeAllConnections()
        await new Promise((resolve) => server!.close(resolve))
      }
      await standin.close()
    },
  }
}

let seq = 0

/** A booking-status intent for every member of `orgId` (or those with `roles`). */
export function bookingIntent(orgId: unknown, overrides: Partial<NotificationIntent> = {}): NotificationIntent {
  seq += 1
  return {
    id: `booking:test${seq}:submitted:1`,
    event: 'booking_submitted',
    orgId: String(orgId),
    title: '预约已提交',
    body: '您的预约 2026112700001 已提交，等待阿拉善盟检验检测中心受理。',
    page: 'packages/booking/detail/index?id=test',
    fields: { bookingNo: '2026112700001', status: 'submitted', institutionName: '阿拉善盟检验检测中心' },
    at: new Date('2026-11-27T02:00:00Z'),
    ...overrides,
  }
}

export const reviewers: Role[] = ['inst_reviewer']
