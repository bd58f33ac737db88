import { buildOrg } from '../../../test/helpers/factories'
import { followEventXml, signOaPush } from '../../wechat-standin/oa-push'
import { User } from '../auth/user.model'
import { OaFollower } from './follower.model'
import { OutboxMessage } from './outbox.model'
import { bookingIntent, buildNotificationsApp, type NotificationsTestApp } from './testing'

const path = '/api/v1/wechat/oa/events'

let t: NotificationsTestApp
let token: string
beforeAll(async () => {
  t = await buildNotificationsApp({ listen: true })
  token = t.deps.config.wechat.oa!.token!
})
afterAll(() => t.close())
beforeEach(() => t.standin.reset())

/** The query WeChat signs a push with; `sign` overrides the signature. */
function signed(opts: { timestamp?: string; nonce?: string; signature?: string; extra?: Record<string, string> } = {}) {
  const timestamp = opts.timestamp ?? String(Math.floor(Date.now() / 1000))
  const nonce = opts.nonce ?? '1234567890'
  const signature = opts.signature ?? signOaPush(token, timestamp, nonce)
  return new URLSearchParams({ signature, timestamp, nonce, ...opts.extra }).toString()
}

const push = (xml: string, query = signed()) => t.request.post(`${path}?${query}`).set('content-type', 'text/xml').send(xml)

const followXml = (openid: string, event: 'subscribe' | 'unsubscribe', createTime = Math.floor(Date.now() / 1000)) =>
  followEventXml({ toUser: 'gh_test', openid, event, createTime })

describe('server URL check (GET)', () => {
  it('echoes echostr when the signature holds, and refuses otherwise', async () => {
    const ok = await t.request.get(`${path}?${signed({ extra: { echostr: '5523948310' } })}`).expect(200)
    expect(ok.type).toBe('text/plain')
    expect(ok.text).toBe('5523948310')

    const bad = await t.request.get(`${path}?${signed({ signature: 'f'.repeat(40), extra: { echostr: '5523948310' } })}`).expect(403)
    expect(bad.body.error.code).toBe('WECHAT_SIGNATURE_INVALID')
    await t.request.get(path).expect(400)
  })
})

describe('event push (POST)', () => {
  it('refuses a push with a bad signature, linking nobody', async () => {
    await t.standin.followOfficialAccount('oa_forged', 'union_forged')
    const query = signed({ signature: signOaPush('some-other-token', '1700000000', '1') })
    const res = await push(followXml('oa_forged', 'subscribe'), query).expect(403)
    expect(res.body.error.code).toBe('WECHAT_SIGNATURE_INVALID')
    // A signature made for other parameters does not fit these.
    await push(followXml('oa_forged', 'subscribe'), signed({ timestamp: '1700000000', signature: signOaPush(token, '1700000001', '1234567890') })).expect(403)
    expect(await OaFollower.countDocuments({ oaOpenid: 'oa_forged' })).toBe(0)
    expect(t.standin.requestCount('user_info')).toBe(0)
  })

  it('links a follower pushed by the stand-in, who then gets template messages', async () => {
    const login = await t.request.post('/api/v1/auth/wechat').send({ code: 'dev-oa-carol' }).expect(200)
    const org = await buildOrg()
    await User.updateOne({ _id: login.body.user.id }, { $set: { orgId: org._id, orgType: 'unit', roles: ['unit_admin'] } })

    const res = await fetch(`${t.standin.url}/__standin/oa-follow`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ openid: 'oa_carol', unionid: 'union_oa-carol', target: `${t.url}${path}` }),
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ push: { delivered: true, status: 200, answer: 'success' } })
    expect(await OaFollower.findOne({ oaOpenid: 'oa_carol' }).lean()).toMatchObject({ unionid: 'union_oa-carol', subscribed: true })
    expect(t.standin.requestCount('user_info')).toBe(1)

    await t.app.services.notifications.enqueue([bookingIntent(org._id)])
    await t.app.services.notificationWorker.runOnce()
    expect(t.standin.messages()).toEqual([expect.objectContaining({ kind: 'template', touser: 'oa_carol' })])
  })

  it('unlinks on unfollow, and a late retry of the older follow changes nothing', async () => {
    const followedAt = Math.floor(Date.now() / 1000) - 60
    await t.standin.followOfficialAccount('oa_dave', 'union_dave')
    await push(followXml('oa_dave', 'subscribe', followedAt)).expect(200)
    expect(await OaFollower.findOne({ oaOpenid: 'oa_dave' }).lean()).toMatchObject({ subscribed: true, unionid: 'union_dave' })

    const push2 = await t.standin.unfollowOfficialAccount('oa_dave', `${t.url}${path}`)
    expect(push2).toMatchObject({ delivered: true })
    expect(await OaFollower.findOne({ oaOpenid: 'oa_dave' }).lean()).toMatchObject({ subscribed: false, unionid: 'union_dave' })

    await push(followXml('oa_dave', 'subscribe', followedAt)).expect(200)
    expect(await OaFollower.findOne({ oaOpenid: 'oa_dave' }).lean()).toMatchObject({ subscribed: false })
  })

  it('lets WeChat push again when the follower lookup fails', async () => {
    await t.standin.followOfficialAccount('oa_erin', 'union_erin')
    t.standin.failNext('user_info', -1)
    const res = await push(followXml('oa_erin', 'subscribe')).expect(502)
    expect(res.body.error.code).toBe('WECHAT_UNAVAILABLE')
    expect(await OaFollower.countDocuments({ oaOpenid: 'oa_erin' })).toBe(0)
    await push(followXml('oa_erin', 'subscribe')).expect(200)
    expect(await OaFollower.findOne({ oaOpenid: 'oa_erin' }).lean()).toMatchObject({ subscribed: true, unionid: 'union_erin' })
  })

  it('acknowledges other pushes without acting, and wants XML', async () => {
    const text = '<xml><ToUserName><![CDATA[gh_test]]></ToUserName><FromUserName><![CDATA[oa_frank]]></FromUserName><CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[你好]]></Content></xml>'
    expect((await push(text).expect(200)).text).toBe('success')
    expect(await OaFollower.countDocuments({ oaOpenid: 'oa_frank' })).toBe(0)

    await t.request.post(`${path}?${signed()}`).set('content-type', 'text/plain').send('hello').expect(415)
    await push('not xml at all').expect(400)
  })

  it('marks a follower gone when WeChat says they no longer follow (43004)', async () => {
    const login = await t.request.post('/api/v1/auth/wechat').send({ code: 'dev-oa-gina' }).expect(200)
    const org = await buildOrg()
    await User.updateOne({ _id: login.body.user.id }, { $set: { orgId: org._id, orgType: 'unit', roles: ['unit_admin'] } })
    await t.standin.followOfficialAccount('oa_gina', 'union_oa-gina')
    await push(followXml('oa_gina', 'subscribe', Math.floor(Date.now() / 1000) - 5)).expect(200)
    // The unfollow push was lost; WeChat still knows.
    await t.standin.unfollowOfficialAccount('oa_gina')

    await t.app.services.notifications.enqueue([bookingIntent(org._id)])
    await t.app.services.notificationWorker.runOnce()
    expect(await OutboxMessage.findOne({ userId: login.body.user.id }).lean()).toMatchObject({
      channel: 'oa_template',
      status: 'failed',
      lastError: { errcode: 43004 },
    })
    expect(await OaFollower.findOne({ oaOpenid: 'oa_gina' }).lean()).toMatchObject({ subscribed: false })
  })
})
