import fs from 'node:fs'
import type { AddressInfo } from 'node:net'
import http from 'node:http'
import path from 'node:path'
import mongoose from 'mongoose'
import pino from 'pino'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { loadEnv } from '@qjt/config'
import { createApp } from '../../server/src/app'
import { connectDatabase, syncAllIndexes } from '../../server/src/db/connect'
import '../../server/src/models'
import { seedAll } from '../../server/src/seed'
import { WechatClient } from '../../server/src/wechat/client'
import { startWechatStandin, type WechatStandin } from '../../server/src/wechat-standin/server'
import { signIn } from './steps'

const ROOT = path.resolve(__dirname, '../..')
export const SCREENSHOT_DIR = path.join(ROOT, 'test-artifacts', 'screenshots')

export interface Stack {
  baseUrl: string
  standin: WechatStandin
  browser: Browser
  /** A fresh phone-sized browser context: 375 × 812 at device scale 2, touch enabled. */
  phone(): Promise<{ context: BrowserContext; page: Page }>
  shot(page: Page, name: string): Promise<string>
  /** Opens the development login page on `page` and logs in as `openid`, then goes to `redirect`. */
  logIn(page: Page, openid: string, redirect: string): Promise<void>
  /** A session token for `openid`, for setting things up through the API. */
  token(openid: string): Promise<string>
  /** Calls the API as the token's user; `data` is the JSON body, `raw` the bytes. */
  api<T>(token: string, method: string, url: string, body?: unknown): Promise<{ status: number; data: T; raw: Buffer }>
  stop(): Promise<void>
}

/**
 * The whole product as a person meets it: the H5 build served by the real server, with seed
 * data, the WeChat stand-in and a database of its own, driven in Debian's Chromium.
 */
export async function startStack(name: string): Promise<Stack> {
  const h5Dir = path.join(ROOT, 'miniapp/dist/h5')
  if (!fs.existsSync(path.join(h5Dir, 'index.html'))) throw new Error('The H5 build is missing: run `npm run build:h5` first')
  const uri = process.env.QJT_TEST_MONGODB_URI
  if (!uri) throw new Error('QJT_TEST_MONGODB_URI is not set: the jest global setup did not start a database')
  await connectDatabase(uri, `e2e_${name.replace(/\W+/g, '_')}`)
  await mongoose.connection.dropDatabase()
  await syncAllIndexes(process.env.QJT_TEST_SQLITE_DIR)
  const log = pino({ level: 'silent' })
  await seedAll({ log })

  const config = loadEnv({ NODE_ENV: 'test', SERVE_H5: 'true', H5_DIR: h5Dir, LOGIN_RATE_LIMIT: '1000' })
  const standin = await startWechatStandin({ appid: config.wechat.appid, secret: config.wechat.secret, officialAccount: config.wechat.oa ?? undefined })
  const wechat = new WechatClient({ ...config.wechat, apiBase: standin.url })
  // Listen first: the public base URL must be the real origin so invitation links open this server.
  const server = http.createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  const { app } = createApp({ config: { ...config, publicBaseUrl: `http://127.0.0.1:${port}` }, logger: log, wechat, clock: () => new Date() })
  server.on('request', app.callback())
  const baseUrl = `http://127.0.0.1:${port}`

  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run', '--disable-gpu'],
  })
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true })

  return {
    baseUrl,
    standin,
    browser,
    async phone() {
      const context = await browser.newContext({
        viewport: { width: 375, height: 812 },
        deviceScaleFactor: 2,
        hasTouch: true,
        isMobile: true,
        locale: 'zh-CN',
        timezoneId: 'Asia/Shanghai',
      })
      context.setDefaultTimeout(15_000)
      const page = await context.newPage()
      return { context, page }
    },
    async shot(page, shotName) {
      const file = path.join(SCREENSHOT_DIR, `${name}-${shotName}.png`)
      // Let Taro's page-switch animation finish so the picture shows one page.
      await page.waitForTimeout(600)
      await page.screenshot({ path: file, fullPage: false })
      return file
    },
    async logIn(page, openid, redirect) {
      await page.goto(`${baseUrl}/#/packages/account/login/index?redirect=${encodeURIComponent(redirect)}`)
      await signIn(page, openid)
    },
    async token(openid) {
      const res = await fetch(`${baseUrl}/api/v1/auth/wechat`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ code: `dev-${openid}` }),
      })
      return ((await res.json()) as { token: string }).token
    },
    async api<T>(token: string, method: string, url: string, body?: unknown) {
      const res = await fetch(`${baseUrl}/api/v1${url}`, {
        method,
        headers: { Authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      })
      const raw = Buffer.from(await res.arrayBuffer())
      const type = res.headers.get('content-type') ?? ''
      return { status: res.status, data: (type.includes('json') ? JSON.parse(raw.toString('utf8')) : null) as T, raw }
    },
    async stop() {
      await browser.close()
      await new Promise((r) => server.close(r))
      await standin.close()
      await mongoose.connection.dropDatabase()
      await mongoose.disconnect()
    },
  }
}
