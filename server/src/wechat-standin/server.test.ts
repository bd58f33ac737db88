import { createHash } from 'node:crypto'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { WechatClient } from '../wechat/client'
import { startWechatStandin, type WechatStandin } from './server'

const appid = 'wx0000000000000000'
const secret = 'standin-test-secret'
const TEMPLATE = 'tmpl-booking-confirmed'

let standin: WechatStandin
let clock = Date.parse('2026-03-02T09:00:00+08:00')
const now = () => clock

type Json = Record<string, unknown>

async function get(path: string): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${standin.url}${path}`)
  return { status: res.status, body: (await res.json()) as Json }
}

async function post(path: string, body: unknown): Promise<{ status: number; body: Json }> {
  const res = await fetch(`${standin.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as Json }
}

const stableToken = (extra: Json = {}) =>
  post('/cgi-bin/stable_token', { grant_type: 'client_credential', appid, secret, ...extra })

async function token(): Promise<string> {
  return (await stableToken()).body.access_token as string
}

const login = (query: Json) =>
  get(`/sns/jscode2session?${new URLSearchParams({ appid, secret, grant_type: 'authorization_code', ...query })}`)

/** Sends a subscribe message as raw JSON; `data` is given as plain key → value. */
const subscribe = async ({ data, ...rest }: Json & { data?: Record<string, string> }) =>
  post(`/cgi-bin/message/subscribe/send?access_token=${await token()}`, {
    touser: 'alice',
    template_id: TEMPLATE,
    data: Object.fromEntries(
      Object.entries(data ?? { thing1: '电子台秤', time2: '2026年3月15日 09:00' }).map(([k, value]) => [k, { value }]),
    ),
    ...rest,
  })

beforeAll(async () => {
  standin = await startWechatStandin({ appid, secret, now })
})

afterAll(async () => {
  await standin.close()
})

beforeEach(() => {
  standin.reset()
  clock += 60_000
})

describe('errors, as api.weixin.qq.com sends them', () => {
  it('come as HTTP 200 with errcode and an errmsg ending in a request id', async () => {
    const { status, body } = await login({ appid: 'wx-other', js_code: 'dev-alice' })
    expect(status).toBe(200)
    expect(body).toEqual({ errcode: 40013, errmsg: expect.stringMatching(/^invalid appid rid: [0-9a-f-]+$/) })
  })

  it.each([
    ['a missing grant_type', { grant_type: '', js_code: 'dev-alice' }, 40002],
    ['a wrong secret', { secret: 'nope', js_code: 'dev-alice' }, 40125],
    ['no code', { js_code: '' }, 41008],
    ['a dev code with a bad openid', { js_code: 'dev-a b' }, 40029],
  ])('refuse a log-in with %s', async (_case, query, errcode) => {
    expect((await login(query)).body.errcode).toBe(errcode)
  })

  it('answer a mistyped path (wrong case) with 40066', async () => {
    const res = await get('/sns/jsCode2session?js_code=dev-alice')
    expect(res).toMatchObject({ status: 200, body: { errcode: 40066 } })
  })

  it('answer a GET on a POST api with 43002 and a body that is not JSON with 47001', async () => {
    expect((await get('/cgi-bin/stable_token')).body.errcode).toBe(43002)
    expect((await post('/cgi-bin/stable_token', 'grant_type=client_credential')).body.errcode).toBe(47001)
  })

  it('can be injected, a given number of times', async () => {
    standin.failNext('jscode2session', 45011, 2)
    expect((await login({ js_code: 'dev-alice' })).body.errcode).toBe(45011)
    expect((await login({ js_code: 'dev-alice' })).body.errcode).toBe(45011)
    expect((await login({ js_code: 'dev-alice' })).body).toMatchObject({ openid: 'alice', unionid: 'union_alice' })
  })
})

describe('stable_token', () => {
  it('hands out the same token in normal mode, counting down its life', async () => {
    const first = await stableToken()
    clock += 1000_000
    const second = await stableToken()
    expect(second.body.access_token).toBe(first.body.access_token)
    expect(second.body.expires_in).toBe((first.body.expires_in as number) - 1000)
  })

  it('replaces the token on force_refresh; the old one then answers 40001', async () => {
    const old = await token()
    const forced = (await stableToken({ force_refresh: true })).body.access_token as string
    expect(forced).not.toBe(old)
    const use = (t: string) => post(`/wxa/business/getuserphonenumber?access_token=${t}`, { code: 'x' })
    expect((await use(old)).body.errcode).toBe(40001)
    expect((await use(forced)).body.errcode).toBe(40029) // the token passed; the code did not
  })

  it('allows force_refresh 30 s apart and 20 times a day (45009 otherwise)', async () => {
    clock = Date.parse('2026-03-03T00:00:00+08:00')
    expect((await stableToken({ force_refresh: true })).body.access_token).toBeDefined()
    clock += 10_000
    expect((await stableToken({ force_refresh: true })).body.errcode).toBe(45009)
    for (let i = 1; i < 20; i++) {
      clock += 31_000
      expect((await stableToken({ force_refresh: true })).body.access_token).toBeDefined()
    }
    clock += 31_000
    expect((await stableToken({ force_refresh: true })).body.errcode).toBe(45009)
    clock = Date.parse('2026-03-04T00:00:01+08:00')
    expect((await stableToken({ force_refresh: true })).body.access_token).toBeDefined()
  })

  it('expires tokens after their lifetime (42001), and knows missing or malformed ones', async () => {
    const t = await token()
    const use = (q: string) => post(`/wxa/business/getuserphonenumber${q}`, { code: 'x' })
    clock += 7200_000
    expect((await use(`?access_token=${t}`)).body.errcode).toBe(42001)
    expect((await use('')).body.errcode).toBe(41001)
    expect((await use('?access_token=short')).body.errcode).toBe(40014)
  })
})

describe('phone numbers', () => {
  it('answer with phone_info and a watermark of our appid', async () => {
    const code = standin.issuePhoneCode('13912345678')
    const { body } = await post(`/wxa/business/getuserphonenumber?access_token=${await token()}`, { code })
    expect(body).toEqual({
      errcode: 0,
      errmsg: 'ok',
      phone_info: {
        phoneNumber: '13912345678',
        purePhoneNumber: '13912345678',
        countryCode: '86',
        watermark: { timestamp: Math.floor(clock / 1000), appid },
      },
    })
  })

  it('expire after 5 minutes', async () => {
    const code = standin.issuePhoneCode('13912345678')
    clock += 300_000
    const { body } = await post(`/wxa/business/getuserphonenumber?access_token=${await token()}`, { code })
    expect(body.errcode).toBe(40029)
  })
})

describe('subscribe messages', () => {
  it.each([
    ['an empty touser', { touser: '' }, 40003, ''],
    ['an empty template_id', { template_id: '' }, 40037, ''],
    ['no data', { data: {} }, 47003, 'data is empty'],
    ['a time that is not a time', { data: { time2: '下周一' } }, 47003, 'data.time2.value'],
    ['a phrase with letters', { data: { phrase3: 'ok' } }, 47003, 'data.phrase3.value'],
    ['a line break', { data: { thing1: '一\n二' } }, 47003, 'data.thing1.value'],
    ['an unknown miniprogram_state', { miniprogram_state: 'beta' }, 47003, 'miniprogram_state'],
  ])('refuse %s', async (_case, body, errcode, named) => {
    standin.grantSubscription('alice', TEMPLATE)
    const res = await subscribe(body)
    expect(res.body.errcode).toBe(errcode)
    expect(res.body.errmsg).toContain(named)
    expect(standin.messages()).toHaveLength(0)
  })

  it('accept a message whose values follow the rules, using one grant', async () => {
    standin.grantSubscription('alice', TEMPLATE)
    const res = await subscribe({
      data: {
        thing1: '电子台秤',
        time2: '2026-03-15 09:00 ~ 10:30',
        amount3: '￥120.50',
        phrase4: '已预约',
        character_string5: 'JD-2026-0042',
      },
    })
    expect(res.body).toMatchObject({ errcode: 0, errmsg: 'ok', msgid: expect.any(Number) })
    expect((await subscribe({})).body.errcode).toBe(43101)
  })
})

describe('official-account template messages', () => {
  it('are kept without a grant, linking to the mini-program page, for a follower only (43004)', async () => {
    const send = async () =>
      post(`/cgi-bin/message/template/send?access_token=${await token()}`, {
        touser: 'oa_alice',
        template_id: 'oa-tmpl-1',
        url: 'https://example.org/h5',
        miniprogram: { appid, pagepath: 'pages/bookings/detail?id=7' },
        data: { thing1: { value: '送检预约已确认' } },
      })
    expect((await send()).body.errcode).toBe(43004)
    await standin.followOfficialAccount('oa_alice', 'union_alice')
    const res = await send()
    expect(res.body).toMatchObject({ errcode: 0, msgid: expect.any(Number) })
    expect(standin.messages()).toEqual([
      expect.objectContaining({ kind: 'template', appid, touser: 'oa_alice', page: 'pages/bookings/detail?id=7', duplicates: 0 }),
    ])
  })
})

describe('with an official account', () => {
  const oa = { appid: 'wx00000000000000a1', secret: 'oa-test-secret', token: 'oatesttoken' }
  let both: WechatStandin
  beforeAll(async () => {
    both = await startWechatStandin({ appid, secret, now, officialAccount: oa })
  })
  afterAll(() => both.close())
  beforeEach(() => both.reset())

  const call = async (path: string, body?: unknown) => {
    const res = await fetch(`${both.url}${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) })
    return (await res.json()) as Json
  }
  const tokenOf = async (app: { appid: string; secret: string }) =>
    (await call('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: app.appid, secret: app.secret })).access_token as string
  const template = (clientMsgId?: string) => ({
    touser: 'oa_bob',
    template_id: 'oa-tmpl-booking',
    miniprogram: { appid, pagepath: 'packages/booking/detail/index?id=1' },
    data: { character_string1: { value: '2026112700001' }, phrase2: { value: '已受理' } },
    ...(clientMsgId ? { client_msg_id: clientMsgId } : {}),
  })

  it('gives each app its own token, and each API only takes its own app’s', async () => {
    const mini = await tokenOf({ appid, secret })
    const account = await tokenOf(oa)
    expect(account).not.toBe(mini)
    expect((await call('/cgi-bin/stable_token', { grant_type: 'client_credential', appid: oa.appid, secret })).errcode).toBe(40125)
    expect((await call(`/sns/jscode2session?appid=${oa.appid}&secret=${oa.secret}&js_code=dev-a&grant_type=authorization_code`)).errcode).toBe(40013)

    await both.followOfficialAccount('oa_bob', 'union_bob')
    expect((await call(`/cgi-bin/message/template/send?access_token=${mini}`, template())).errcode).toBe(48001)
    expect((await call(`/cgi-bin/message/template/send?access_token=${account}`, template())).errcode).toBe(0)
    both.grantSubscription('bob', TEMPLATE)
    const subscribe = { touser: 'bob', template_id: TEMPLATE, data: { thing1: { value: '电子台秤' } } }
    expect((await call(`/cgi-bin/message/subscribe/send?access_token=${account}`, subscribe)).errcode).toBe(48001)
    expect((await call(`/cgi-bin/message/subscribe/send?access_token=${mini}`, subscribe)).errcode).toBe(0)
    expect(both.messages().map((m) => [m.kind, m.appid])).toEqual([
      ['template', oa.appid],
      ['subscribe', appid],
    ])
  })

  it('delivers one message per (touser, client_msg_id) within 10 minutes', async () => {
    await both.followOfficialAccount('oa_bob', 'union_bob')
    const account = await tokenOf(oa)
    const first = await call(`/cgi-bin/message/template/send?access_token=${account}`, template('msg-1'))
    const again = await call(`/cgi-bin/message/template/send?access_token=${account}`, template('msg-1'))
    expect(again).toMatchObject({ errcode: 0, msgid: first.msgid })
    expect(both.messages()).toEqual([expect.objectContaining({ clientMsgId: 'msg-1', duplicates: 1 })])
    await call(`/cgi-bin/message/template/send?access_token=${account}`, template('msg-2'))
    clock += 600_000
    await call(`/cgi-bin/message/template/send?access_token=${account}`, template('msg-1'))
    expect(both.messages()).toHaveLength(3)
    expect(both.requestCount('template_send')).toBe(4)
  })

  it('tells a follower’s unionid, only subscribe: 0 after they leave, and 40003 for strangers', async () => {
    const account = await tokenOf(oa)
    const info = (openid: string) => call(`/cgi-bin/user/info?access_token=${account}&openid=${openid}&lang=zh_CN`)
    expect((await info('oa_nobody')).errcode).toBe(40003)
    await both.followOfficialAccount('oa_bob', 'union_bob')
    expect(await info('oa_bob')).toMatchObject({ subscribe: 1, openid: 'oa_bob', unionid: 'union_bob', subscribe_time: Math.floor(clock / 1000) })
    await both.unfollowOfficialAccount('oa_bob')
    expect(await info('oa_bob')).toEqual({ subscribe: 0, openid: 'oa_bob' })
    both.failNext('user_info', 45011)
    expect((await info('oa_bob')).errcode).toBe(45011)
    expect((await call(`/cgi-bin/user/info?access_token=${await tokenOf({ appid, secret })}&openid=oa_bob`)).errcode).toBe(48001)
  })

  it('pushes a signed follow event to our server over HTTP, as WeChat does', async () => {
    const received: { url: string; type: string; body: string }[] = []
    const target = http.createServer((req, res) => {
      let body = ''
      req.on('data', (c: Buffer) => (body += c.toString()))
      req.on('end', () => {
        received.push({ url: req.url ?? '', type: req.headers['content-type'] ?? '', body })
        res.end('success')
      })
    })
    await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(target.address() as AddressInfo).port}/api/v1/wechat/oa/events`
    try {
      const res = await call('/__standin/oa-follow', { openid: 'oa_carol', unionid: 'union_carol', target: url })
      expect(res).toMatchObject({ follower: { openid: 'oa_carol', unionid: 'union_carol', subscribed: true }, push: { delivered: true } })
      const [push] = received
      const query = new URL(push!.url, 'http://x').searchParams
      const [timestamp, nonce] = [query.get('timestamp')!, query.get('nonce')!]
      expect(query.get('signature')).toBe(createHash('sha1').update([oa.token, timestamp, nonce].sort().join('')).digest('hex'))
      expect(query.get('openid')).toBe('oa_carol')
      expect(push!.type).toContain('text/xml')
      expect(push!.body).toContain('<FromUserName><![CDATA[oa_carol]]></FromUserName>')
      expect(push!.body).toContain('<Event><![CDATA[subscribe]]></Event>')

      expect((await call('/__standin/oa-follow', { openid: 'oa_carol', target: url, event: 'unsubscribe' })).push).toMatchObject({ delivered: true })
      expect(received[1]!.body).toContain('<Event><![CDATA[unsubscribe]]></Event>')
      expect((await call('/__standin/followers'))).toEqual([expect.objectContaining({ openid: 'oa_carol', subscribed: false })])
      const refused = await fetch(`${both.url}/__standin/oa-follow`, { method: 'POST', body: JSON.stringify({ openid: 'oa_dan' }) })
      expect(refused.status).toBe(400)
    } finally {
      target.closeAllConnections()
      await new Promise((resolve) => target.close(resolve))
    }
  })

  it('shows both kinds of message with their channel on the page', async () => {
    await both.followOfficialAccount('oa_bob', 'union_bob')
    await call(`/cgi-bin/message/template/send?access_token=${await tokenOf(oa)}`, template('msg-9'))
    await call(`/cgi-bin/message/template/send?access_token=${await tokenOf(oa)}`, template('msg-9'))
    both.grantSubscription('bob', TEMPLATE)
    await call(`/cgi-bin/message/subscribe/send?access_token=${await tokenOf({ appid, secret })}`, {
      touser: 'bob',
      template_id: TEMPLATE,
      data: { thing1: { value: '电子台秤' } },
    })
    const html = await (await fetch(`${both.url}/`)).text()
    expect(html).toContain('小程序订阅消息 1，公众号模板消息 1')
    expect(html).toContain(`小程序订阅消息（${appid}）`)
    expect(html).toContain(`公众号模板消息（${oa.appid}）`)
    expect(html).toContain('client_msg_id msg-9，又收到 1 次相同请求（未重复送达）')
    expect(html).toContain('公众号关注者（1）')
  })
})

describe('development endpoints', () => {
  it('issue a login code over HTTP that logs in once', async () => {
    const { status, body } = await post('/__standin/login-code', { openid: 'carol' })
    expect(status).toBe(200)
    expect((await login({ js_code: body.code as string })).body.openid).toBe('carol')
    expect((await login({ js_code: body.code as string })).body.errcode).toBe(40163)
  })

  it('issue phone codes and grants over HTTP, refusing bad input with 400', async () => {
    expect((await post('/__standin/phone-code', { phoneNumber: 'abc' })).status).toBe(400)
    expect((await post('/__standin/grants', { openid: 'alice' })).status).toBe(400)
    const { body } = await post('/__standin/phone-code', { phoneNumber: '13700000000', openid: 'alice' })
    const client = new WechatClient({ appid, secret, apiBase: standin.url }, { now })
    expect((await client.getPhoneNumber(body.code as string, 'alice')).phoneNumber).toBe('13700000000')

    const grant = await post('/__standin/grants', { openid: 'alice', templateId: TEMPLATE, count: 2 })
    expect(grant.body).toMatchObject({ remaining: 2 })
    expect((await subscribe({})).body.errcode).toBe(0)
  })

  it('list received messages, newest first, on a readable page and as JSON', async () => {
    standin.grantSubscription('alice', TEMPLATE, 2)
    await subscribe({ page: 'pages/bookings/detail?id=1', data: { thing1: '第一条：电子台秤' } })
    await subscribe({ data: { thing1: '第二条 <压力表>', time2: '2026年3月16日 14:00' } })

    const res = await fetch(`${standin.url}/`)
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    const html = await res.text()
    expect(html).toContain('<meta name="viewport"')
    for (const text of ['alice', TEMPLATE, 'pages/bookings/detail?id=1', 'thing1', '2026年3月16日 14:00']) {
      expect(html).toContain(text)
    }
    expect(html).toContain('第二条 &lt;压力表&gt;')
    expect(html.indexOf('第二条')).toBeLessThan(html.indexOf('第一条'))

    const { body } = await get('/__standin/messages')
    expect(body).toEqual([
      expect.objectContaining({ data: { thing1: { value: '第一条：电子台秤' } } }),
      expect.objectContaining({ data: { thing1: { value: '第二条 <压力表>' }, time2: { value: '2026年3月16日 14:00' } } }),
    ])
  })

  it('reset forgets messages and grants', async () => {
    standin.grantSubscription('alice', TEMPLATE, 2)
    await subscribe({})
    standin.reset()
    expect(standin.messages()).toEqual([])
    expect((await subscribe({})).body.errcode).toBe(43101)
  })
})
