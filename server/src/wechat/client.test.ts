import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Writable } from 'node:stream'
import pino from 'pino'
import { startWechatStandin, type WechatStandin } from '../wechat-standin/server'
import { WechatApiError, WechatClient, fitSubscribeValue, type SubscribeMessage } from './client'

const appid = 'wx1234567890abcdef'
const secret = 'client-test-secret'
const TEMPLATE = 'tmpl-verification-due'

let standin: WechatStandin
let clock = Date.parse('2026-03-02T09:00:00+08:00')
const now = () => clock
const newClient = (opts: ConstructorParameters<typeof WechatClient>[1] = {}) =>
  new WechatClient({ appid, secret, apiBase: standin.url }, { now, ...opts })

/** Resolves to the WechatApiError the promise rejected with (fails the test if it resolved). */
async function failure(promise: Promise<unknown>): Promise<WechatApiError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(WechatApiError)
  return err as WechatApiError
}

const reminder = (touser = 'alice'): SubscribeMessage => ({
  touser,
  templateId: TEMPLATE,
  page: 'pages/instruments/detail?id=42',
  data: { thing1: '电子台秤 ACS-30', date2: '2026年3月15日', character_string3: 'JD-2026-0042' },
})

beforeAll(async () => {
  standin = await startWechatStandin({ appid, secret, now })
})

afterAll(async () => {
  await standin.close()
})

beforeEach(() => {
  standin.reset()
  // Keeps forced token refreshes of different tests more than 30 s apart.
  clock += 60_000
})

describe('code2Session', () => {
  it('logs in with a development code as often as asked', async () => {
    const client = newClient()
    const first = await client.code2Session('dev-alice')
    const second = await client.code2Session('dev-alice')
    expect(first).toEqual({ openid: 'alice', unionid: 'union_alice', sessionKey: expect.any(String) })
    expect(second.openid).toBe('alice')
  })

  it('accepts an issued code once; the second use answers 40163', async () => {
    const client = newClient()
    const code = standin.issueLoginCode('bob')
    expect((await client.code2Session(code)).openid).toBe('bob')
    const err = await failure(client.code2Session(code))
    expect(err).toMatchObject({ errcode: 40163, api: 'jscode2session' })
  })

  it('refuses an issued code after it expired, and an unknown code', async () => {
    const client = newClient()
    const code = standin.issueLoginCode('bob')
    clock += 301_000
    expect((await failure(client.code2Session(code))).errcode).toBe(40029)
    expect((await failure(client.code2Session('not-a-code'))).errcode).toBe(40029)
  })

  it('reports a wrong secret as 40125', async () => {
    const client = new WechatClient({ appid, secret: 'wrong', apiBase: standin.url }, { now })
    const err = await failure(client.code2Session('dev-alice'))
    expect(err.errcode).toBe(40125)
    expect(err.errmsg).toMatch(/rid: /)
  })
})

describe('access token', () => {
  it('is fetched once and reused until shortly before it ends', async () => {
    const client = newClient()
    const token = await client.getAccessToken()
    expect(await client.getAccessToken()).toBe(token)
    clock += 6000_000
    expect(await client.getAccessToken()).toBe(token)
    expect(standin.requestCount('stable_token')).toBe(1)

    clock += 901_000 // 4 min 59 s left: time for a new one
    const next = await client.getAccessToken()
    expect(next).not.toBe(token)
    expect(standin.requestCount('stable_token')).toBe(2)
  })

  it('makes one request for callers arriving together', async () => {
    const client = newClient()
    const tokens = await Promise.all([1, 2, 3, 4, 5].map(() => client.getAccessToken()))
    expect(new Set(tokens).size).toBe(1)
    for (const to of ['a1', 'a2', 'a3']) standin.grantSubscription(to, TEMPLATE)
    const fresh = newClient()
    await Promise.all(['a1', 'a2', 'a3'].map((to) => fresh.sendSubscribeMessage(reminder(to))))
    expect(standin.requestCount('stable_token')).toBe(2)
  })

  it('is renewed and the call retried once when it has expired (42001)', async () => {
    const client = newClient()
    standin.grantSubscription('alice', TEMPLATE, 2)
    await client.sendSubscribeMessage(reminder())
    const before = await client.getAccessToken()
    standin.expireTokens()

    await client.sendSubscribeMessage(reminder())
    expect(standin.messages()).toHaveLength(2)
    expect(await client.getAccessToken()).not.toBe(before)
    expect(standin.requestCount('subscribe_send')).toBe(3)
    expect(standin.requestCount('stable_token')).toBe(2)
  })

  it('shares one renewal among callers refused together', async () => {
    const client = newClient()
    await client.getAccessToken()
    standin.expireTokens()
    for (const to of ['b1', 'b2', 'b3']) standin.grantSubscription(to, TEMPLATE)
    await Promise.all(['b1', 'b2', 'b3'].map((to) => client.sendSubscribeMessage(reminder(to))))
    expect(standin.messages()).toHaveLength(3)
    expect(standin.requestCount('stable_token')).toBe(2)
  })

  it('is renewed after another process forced a refresh (40001)', async () => {
    const client = newClient()
    await client.getAccessToken()
    const res = await fetch(`${standin.url}/cgi-bin/stable_token`, {
      method: 'POST',
      body: JSON.stringify({ grant_type: 'client_credential', appid, secret, force_refresh: true }),
    })
    const forced = ((await res.json()) as { access_token: string }).access_token

    standin.grantSubscription('alice', TEMPLATE)
    await client.sendSubscribeMessage(reminder())
    expect(standin.messages()).toHaveLength(1)
    expect(await client.getAccessToken()).toBe(forced)
  })

  it('forces a new token when the platform hands back the one it just refused', async () => {
    const client = newClient()
    const refused = await client.getAccessToken()
    standin.failNext('subscribe_send', 40001)
    standin.grantSubscription('alice', TEMPLATE)

    await client.sendSubscribeMessage(reminder())
    expect(standin.messages()).toHaveLength(1)
    expect(await client.getAccessToken()).not.toBe(refused)
    // the cached one, the normal-mode answer (same token), then the forced one
    expect(standin.requestCount('stable_token')).toBe(3)
  })

  it('retries only once: a second refusal reaches the caller', async () => {
    const client = newClient()
    standin.failNext('subscribe_send', 42001, 2)
    standin.grantSubscription('alice', TEMPLATE)
    const err = await failure(client.sendSubscribeMessage(reminder()))
    expect(err).toMatchObject({ errcode: 42001, api: 'subscribe_send' })
    expect(standin.requestCount('subscribe_send')).toBe(2)
    expect(standin.messages()).toHaveLength(0)
  })
})

describe('getPhoneNumber', () => {
  it('returns the number behind a phone-button code, once', async () => {
    const client = newClient()
    const code = standin.issuePhoneCode('13812345678', 'alice')
    expect(await client.getPhoneNumber(code, 'alice')).toEqual({
      phoneNumber: '13812345678',
      purePhoneNumber: '13812345678',
      countryCode: '86',
    })
    expect((await failure(client.getPhoneNumber(code, 'alice'))).errcode).toBe(40029)
  })

  it('keeps the country code of a number outside the mainland', async () => {
    const code = standin.issuePhoneCode('+852 51234567')
    expect(await newClient().getPhoneNumber(code)).toEqual({
      phoneNumber: '+852 51234567',
      purePhoneNumber: '51234567',
      countryCode: '852',
    })
  })

  it('refuses a code issued to another user', async () => {
    const code = standin.issuePhoneCode('13812345678', 'alice')
    expect((await failure(newClient().getPhoneNumber(code, 'mallory'))).errcode).toBe(40003)
  })
})

describe('sendSubscribeMessage', () => {
  it('delivers a message the user agreed to, which the platform keeps', async () => {
    standin.grantSubscription('alice', TEMPLATE)
    await newClient().sendSubscribeMessage({ ...reminder(), miniprogramState: 'trial', lang: 'zh_CN' })
    const [message] = standin.messages()
    expect(message).toMatchObject({
      kind: 'subscribe',
      touser: 'alice',
      templateId: TEMPLATE,
      page: 'pages/instruments/detail?id=42',
      data: { thing1: { value: '电子台秤 ACS-30' }, character_string3: { value: 'JD-2026-0042' } },
    })
    expect(message?.raw).toMatchObject({ miniprogram_state: 'trial', lang: 'zh_CN' })
  })

  it('answers 43101 without a grant, and once the grant is used up', async () => {
    const client = newClient()
    expect((await failure(client.sendSubscribeMessage(reminder()))).errcode).toBe(43101)
    standin.grantSubscription('alice', TEMPLATE)
    await client.sendSubscribeMessage(reminder())
    expect((await failure(client.sendSubscribeMessage(reminder()))).errcode).toBe(43101)
    expect(standin.messages()).toHaveLength(1)
  })

  it('answers 47003 naming the key of a too-long thing; fitSubscribeValue makes it acceptable', async () => {
    const client = newClient()
    standin.grantSubscription('alice', TEMPLATE)
    const name = '上海市某某区质量技术监督局计量检定所第二实验室'
    const err = await failure(client.sendSubscribeMessage({ ...reminder(), data: { thing1: name } }))
    expect(err.errcode).toBe(47003)
    expect(err.errmsg).toContain('data.thing1.value')

    await client.sendSubscribeMessage({ ...reminder(), data: { thing1: fitSubscribeValue('thing1', name) } })
    expect(Array.from(standin.messages()[0]?.data.thing1?.value ?? '')).toHaveLength(20)
  })
})

describe('failures without a usable answer', () => {
  it('surfaces system busy (-1) without retrying', async () => {
    const client = newClient()
    standin.failNext('subscribe_send', -1)
    standin.grantSubscription('alice', TEMPLATE)
    const err = await failure(client.sendSubscribeMessage(reminder()))
    expect(err).toMatchObject({ errcode: -1, api: 'subscribe_send' })
    expect(standin.requestCount('subscribe_send')).toBe(1)
  })

  it('turns a refused connection, an HTML page and silence into errcode -1 with the cause', async () => {
    let mode: 'html' | 'silent' = 'html'
    const odd = http.createServer((_req, res) => {
      if (mode === 'html') res.writeHead(404, { 'content-type': 'text/html' }).end('<html>404</html>')
    })
    await new Promise<void>((resolve) => odd.listen(0, '127.0.0.1', resolve))
    const base = `http://127.0.0.1:${(odd.address() as AddressInfo).port}`
    try {
      const html = await failure(new WechatClient({ appid, secret, apiBase: base }).code2Session('dev-a'))
      expect(html).toMatchObject({ errcode: -1, api: 'jscode2session' })
      expect(html.cause).toBeInstanceOf(SyntaxError)

      mode = 'silent'
      const slow = await failure(new WechatClient({ appid, secret, apiBase: base }, { timeoutMs: 200 }).code2Session('dev-a'))
      expect(slow.errcode).toBe(-1)
      expect(slow.cause).toBeDefined()
    } finally {
      odd.closeAllConnections()
      await new Promise((resolve) => odd.close(resolve))
    }
    const closed = await failure(new WechatClient({ appid, secret, apiBase: base }).getAccessToken())
    expect(closed).toMatchObject({ errcode: -1, api: 'stable_token' })
    expect(closed.cause).toBeDefined()
  })
})

describe('official account (a client made with forApp)', () => {
  const oa = { appid: 'wx00000000000000a1', secret: 'oa-client-secret', token: 'oatoken' }
  let both: WechatStandin
  beforeAll(async () => {
    both = await startWechatStandin({ appid, secret, now, officialAccount: oa })
  })
  afterAll(() => both.close())
  beforeEach(() => both.reset())

  const mini = () => new WechatClient({ appid, secret, apiBase: both.url }, { now })

  it('has a token of its own and sends template messages with client_msg_id', async () => {
    const client = mini()
    const account = client.forApp(oa)
    expect(await account.getAccessToken()).not.toBe(await client.getAccessToken())
    await both.followOfficialAccount('oa_alice', 'union_alice')
    const msg = {
      touser: 'oa_alice',
      templateId: 'oa-tmpl',
      miniprogram: { appid, pagepath: 'packages/booking/detail/index?id=1' },
      clientMsgId: 'outbox-1',
      data: { character_string1: '2026112700001', phrase2: '已受理' },
    }
    const first = await account.sendTemplateMessage(msg)
    expect(first).toEqual({ msgid: expect.stringMatching(/^\d+$/) })
    expect(await account.sendTemplateMessage(msg)).toEqual(first)
    expect(both.messages()).toEqual([
      expect.objectContaining({ kind: 'template', appid: oa.appid, touser: 'oa_alice', clientMsgId: 'outbox-1', duplicates: 1 }),
    ])
    expect(both.messages()[0]!.raw).toMatchObject({ client_msg_id: 'outbox-1', miniprogram: msg.miniprogram })
    // The mini-program's own token is not the account's.
    expect((await failure(client.sendTemplateMessage(msg))).errcode).toBe(48001)
  })

  it('reads whether a user follows, with the unionid, renewing its token when refused', async () => {
    const account = mini().forApp(oa)
    await both.followOfficialAccount('oa_bob', 'union_bob')
    expect(await account.getUserInfo('oa_bob')).toEqual({ openid: 'oa_bob', subscribed: true, unionid: 'union_bob' })
    both.expireTokens()
    await both.unfollowOfficialAccount('oa_bob')
    expect(await account.getUserInfo('oa_bob')).toEqual({ openid: 'oa_bob', subscribed: false })
    expect(both.requestCount('user_info')).toBe(3)
    expect((await failure(account.getUserInfo('oa_nobody'))).errcode).toBe(40003)
  })
})

describe('maybeDelivered: whether a failed send may still have reached WeChat', () => {
  it('is false when WeChat answered with an errcode, or the connection was refused', async () => {
    standin.failNext('subscribe_send', -1)
    expect((await failure(newClient().sendSubscribeMessage(reminder()))).maybeDelivered).toBe(false)
    const closed = http.createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const refused = await failure(new WechatClient({ appid, secret, apiBase: `http://127.0.0.1:${port}` }).getAccessToken())
    expect(refused.maybeDelivered).toBe(false)
  })

  it('is true when the answer never came or was not WeChat’s', async () => {
    const client = newClient()
    await client.getAccessToken()
    const dropped = newClient({
      fetch: async (input, init) => {
        if (!String(input).includes('/message/')) return fetch(input, init)
        throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } })
      },
    })
    expect((await failure(dropped.sendSubscribeMessage(reminder()))).maybeDelivered).toBe(true)
    const garbled = newClient({
      fetch: async (input, init) => (String(input).includes('/message/') ? new Response('<html>502</html>', { status: 502 }) : fetch(input, init)),
    })
    expect((await failure(garbled.sendSubscribeMessage(reminder()))).maybeDelivered).toBe(true)
  })
})

it('logs api, errcode and duration, never secrets, session keys or tokens', async () => {
  const lines: string[] = []
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(chunk.toString())
      done()
    },
  })
  const client = newClient({ log: pino({ level: 'debug' }, sink) })
  const { sessionKey } = await client.code2Session('dev-alice')
  const token = await client.getAccessToken()
  await failure(client.sendSubscribeMessage(reminder()))
  const out = lines.join('')
  expect(out).toContain('"api":"jscode2session"')
  expect(out).toContain('"errcode":43101')
  for (const secretText of [secret, sessionKey, token]) expect(out).not.toContain(secretText)
})

describe('fitSubscribeValue', () => {
  it.each([
    ['thing1', '检定到期提醒：电子台秤（编号 JD-2026-0042）请尽快预约', '检定到期提醒：电子台秤（编号 JD-2…'],
    ['thing2', '第一行\n第二行', '第一行 第二行'],
    ['character_string3', '证书 JD-2026-0042', 'JD-2026-0042'],
    ['number4', '1'.repeat(40), '1'.repeat(32)],
    ['phrase5', '待送检样品', '待送检样品'],
    ['phrase6', '等待现场检定', '等待现场检'],
    ['name7', '欧阳长孙慕容司马诸葛东方', '欧阳长孙慕容司马诸葛'],
    ['name8', 'Alexander Christopher Smith', 'Alexander Christophe'],
    ['phone_number9', '+86 138-1234-5678 ext', '+86 138-1234-5678'],
    ['car_number10', '沪A12345警X', '沪A12345警'],
    ['symbol11', '★★★★★★', '★★★★★'],
    ['time12', '2026年3月15日 09:00\t', '2026年3月15日 09:00'],
    ['phrase13', '已受理。', '已受理'],
    ['number14', '3 台', '3'],
  ])('%s: %j → %j', (key, value, expected) => {
    expect(fitSubscribeValue(key, value)).toBe(expected)
  })
})
