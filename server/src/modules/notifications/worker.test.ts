import { spawn } from 'node:child_process'
import path from 'node:path'
import mongoose from 'mongoose'
import { bearer } from '../../../test/helpers/app'
import { buildOrg, buildUser } from '../../../test/helpers/factories'
import { User, type UserDoc } from '../auth/user.model'
import { OaFollower } from './follower.model'
import { SubscribeGrant } from './grant.model'
import { OutboxMessage } from './outbox.model'
import { bookingIntent, buildNotificationsApp, type NotificationsTestApp } from './testing'

const TMPL = 'dev-tmpl-booking-status'

let now = new Date('2026-11-27T02:00:00Z')
const later = (ms: number) => (now = new Date(now.getTime() + ms))
let t: NotificationsTestApp
beforeAll(async () => {
  t = await buildNotificationsApp({ clock: () => now })
})
afterAll(() => t.close())
beforeEach(async () => {
  // Each story starts with nothing left to send from the one before.
  await t.app.services.notificationWorker.runOnce()
  t.standin.reset()
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function member() {
  const org = await buildOrg()
  const user = await buildUser({ org, roles: ['unit_admin'] })
  return { org, user }
}

async function grants(user: UserDoc, count = 1) {
  t.standin.grantSubscription(user.openid, TMPL, count)
  await SubscribeGrant.insertMany(Array.from({ length: count }, () => ({ userId: user._id, templateId: TMPL, grantedAt: now })))
}

async function follows(user: UserDoc) {
  const unionid = `union_${user.openid}`
  await User.updateOne({ _id: user._id }, { $set: { unionid } })
  await t.standin.followOfficialAccount(`oa_${user.openid}`, unionid)
  await OaFollower.create({ oaOpenid: `oa_${user.openid}`, unionid, subscribed: true, eventAt: now })
}

const deliveryOf = async (user: UserDoc) => {
  const res = await t.request.get('/api/v1/notifications').set(bearer(t.app.services.auth.issue(user).token)).expect(200)
  return res.body.items[0].delivery
}

/**
 * A process that sends a message and dies before hearing back: requests to `path` reach the
 * stand-in (which acts on them), but their answer never arrives until `die()` drops the connection.
 */
function dyingAfterSending(path: string) {
  let die!: () => void
  const gone = new Promise<never>((_resolve, reject) => {
    die = () => reject(Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } }))
  })
  gone.catch(() => undefined)
  const fetchFn: typeof fetch = async (input, init) => {
    const res = await fetch(input, init)
    if (!String(input).includes(path)) return res
    await res.text()
    return gone
  }
  return { fetch: fetchFn, die }
}

async function until(check: () => boolean) {
  for (let i = 0; i < 500 && !check(); i++) await sleep(10)
  expect(check()).toBe(true)
}

describe('retries', () => {
  it('retries a message WeChat was too busy for after the backoff, then sends it once', async () => {
    const { org, user } = await member()
    await grants(user)
    await t.app.services.notifications.enqueue([bookingIntent(org._id)])
    t.standin.failNext('subscribe_send', -1)

    expect(await t.app.services.notificationWorker.runOnce()).toMatchObject({ retrying: 1, sent: 0 })
    expect(await deliveryOf(user)).toMatchObject({
      channel: 'subscribe',
      status: 'pending',
      error: { errcode: -1, message: '微信系统繁忙', errmsg: expect.stringContaining('system error') },
    })
    later(4_000)
    expect(await t.app.services.notificationWorker.runOnce()).toMatchObject({ retrying: 0, sent: 0 })
    later(1_000)
    expect(await t.app.services.notificationWorker.runOnce()).toMatchObject({ sent: 1 })

    expect(t.standin.messages()).toHaveLength(1)
    expect(t.standin.requestCount('subscribe_send')).toBe(2)
    expect(await deliveryOf(user)).toMatchObject({ channel: 'subscribe', status: 'sent', error: null })
    expect(await OutboxMessage.findOne({ userId: user._id }).lean()).toMatchObject({ attempts: 2 })
  })

  it('marks a message WeChat refuses for good as failed, visibly, and gives the grant back', async () => {
    const { org, user } = await member()
    await grants(user)
    await t.app.services.notifications.enqueue([bookingIntent(org._id)])
    t.standin.failNext('subscribe_send', 47003)

    expect(await t.app.services.notificationWorker.runOnce()).toMatchObject({ failed: 1 })
    expect(await deliveryOf(user)).toMatchObject({
      channel: 'subscribe',
      status: 'failed',
      error: { errcode: 47003, message: '消息内容不符合微信规则' },
    })
    later(3_600_000)
    await t.app.services.notificationWorker.runOnce()
    expect(t.standin.requestCount('subscribe_send')).toBe(1)

    // WeChat did not use the grant, so the next message still goes by subscribe message.
    await t.app.services.notifications.enqueue([bookingIntent(org._id, { event: 'booking_accepted' })])
    expect(await t.app.services.notificationWorker.runOnce()).toMatchObject({ sent: 1 })
    expect(t.standin.messages()).toEqual([expect.objectContaining({ kind: 'subscribe', touser: user.openid })])
  })

  it('gives up after the configured number of attempts, backing off further each time', async () => {
    const { org, user } = await member()
    await follows(user)
    await t.app.services.notifications.enqueue([bookingIntent(org._id)])
    const max = t.deps.config.notifications.maxAttempts
    t.standin.failNext('template_send', 45011, max)

    const waits: number[] = []
    for (let i = 0; i < max; i++) {
      await t.app.services.notificationWorker.runOnce()
      const message = (await OutboxMessage.findOne({ userId: user._id }).lean())!
      if (message.status === 'pending') waits.push(message.dueAt.getTime() - now.getTime())
      later(3_600_000)
    }
    expect(waits).toEqual([5_000, 30_000, 120_000, 600_000, 3_600_000])
    expect(t.standin.requestCount('template_send')).toBe(max)
    expect(await deliveryOf(user)).toMatchObject({ channel: 'oa_template', status: 'failed', error: { errcode: 45011 } })
  })

  it('does not send to someone who has left the organization since', async () => {
    const { org, user } = await member()
    await follows(user)
    await t.app.services.notifications.enqueue([bookingIntent(org._id)])
    await User.updateOne({ _id: user._id }, { $set: { orgId: null, orgType: null, roles: [] } })
    expect(await t.app.services.notificationWorker.runOnce()).toMatchObject({ cancelled: 1 })
    expect(t.standin.requestCount('template_send')).toBe(0)
  })
})

describe('exactly once', () => {
  it('two workers racing over 50 messages send each exactly once', async () => {
    const { org, user } = await member()
    await follows(user)
    await grants(user, 25)
    await t.app.services.notifications.enqueue(Array.from({ length: 50 }, () => bookingIntent(org._id)))

    const [a, b] = [t.worker(), t.worker()]
    const reports = await Promise.all([a.runOnce(), b.runOnce()])
    expect([reports[0]!.sent > 0, reports[1]!.sent > 0, reports[0]!.sent + reports[1]!.sent]).toEqual([true, true, 50])

    expect(t.standin.requestCount('subscribe_send')).toBe(25)
    expect(t.standin.requestCount('template_send')).toBe(25)
    const messages = t.standin.messages()
    expect(messages).toHaveLength(50)
    expect(new Set(messages.filter((m) => m.kind === 'template').map((m) => m.clientMsgId)).size).toBe(25)
    expect(await OutboxMessage.countDocuments({ userId: user._id, status: 'sent', attempts: 1 })).toBe(50)
    expect(await SubscribeGrant.countDocuments({ userId: user._id, outcome: 'sent' })).toBe(25)
  }, 30_000)

  it('two processes racing over 30 messages send each exactly once', async () => {
    const { org, user } = await member()
    await follows(user)
    await grants(user, 6)
    await t.app.services.notifications.enqueue(Array.from({ length: 30 }, () => bookingIntent(org._id)))

    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'worker-child.ts'), t.standin.url], {
      cwd: path.resolve(__dirname, '../../../..'),
      env: {
        ...process.env,
        MONGODB_URI: process.env.QJT_TEST_MONGODB_URI,
        MONGODB_DB: mongoose.connection.name,
        QJT_NOW: String(now.getTime()),
        LOG_LEVEL: 'silent',
      },
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    const lines: string[] = []
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)))
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    await until(() => lines.includes('ready'))

    child.stdin.write('go\n')
    const worker = t.worker()
    let sent = 0
    for (let pass = await worker.runOnce(); pass.sent > 0; pass = await worker.runOnce()) sent += pass.sent
    expect(await exited).toBe(0)
    const theirs = (JSON.parse(lines[lines.length - 1]!) as { sent: number }).sent

    expect([sent > 0, theirs > 0, sent + theirs]).toEqual([true, true, 30])
    expect(t.standin.requestCount('subscribe_send')).toBe(6)
    expect(t.standin.requestCount('template_send')).toBe(24)
    expect(t.standin.messages()).toHaveLength(30)
    expect(await OutboxMessage.countDocuments({ userId: user._id, status: 'sent', attempts: 1 })).toBe(30)
  }, 60_000)

  it('never repeats a subscribe message whose sender died mid-send: it becomes unconfirmed', async () => {
    const { org, user } = await member()
    await grants(user, 2)
    await t.app.services.notifications.enqueue([bookingIntent(org._id)])
    const dying = dyingAfterSending('/cgi-bin/message/subscribe/send')
    const first = t.worker({ fetch: dying.fetch })
    const abandoned = first.runOnce()
    await until(() => t.standin.messages().length === 1)

    const other = t.worker()
    expect(await other.runOnce()).toMatchObject({ recovered: 0, sent: 0 }) // still within the send timeout
    later(3 * 60_000)
    expect(await other.runOnce()).toMatchObject({ recovered: 1 })
    later(3_600_000)
    await other.runOnce()
    expect(t.standin.requestCount('subscribe_send')).toBe(1)
    expect(await deliveryOf(user)).toMatchObject({ channel: 'subscribe', status: 'unconfirmed' })

    // The dead sender's late answer changes nothing.
    dying.die()
    await abandoned
    expect(await deliveryOf(user)).toMatchObject({ status: 'unconfirmed' })
    expect(t.standin.messages()).toHaveLength(1)
    expect(await SubscribeGrant.countDocuments({ userId: user._id, outcome: 'unknown' })).toBe(1)
  })

  it('sends a template message again after its sender died, delivered once thanks to client_msg_id', async () => {
    const { org, user } = await member()
    await follows(user)
    await t.app.services.notifications.enqueue([bookingIntent(org._id)])
    const dying = dyingAfterSending('/cgi-bin/message/template/send')
    const abandoned = t.worker({ fetch: dying.fetch }).runOnce()
    await until(() => t.standin.messages().length === 1)

    later(3 * 60_000)
    expect(await t.worker().runOnce()).toMatchObject({ recovered: 1, sent: 1 })
    expect(t.standin.requestCount('template_send')).toBe(2)
    const messages = t.standin.messages()
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatchObject({ kind: 'template', duplicates: 1 })
    expect(await deliveryOf(user)).toMatchObject({ channel: 'oa_template', status: 'sent' })

    dying.die()
    await abandoned
    expect(await deliveryOf(user)).toMatchObject({ status: 'sent' })
  })

  it('leaves an interrupted template message unconfirmed once WeChat no longer de-duplicates it', async () => {
    const { org, user } = await member()
    await follows(user)
    await t.app.services.notifications.enqueue([bookingIntent(org._id)])
    const dying = dyingAfterSending('/cgi-bin/message/template/send')
    const abandoned = t.worker({ fetch: dying.fetch }).runOnce()
    await until(() => t.standin.messages().length === 1)

    later(11 * 60_000)
    expect(await t.worker().runOnce()).toMatchObject({ recovered: 1, unconfirmed: 1 })
    expect(t.standin.requestCount('template_send')).toBe(1)
    expect(await deliveryOf(user)).toMatchObject({ channel: 'oa_template', status: 'unconfirmed' })
    dying.die()
    await abandoned
  })
})

describe('an intent’s own channels', () => {
  it('are tried in its order, and in_app (or the end of the list) stops there', async () => {
    const { org, user } = await member()
    await follows(user)
    await grants(user, 2)
    await t.app.services.notifications.enqueue([
      bookingIntent(org._id, { channels: ['oa_template', 'subscribe', 'in_app'] }),
      bookingIntent(org._id, { channels: ['in_app'] }),
    ])
    expect(await t.app.services.notificationWorker.runOnce()).toMatchObject({ sent: 2 })
    expect(t.standin.messages().map((m) => m.kind)).toEqual(['template'])
    expect(await SubscribeGrant.countDocuments({ userId: user._id, usedAt: null })).toBe(2)

    // Not following any more: the next allowed channel, a grant, carries it.
    await OaFollower.updateMany({ unionid: `union_${user.openid}` }, { $set: { subscribed: false } })
    await t.app.services.notifications.enqueue([bookingIntent(org._id, { channels: ['oa_template', 'subscribe'] }), bookingIntent(org._id, { channels: ['oa_template'] })])
    expect(await t.app.services.notificationWorker.runOnce()).toMatchObject({ sent: 2 })
    expect(t.standin.messages().map((m) => m.kind)).toEqual(['template', 'subscribe'])
    expect((await OutboxMessage.find({ userId: user._id }).lean()).map((m) => m.channel).sort()).toEqual(['in_app', 'in_app', 'oa_template', 'subscribe'])
  })

  it('must name known channels, each once', async () => {
    const { org } = await member()
    await expect(t.app.services.notifications.enqueue([bookingIntent(org._id, { channels: [] })])).rejects.toThrow('channels must name at least one channel')
    await expect(t.app.services.notifications.enqueue([bookingIntent(org._id, { channels: ['sms' as 'in_app'] })])).rejects.toThrow('unknown channel')
    await expect(t.app.services.notifications.enqueue([bookingIntent(org._id, { channels: ['in_app', 'in_app'] })])).rejects.toThrow('twice')
  })
})

describe('the loop', () => {
  it('runs passes until stopped, and a fresh enqueue wakes it', async () => {
    const { org, user } = await member()
    await follows(user)
    const worker = t.app.services.notificationWorker
    const service = t.app.services.notifications
    worker.start()
    await sleep(50)
    try {
      await service.enqueue([bookingIntent(org._id)])
      await until(() => t.standin.messages().length === 1)
    } finally {
      await worker.stop()
    }
    await service.enqueue([bookingIntent(org._id)])
    await sleep(100)
    expect(t.standin.messages()).toHaveLength(1)
  })
})
