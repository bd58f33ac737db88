import { Types } from 'mongoose'
import { bearer } from '../../../test/helpers/app'
import { buildOrg, buildUser } from '../../../test/helpers/factories'
import { User, type UserDoc } from '../auth/user.model'
import type { OrganizationDoc } from '../organizations/model'
import { OaFollower } from './follower.model'
import { SubscribeGrant } from './grant.model'
import { Notification } from './notification.model'
import { OutboxMessage } from './outbox.model'
import { bookingIntent, buildNotificationsApp, reviewers, type NotificationsTestApp } from './testing'

const api = '/api/v1/notifications'
const TMPL = 'dev-tmpl-booking-status'
const OA_TMPL = 'dev-oa-tmpl-booking-status'

const now = new Date('2026-11-27T02:00:00Z')
let t: NotificationsTestApp
beforeAll(async () => {
  t = await buildNotificationsApp({ clock: () => now })
})
afterAll(() => t.close())
beforeEach(() => t.standin.reset())

const auth = (user: UserDoc) => bearer(t.app.services.auth.issue(user).token)

async function unit() {
  const org = await buildOrg()
  const admin = await buildUser({ org, roles: ['unit_admin'] })
  const operator = await buildUser({ org, roles: ['unit_operator'] })
  return { org, admin, operator }
}

/** The user follows the official account: the stand-in knows them, and so do we (as after the push). */
async function follows(user: UserDoc) {
  const unionid = `union_${user.openid}`
  await User.updateOne({ _id: user._id }, { $set: { unionid } })
  await t.standin.followOfficialAccount(`oa_${user.openid}`, unionid)
  await OaFollower.create({ oaOpenid: `oa_${user.openid}`, unionid, subscribed: true, eventAt: new Date() })
}

/** The user taps "allow" in `wx.requestSubscribeMessage`: WeChat and our server both learn of it. */
async function accepts(user: UserDoc, templateId = TMPL) {
  t.standin.grantSubscription(user.openid, templateId)
  await t.request.post(`${api}/subscriptions`).set(auth(user)).send({ results: { [templateId]: 'accept' } }).expect(200)
}

const delivery = async (user: UserDoc) => (await t.request.get(api).set(auth(user)).expect(200)).body.items[0].delivery

describe('enqueue', () => {
  it('writes one notification and one outbox message per member, and nothing new when repeated', async () => {
    const { org, admin, operator } = await unit()
    const intent = bookingIntent(org._id)
    expect(await t.app.services.notifications.enqueue([intent])).toEqual({ notifications: 2, messages: 2 })
    expect(await t.app.services.notifications.enqueue([intent])).toEqual({ notifications: 0, messages: 0 })
    const again = await Promise.all(Array.from({ length: 5 }, () => t.app.services.notifications.enqueue([intent])))
    expect(again.every((r) => r.notifications === 0 && r.messages === 0)).toBe(true)

    expect(await Notification.countDocuments({ intentId: intent.id })).toBe(2)
    expect(await OutboxMessage.countDocuments({ intentId: intent.id })).toBe(2)
    const recipients = (await Notification.find({ intentId: intent.id }).lean()).map((n) => String(n.userId)).sort()
    expect(recipients).toEqual([String(admin._id), String(operator._id)].sort())
  })

  it('reaches only the roles named, and one intent cannot spill into another organization', async () => {
    const inst = await buildOrg({ type: 'institution' })
    const reviewer = await buildUser({ org: inst, roles: ['inst_reviewer'] })
    await buildUser({ org: inst, roles: ['inst_verifier'] })
    await unit()
    const intent = bookingIntent(inst._id, { event: 'task_created', roles: reviewers, fields: { bookingNo: '2026112700002', unitName: '巴彦浩特示例农贸市场', count: '3' } })
    expect(await t.app.services.notifications.enqueue([intent])).toEqual({ notifications: 1, messages: 1 })
    expect((await Notification.findOne({ intentId: intent.id }).lean())!.userId).toEqual(reviewer._id)
  })

  it('refuses an intent a caller got wrong, writing nothing', async () => {
    const { org } = await unit()
    const bad = bookingIntent(org._id, { fields: { 'a.b': 'x' } })
    await expect(t.app.services.notifications.enqueue([bad])).rejects.toThrow(/field name a\.b/)
    expect(await Notification.countDocuments({ intentId: bad.id })).toBe(0)
  })
})

describe('channel, chosen when sending', () => {
  it('uses a subscribe message while the user holds a grant, consuming it once', async () => {
    const { org, admin } = await unit()
    await accepts(admin)
    await t.app.services.notifications.enqueue([bookingIntent(org._id), bookingIntent(org._id, { event: 'booking_accepted' })])
    await t.app.services.notificationWorker.runOnce()

    const messages = t.standin.messages()
    expect(messages).toEqual([
      expect.objectContaining({
        kind: 'subscribe',
        touser: admin.openid,
        templateId: TMPL,
        page: 'packages/booking/detail/index?id=test',
        data: expect.objectContaining({ character_string1: { value: '2026112700001' }, thing4: { value: '阿拉善盟检验检测中心' } }),
      }),
    ])
    const mine = await OutboxMessage.find({ userId: admin._id }).lean()
    expect(mine.map((m) => m.channel).sort()).toEqual(['in_app', 'subscribe'])
    expect(await SubscribeGrant.countDocuments({ userId: admin._id, usedAt: null })).toBe(0)
    expect(await SubscribeGrant.findOne({ userId: admin._id }).lean()).toMatchObject({ outcome: 'sent' })
  })

  it('falls back to an official-account template message for a follower, linking to the page', async () => {
    const { org, operator } = await unit()
    await follows(operator)
    await t.app.services.notifications.enqueue([bookingIntent(org._id, { event: 'booking_returned', fields: { bookingNo: '2026112700003', status: 'returned', reason: '器具出厂编号与铭牌不符，请核对后重新提交' } })])
    await t.app.services.notificationWorker.runOnce()

    expect(t.standin.messages()).toEqual([
      expect.objectContaining({
        kind: 'template',
        appid: t.deps.config.wechat.oa!.appid,
        touser: `oa_${operator.openid}`,
        templateId: OA_TMPL,
        page: 'packages/booking/detail/index?id=test',
        data: expect.objectContaining({ phrase2: { value: '已退回' }, thing5: { value: '退回原因：器具出厂编号与铭牌不符，请核…' } }),
      }),
    ])
    const message = t.standin.messages()[0]!
    expect(message.raw).toMatchObject({ miniprogram: { appid: t.deps.config.wechat.appid }, client_msg_id: expect.stringMatching(/^[0-9a-f]{24}$/) })
    expect(await delivery(operator)).toMatchObject({ channel: 'oa_template', status: 'sent', error: null })
  })

  it('keeps to the in-app list for a user with neither, and says so', async () => {
    const { org, admin } = await unit()
    await t.app.services.notifications.enqueue([bookingIntent(org._id)])
    await t.app.services.notificationWorker.runOnce()
    expect(t.standin.messages()).toHaveLength(0)
    expect(await delivery(admin)).toEqual({ channel: 'in_app', status: 'sent', error: null, sentAt: now.toISOString() })
  })

  it('moves on to the next channel when WeChat knows no grant (43101)', async () => {
    const { org, admin } = await unit()
    await follows(admin)
    // Our server was told "accept", but WeChat has no grant (the user withdrew it).
    await t.request.post(`${api}/subscriptions`).set(auth(admin)).send({ results: { [TMPL]: 'accept' } }).expect(200)
    await t.app.services.notifications.enqueue([bookingIntent(org._id)])
    await t.app.services.notificationWorker.runOnce()

    expect(t.standin.requestCount('subscribe_send')).toBe(1)
    expect(t.standin.messages()).toEqual([expect.objectContaining({ kind: 'template', touser: `oa_${admin.openid}` })])
    expect(await SubscribeGrant.findOne({ userId: admin._id }).lean()).toMatchObject({ outcome: 'refused' })
    expect(await delivery(admin)).toMatchObject({ channel: 'oa_template', status: 'sent' })
  })
})

describe('GET /notifications and read marks', () => {
  let admin: UserDoc
  let org: OrganizationDoc
  beforeAll(async () => {
    ;({ org, admin } = await unit())
    const at = (minutes: number) => new Date(Date.parse('2026-11-27T02:00:00Z') + minutes * 60_000)
    await t.app.services.notifications.enqueue([
      bookingIntent(org._id, { title: '第一条', at: at(0) }),
      bookingIntent(org._id, { title: '第二条', at: at(1) }),
      bookingIntent(org._id, { title: '第三条', at: at(2) }),
    ])
  })

  it('needs a login, and checks the query', async () => {
    await t.request.get(api).expect(401)
    const res = await t.request.get(`${api}?unread=yes`).set(auth(admin)).expect(400)
    expect(res.body.error.details).toEqual([{ path: 'unread', message: 'unread 只能是 true 或 false' }])
  })

  it('lists the full text newest first, with the delivery state', async () => {
    const res = await t.request.get(`${api}?pageSize=2`).set(auth(admin)).expect(200)
    expect(res.body).toMatchObject({ total: 3, page: 1, pageSize: 2 })
    expect(res.body.items.map((n: { title: string }) => n.title)).toEqual(['第三条', '第二条'])
    expect(res.body.items[0]).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      event: 'booking_submitted',
      title: '第三条',
      body: '您的预约 2026112700001 已提交，等待阿拉善盟检验检测中心受理。',
      page: 'packages/booking/detail/index?id=test',
      createdAt: '2026-11-27T02:02:00.000Z',
      readAt: null,
      delivery: { channel: null, status: 'pending', error: null, sentAt: null },
    })
  })

  it('counts unread ones, marks one and then all read', async () => {
    const count = async () => (await t.request.get(`${api}/unread-count`).set(auth(admin)).expect(200)).body.count
    expect(await count()).toBe(3)
    const [newest] = (await t.request.get(api).set(auth(admin)).expect(200)).body.items
    const read = await t.request.post(`${api}/${newest.id}/read`).set(auth(admin)).expect(200)
    expect(read.body).toMatchObject({ id: newest.id, readAt: now.toISOString() })
    await t.request.post(`${api}/${newest.id}/read`).set(auth(admin)).expect(200)
    expect(await count()).toBe(2)

    const unread = await t.request.get(`${api}?unread=true`).set(auth(admin)).expect(200)
    expect(unread.body.items.map((n: { title: string }) => n.title)).toEqual(['第二条', '第一条'])
    const readOnes = await t.request.get(`${api}?unread=false`).set(auth(admin)).expect(200)
    expect(readOnes.body.items.map((n: { title: string }) => n.title)).toEqual(['第三条'])

    expect((await t.request.post(`${api}/read-all`).set(auth(admin)).expect(200)).body).toEqual({ count: 2 })
    expect(await count()).toBe(0)
  })

  it("answers 404 for another user's notification, and for one that does not exist", async () => {
    const [mine] = (await t.request.get(api).set(auth(admin)).expect(200)).body.items
    const stranger = await buildUser({ roles: ['unit_admin'] })
    const res = await t.request.post(`${api}/${mine.id}/read`).set(auth(stranger)).expect(404)
    expect(res.body.error.code).toBe('NOTIFICATION_NOT_FOUND')
    await t.request.post(`${api}/${String(new Types.ObjectId())}/read`).set(auth(admin)).expect(404)
    expect((await t.request.get(api).set(auth(stranger)).expect(200)).body.total).toBe(0)
  })
})

describe('subscribe templates and grants', () => {
  it('tells the mini-program which templates to ask for at 提交申请', async () => {
    const { admin } = await unit()
    const res = await t.request.get(`${api}/templates`).set(auth(admin)).expect(200)
    expect(res.body).toEqual({
      atBookingSubmit: [TMPL],
      atTaskQueue: ['dev-tmpl-task-created'],
      atLedger: ['dev-tmpl-reminder'],
      templates: [
        { templateId: TMPL, title: '预约状态通知', events: ['booking_submitted', 'booking_accepted', 'booking_returned', 'booking_withdrawn', 'booking_item_removed', 'certificate_issued'] },
        { templateId: 'dev-tmpl-task-created', title: '新检定任务提醒', events: ['task_created'] },
        { templateId: 'dev-tmpl-reminder', title: '检定到期提醒', events: ['reminder_due', 'reminder_overdue'] },
      ],
    })
  })

  it('stores one grant per accept, ignores templates we do not use, and checks the answers', async () => {
    const { admin } = await unit()
    const res = await t.request
      .post(`${api}/subscriptions`)
      .set(auth(admin))
      .send({ results: { [TMPL]: 'accept', 'dev-tmpl-task-created': 'reject', 'someone-elses': 'accept' } })
      .expect(200)
    expect(res.body).toEqual({ recorded: 1, ignored: ['someone-elses'] })
    expect(await SubscribeGrant.countDocuments({ userId: admin._id, templateId: TMPL, usedAt: null })).toBe(1)

    const bad = await t.request.post(`${api}/subscriptions`).set(auth(admin)).send({ results: { [TMPL]: 'maybe' } }).expect(400)
    expect(bad.body.error.details[0]).toMatchObject({ path: `results.${TMPL}` })
  })
})
