import { spawn } from 'node:child_process'
import path from 'node:path'
import mongoose, { Types } from 'mongoose'
import shipped from '../../seed/data/catalogue.json'
import { buildInstrument, buildOrg, buildUser } from '../../../test/helpers/factories'
import type { OrganizationDoc } from '../organizations/model'
import { User, type UserDoc } from '../auth/user.model'
import { Claim } from '../../db/claims'
import { Instrument, type InstrumentDoc } from '../instruments/model'
import { OaFollower } from '../notifications/follower.model'
import { SubscribeGrant } from '../notifications/grant.model'
import { Notification } from '../notifications/notification.model'
import { OutboxMessage } from '../notifications/outbox.model'
import { buildNotificationsApp, type NotificationsTestApp } from '../notifications/testing'
import { createReminderScheduler } from '../../services'
import { Reminder } from './model'
import { reminderKey } from './rules'

/** 10:00 in China on `date`. */
const on = (date: string) => new Date(`${date}T10:00:00+08:00`)

let now = on('2026-11-20')
let t: NotificationsTestApp
beforeAll(async () => {
  t = await buildNotificationsApp({ clock: () => now })
  await t.app.services.reference.loadCatalogue(shipped, { origin: 'seed' })
})
afterAll(() => t.close())
beforeEach(async () => {
  // A run reads every instrument, so each story starts with only its own.
  await Promise.all([Instrument.deleteMany({}), Reminder.deleteMany({}), Notification.deleteMany({}), OutboxMessage.deleteMany({})])
  await Claim.deleteMany({ kind: 'lease' })
  t.standin.reset()
})

const scheduler = () => t.app.services.reminders
const run = (date: string) => {
  now = on(date)
  return scheduler().runOnce(now)
}

async function unit(members = 2) {
  const org = await buildOrg()
  const users: UserDoc[] = []
  for (let i = 0; i < members; i++) users.push(await buildUser({ org, roles: [i === 0 ? 'unit_admin' : 'unit_operator'] }))
  return { org, users }
}

const scale = (org: OrganizationDoc, validUntil: string, fields: Partial<InstrumentDoc> = {}) =>
  buildInstrument({ org, validUntil, verifyStatus: 'verified', verifyResult: 'pass', ...fields })

const waterMeter = (org: OrganizationDoc, validUntil: string) =>
  buildInstrument({ org, validUntil, name: '户用水表', level1Code: '07', level1Name: '水表', level2Code: '0701', level2Name: '水表', verifyStatus: 'verified' })

/** What one user was told, oldest first. */
const told = async (user: UserDoc) =>
  (await Notification.find({ userId: user._id }).sort({ at: 1, _id: 1 }).lean()).map((n) => ({ event: n.event, title: n.title, body: n.body }))

describe('stages', () => {
  it('sends 30, 7 and 1 days before 有效期至 and the day after, each once, to every member', async () => {
    const { org, users } = await unit()
    const row = await scale(org, '2026-12-31')

    expect(await run('2026-11-20')).toMatchObject({ skipped: false, sent: 0 })
    expect(await run('2026-12-01')).toMatchObject({ sent: 1, messages: 1 })
    expect(await run('2026-12-01')).toMatchObject({ sent: 0 })
    expect(await run('2026-12-10')).toMatchObject({ sent: 0 })
    expect(await run('2026-12-24')).toMatchObject({ sent: 1 })
    expect(await run('2026-12-24')).toMatchObject({ sent: 0 })
    expect(await run('2026-12-30')).toMatchObject({ sent: 1 })
    // 有效期至 itself is the last valid day: still the 1-day reminder, already sent.
    expect(await run('2026-12-31')).toMatchObject({ sent: 0 })
    expect(await run('2027-01-01')).toMatchObject({ sent: 1 })
    expect(await run('2027-01-15')).toMatchObject({ sent: 0 })

    const what = `电子计价秤（器具编码 ${row.code}）`
    const expected = [
      { event: 'reminder_due', title: '器具检定30天内到期', body: `${what}将于 2026-12-31 到期，请及时预约检定。` },
      { event: 'reminder_due', title: '器具检定7天内到期', body: `${what}将于 2026-12-31 到期，请及时预约检定。` },
      { event: 'reminder_due', title: '器具检定即将到期', body: `${what}将于 2026-12-31 到期，请及时预约检定。` },
      { event: 'reminder_overdue', title: '器具检定已逾期', body: `${what}有效期至 2026-12-31，已逾期，依法应停止使用并尽快检定。` },
    ]
    for (const user of users) expect(await told(user)).toEqual(expected)
    expect((await Reminder.find().sort({ at: 1 }).lean()).map((r) => r._id)).toEqual(
      ['d30', 'd7', 'd1', 'overdue'].map((s) => reminderKey(row._id, '2026-12-31', s as 'd30')),
    )
  })

  it('after a gap sends only the stage that applies now, not the ones it missed', async () => {
    const { org, users } = await unit(1)
    const soon = await scale(org, '2026-12-31')
    const past = await scale(org, '2026-12-05', { name: '电子台秤' })

    // Offline from 2026-11-01 to 2026-12-26: 5 days before `soon`'s 有效期至, 21 days after `past`'s.
    expect(await run('2026-11-01')).toMatchObject({ sent: 0 })
    expect(await run('2026-12-26')).toMatchObject({ sent: 2, messages: 2 })
    expect((await told(users[0]!)).sort((a, b) => a.event.localeCompare(b.event))).toEqual([
      { event: 'reminder_due', title: '器具检定7天内到期', body: `电子计价秤（器具编码 ${soon.code}）将于 2026-12-31 到期，请及时预约检定。` },
      { event: 'reminder_overdue', title: '器具检定已逾期', body: `电子台秤（器具编码 ${past.code}）有效期至 2026-12-05，已逾期，依法应停止使用并尽快检定。` },
    ])
    expect(await Reminder.countDocuments()).toBe(2)

    // Later stages still come, once each.
    expect(await run('2026-12-30')).toMatchObject({ sent: 1 })
    expect(await run('2027-01-01')).toMatchObject({ sent: 1 })
    expect(await run('2027-01-02')).toMatchObject({ sent: 0 })
    expect(await Notification.countDocuments({ userId: users[0]!._id })).toBe(4)
  })

  it('starts again from the beginning for an instrument verified anew, and forgets the old 有效期至', async () => {
    const { org, users } = await unit(1)
    const row = await scale(org, '2026-12-31')
    expect(await run('2026-12-01')).toMatchObject({ sent: 1 })

    // Issuance wrote a new 有效期至.
    await Instrument.updateOne({ _id: row._id }, { $set: { validUntil: '2027-12-31' } })
    expect(await run('2026-12-24')).toMatchObject({ sent: 0, pruned: 1 })
    expect(await Reminder.countDocuments()).toBe(0)
    expect(await run('2027-12-01')).toMatchObject({ sent: 1 })
    expect(await run('2027-12-31')).toMatchObject({ sent: 1 })

    const titles = (await told(users[0]!)).map((n) => [n.title, n.body.match(/\d{4}-\d{2}-\d{2}/)![0]])
    expect(titles).toEqual([
      ['器具检定30天内到期', '2026-12-31'],
      ['器具检定30天内到期', '2027-12-31'],
      ['器具检定即将到期', '2027-12-31'],
    ])
  })

  it('says 到期轮换 for kinds that are replaced, not re-verified', async () => {
    const { org, users } = await unit(1)
    const meter = await waterMeter(org, '2027-06-01')
    expect(await run('2027-05-25')).toMatchObject({ sent: 1 })
    expect(await run('2027-06-02')).toMatchObject({ sent: 1 })
    expect(await told(users[0]!)).toEqual([
      { event: 'reminder_due', title: '器具7天内到期轮换', body: `户用水表（器具编码 ${meter.code}）将于 2027-06-01 到期，须按期更换（到期轮换）。` },
      {
        event: 'reminder_overdue',
        title: '器具已到期，须停用更换',
        body: `户用水表（器具编码 ${meter.code}）有效期至 2027-06-01，已逾期，依法应停止使用并更换（到期轮换）。`,
      },
    ])
  })

  it('leaves out scrapped instruments, and booked ones until 有效期至 has passed', async () => {
    const { org, users } = await unit(1)
    await scale(org, '2026-12-03', { status: 'scrapped' })
    const booked = await scale(org, '2026-12-03', { openBookingId: new Types.ObjectId(), verifyStatus: 'booked' })
    const disabled = await scale(org, '2026-12-03', { status: 'disabled' })

    expect(await run('2026-12-01')).toMatchObject({ sent: 1 })
    expect(await run('2026-12-04')).toMatchObject({ sent: 2, messages: 1 })
    const [first, second] = await told(users[0]!)
    expect(first!.body).toContain(disabled.code)
    expect(second).toMatchObject({ event: 'reminder_overdue' })
    expect(second!.body).toContain(booked.code)
    expect(second!.body).toContain(disabled.code)
    expect(await Reminder.countDocuments()).toBe(3)
  })
})

describe('one message per unit and stage', () => {
  it('lists a unit’s instruments due together in one message: the count and the first few codes', async () => {
    const market = await unit(2)
    const rows: InstrumentDoc[] = []
    for (let i = 0; i < 7; i++) rows.push(await scale(market.org, i < 4 ? '2026-12-31' : '2027-01-02'))
    const meter = await waterMeter(market.org, '2026-12-31')
    const stall = await unit(1)
    await scale(stall.org, '2026-12-31')

    // A month offline: the market's 7 scales are all at the 30-day stage now.
    expect(await run('2026-12-10')).toMatchObject({ sent: 9, messages: 3 })

    const codes = [...rows].sort((a, b) => (a.validUntil! + a.code).localeCompare(b.validUntil! + b.code)).map((r) => r.code)
    for (const user of market.users) {
      expect(await told(user)).toEqual(
        expect.arrayContaining([
          {
            event: 'reminder_due',
            title: '器具检定30天内到期',
            body: `7台器具将于 2026-12-31 至 2027-01-02 到期，请及时预约检定：${codes
              .slice(0, 5)
              .map((c) => `电子计价秤（${c}）`)
              .join('、')} 等7台。`,
          },
          { event: 'reminder_due', title: '器具30天内到期轮换', body: `户用水表（器具编码 ${meter.code}）将于 2026-12-31 到期，须按期更换（到期轮换）。` },
        ]),
      )
      expect(await Notification.countDocuments({ userId: user._id })).toBe(2)
    }
    const digest = await OutboxMessage.findOne({ userId: market.users[0]!._id, 'fields.count': '7' }).lean()
    expect(digest).toMatchObject({
      page: 'pages/ledger/index',
      fields: { instrumentName: '电子计价秤等7台', code: codes[0], validUntil: '2026-12-31~2027-01-02', count: '7', stage: 'd30' },
      channels: ['oa_template', 'in_app'],
    })
    expect(await Notification.countDocuments({ userId: stall.users[0]!._id })).toBe(1)
  })
})

describe('channels', () => {
  const REMINDER_TMPL = 'dev-tmpl-reminder'

  async function follows(user: UserDoc) {
    const unionid = `union_${user.openid}`
    await User.updateOne({ _id: user._id }, { $set: { unionid } })
    await t.standin.followOfficialAccount(`oa_${user.openid}`, unionid)
    await OaFollower.create({ oaOpenid: `oa_${user.openid}`, unionid, subscribed: true, eventAt: now })
  }

  async function grants(user: UserDoc) {
    t.standin.grantSubscription(user.openid, REMINDER_TMPL, 1)
    await SubscribeGrant.create({ userId: user._id, templateId: REMINDER_TMPL, grantedAt: now })
  }

  const deliveries = async (user: UserDoc) =>
    (await OutboxMessage.find({ userId: user._id }).sort({ createdAt: 1 }).lean()).map((m) => [m.fields.stage, m.channel, m.status])

  it('sends the 30-day reminder by the official account or in-app only, keeping a subscribe grant for an urgent one', async () => {
    const { org, users } = await unit(2)
    const [follower, granter] = users as [UserDoc, UserDoc]
    await follows(follower)
    await grants(follower)
    await grants(granter)
    const row = await scale(org, '2026-12-31')

    await run('2026-12-01')
    expect(await t.app.services.notificationWorker.runOnce()).toMatchObject({ sent: 2, failed: 0 })
    expect(await deliveries(follower)).toEqual([['d30', 'oa_template', 'sent']])
    expect(await deliveries(granter)).toEqual([['d30', 'in_app', 'sent']])
    expect(await SubscribeGrant.countDocuments({ usedAt: null })).toBe(2)

    await run('2026-12-24')
    expect(await t.app.services.notificationWorker.runOnce()).toMatchObject({ sent: 2, failed: 0 })
    // The account is still preferred; without a follow, the grant given for reminders is used.
    expect(await deliveries(follower)).toEqual([
      ['d30', 'oa_template', 'sent'],
      ['d7', 'oa_template', 'sent'],
    ])
    expect(await deliveries(granter)).toEqual([
      ['d30', 'in_app', 'sent'],
      ['d7', 'subscribe', 'sent'],
    ])
    expect(await SubscribeGrant.countDocuments({ userId: follower._id, usedAt: null })).toBe(1)

    const messages = t.standin.messages()
    expect(messages.map((m) => [m.kind, m.templateId]).sort()).toEqual([
      ['subscribe', REMINDER_TMPL],
      ['template', 'dev-oa-tmpl-reminder'],
      ['template', 'dev-oa-tmpl-reminder'],
    ])
    expect(messages.find((m) => m.kind === 'subscribe')).toMatchObject({
      touser: granter.openid,
      page: `packages/ledger/detail/index?id=${String(row._id)}`,
      data: {
        thing1: { value: '电子计价秤' },
        character_string2: { value: row.code },
        date3: { value: '2026-12-31' },
        thing4: { value: '请及时预约检定' },
      },
    })
  })
})

describe('two schedulers', () => {
  /** Units with instruments at every stage on 2026-12-26, and what is due then: one reminder each. */
  async function fixture() {
    const units = []
    let due = 0
    for (let u = 0; u < 4; u++) {
      const { org, users } = await unit(2)
      for (const validUntil of ['2026-12-27', '2027-01-01', '2027-01-20', '2026-12-01', '2027-03-01']) {
        for (let i = 0; i < 3; i++) await scale(org, validUntil)
        if (validUntil !== '2027-03-01') due += 3
      }
      units.push({ org, users })
    }
    return { units, due }
  }

  /** Every reminder went out in exactly one message, which every member of its unit got. */
  async function expectEachOnce(units: { users: UserDoc[] }[], due: number) {
    const reminders = await Reminder.find().lean()
    expect(reminders).toHaveLength(due)
    expect(reminders.every((r) => r.enqueuedAt)).toBe(true)
    const digests = new Set(reminders.map((r) => r.digestId))
    for (const { users } of units) {
      for (const user of users) {
        const messages = await OutboxMessage.find({ userId: user._id }).lean()
        expect(messages.every((m) => digests.has(m.intentId))).toBe(true)
        // Each unit has 12 reminders due, whichever scheduler's messages carry them.
        expect(messages.reduce((n, m) => n + Number(m.fields.count), 0)).toBe(12)
      }
    }
  }

  it('running at once, send each reminder exactly once', async () => {
    const { units, due } = await fixture()
    now = on('2026-12-26')
    const other = createReminderScheduler(t.deps, t.app.services)
    const reports = await Promise.all([scheduler().runOnce(now), other.runOnce(now)])
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(due)
    await expectEachOnce(units, due)
    expect((await Promise.all([scheduler().runOnce(now), other.runOnce(now)])).map((r) => r.sent)).toEqual([0, 0])
  })

  it('overlapping without the lease (one taken over from a slow holder), still send each reminder once', async () => {
    const { units, due } = await fixture()
    now = on('2026-12-26')
    const schedulers = [scheduler(), createReminderScheduler(t.deps, t.app.services), createReminderScheduler(t.deps, t.app.services)]
    const reports = await Promise.all(schedulers.map((s) => s.sweep(now)))
    expect(reports.reduce((n, r) => n + r.sent, 0)).toBe(due)
    await expectEachOnce(units, due)
  }, 30_000)

  it('in two processes, send each reminder exactly once', async () => {
    const { units, due } = await fixture()
    now = on('2026-12-26')
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'scheduler-child.ts'), 'sweep'], {
      cwd: path.resolve(__dirname, '../../../..'),
      env: { ...process.env, MONGODB_URI: process.env.QJT_TEST_MONGODB_URI, MONGODB_DB: mongoose.connection.name, QJT_NOW: String(now.getTime()), LOG_LEVEL: 'silent' },
      stdio: ['pipe', 'pipe', 'inherit'],
    })
    const lines: string[] = []
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => lines.push(...chunk.split('\n').filter(Boolean)))
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
    for (let i = 0; i < 1000 && !lines.includes('ready'); i++) await new Promise((r) => setTimeout(r, 20))
    expect(lines).toContain('ready')

    child.stdin.write('go\n')
    const mine = await scheduler().sweep(now)
    expect(await exited).toBe(0)
    const theirs = JSON.parse(lines[lines.length - 1]!) as { sent: number }
    expect(mine.sent + theirs.sent).toBe(due)
    await expectEachOnce(units, due)
  }, 60_000)

  it('a run skips while another process holds the lease, and takes over a lease its holder left', async () => {
    const { users, org } = await unit(1)
    await scale(org, '2026-12-27')
    await Claim.create({ _id: 'lease:reminders', kind: 'lease', at: new Date() })
    expect(await run('2026-12-26')).toMatchObject({ skipped: true, sent: 0 })
    await Claim.updateOne({ _id: 'lease:reminders' }, { $set: { at: new Date(Date.now() - 11 * 60_000) } })
    expect(await run('2026-12-26')).toMatchObject({ skipped: false, sent: 1 })
    expect(await Claim.countDocuments({ _id: 'lease:reminders' })).toBe(0)
    expect(await Notification.countDocuments({ userId: users[0]!._id })).toBe(1)
  })
})

describe('a run that died', () => {
  it('has its claimed reminders handed over by a later run, in the message it meant to send', async () => {
    const { org, users } = await unit(1)
    const row = await scale(org, '2026-12-27')
    now = on('2026-12-26')
    const claim = {
      _id: reminderKey(row._id, '2026-12-27', 'd1'),
      orgId: org._id,
      instrumentId: row._id,
      code: row.code,
      name: row.name,
      validUntil: '2026-12-27',
      stage: 'd1' as const,
      action: 'reverify' as const,
      digestId: `reminder:${String(org._id)}:2026-12-26:d1:reverify:dead0001`,
      at: now,
      enqueuedAt: null,
    }
    // Claimed a minute ago: the run may still be going, so it is left alone.
    await Reminder.create({ ...claim, claimedAt: new Date(Date.now() - 60_000) })
    expect(await run('2026-12-26')).toMatchObject({ sent: 0, recovered: 0 })
    expect(await Notification.countDocuments()).toBe(0)

    await Reminder.updateOne({ _id: claim._id }, { $set: { claimedAt: new Date(Date.now() - 5 * 60_000) } })
    expect(await run('2026-12-26')).toMatchObject({ sent: 0, recovered: 1 })
    expect(await told(users[0]!)).toEqual([
      { event: 'reminder_due', title: '器具检定即将到期', body: `电子计价秤（器具编码 ${row.code}）将于 2026-12-27 到期，请及时预约检定。` },
    ])
    expect(await Notification.findOne().lean()).toMatchObject({ intentId: claim.digestId })
    expect(await run('2026-12-26')).toMatchObject({ sent: 0, recovered: 0 })
    expect(await Notification.countDocuments()).toBe(1)
  })
})

describe('the loop', () => {
  it('runs at start (catching up) and then every interval until stopped', async () => {
    const { org, users } = await unit(1)
    await scale(org, '2026-12-27')
    now = on('2026-12-26')
    const loop = createReminderScheduler({ ...t.deps, config: { ...t.deps.config, reminders: { intervalMs: 50 } } }, t.app.services)
    loop.start()
    try {
      for (let i = 0; i < 200 && (await Notification.countDocuments({ userId: users[0]!._id })) === 0; i++) await new Promise((r) => setTimeout(r, 20))
      await scale(org, '2026-12-26')
      for (let i = 0; i < 200 && (await Notification.countDocuments({ userId: users[0]!._id })) < 2; i++) await new Promise((r) => setTimeout(r, 20))
    } finally {
      await loop.stop()
    }
    expect(await Notification.countDocuments({ userId: users[0]!._id })).toBe(2)
  })
})
