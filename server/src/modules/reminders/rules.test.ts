import { Types } from 'mongoose'
import { NOTIFICATION_CHANNELS } from '@qjt/shared'
import { dataProblem } from '../../wechat-standin/rules'
import { renderTemplate, type TemplateIds } from '../notifications/render'
import { channelsFor, reminderIntent, stageOn, type ReminderItem } from './rules'

describe('stageOn: the latest stage reached, for 有效期至 2026-12-31', () => {
  it.each([
    ['2026-11-30', null],
    ['2026-12-01', 'd30'],
    ['2026-12-23', 'd30'],
    ['2026-12-24', 'd7'],
    ['2026-12-29', 'd7'],
    ['2026-12-30', 'd1'],
    ['2026-12-31', 'd1'],
    ['2027-01-01', 'overdue'],
    ['2029-06-01', 'overdue'],
  ])('on %s: %s', (today, stage) => {
    expect(stageOn({ validUntil: '2026-12-31', status: 'in_use' }, today)).toBe(stage)
  })

  it('has nothing for a row without 有效期至 or a scrapped one; a disabled one is still reminded', () => {
    expect(stageOn({ validUntil: null, status: 'in_use' }, '2026-12-31')).toBeNull()
    expect(stageOn({ validUntil: '2026-12-31', status: 'scrapped' }, '2027-01-01')).toBeNull()
    expect(stageOn({ validUntil: '2026-12-31', status: 'disabled' }, '2027-01-01')).toBe('overdue')
  })
})

describe('reminderIntent', () => {
  const orgId = new Types.ObjectId()
  const item = (n: number, overrides: Partial<ReminderItem> = {}): ReminderItem => ({
    instrumentId: new Types.ObjectId(),
    orgId,
    code: `15292120269000${String(n).padStart(2, '0')}`,
    name: '电子计价秤',
    validUntil: '2026-12-31',
    stage: 'd7',
    action: 'reverify',
    digestId: 'reminder:x:2026-12-24:d7:reverify:run1',
    at: new Date('2026-12-24T02:00:00Z'),
    ...overrides,
  })

  it('is the same whatever order the items come in, so rebuilding it after a crash changes nothing', () => {
    const items = [item(3), item(1), item(2, { validUntil: '2026-12-30' })]
    expect(reminderIntent(items)).toEqual(reminderIntent([...items].reverse()))
    expect(reminderIntent(items).body).toBe(
      '3台器具将于 2026-12-30 至 2026-12-31 到期，请及时预约检定：电子计价秤（1529212026900002）、电子计价秤（1529212026900001）、电子计价秤（1529212026900003）。',
    )
  })

  it('names the first five and counts the rest', () => {
    const intent = reminderIntent(Array.from({ length: 12 }, (_, i) => item(i + 1, { stage: 'overdue' })))
    expect(intent).toMatchObject({ event: 'reminder_overdue', title: '器具检定已逾期', channels: ['oa_template', 'subscribe', 'in_app'] })
    expect(intent.body).toMatch(/^12台器具有效期至 2026-12-31，已逾期，依法应停止使用并尽快检定：(电子计价秤（\d+）、){4}电子计价秤（\d+） 等12台。$/)
  })

  it('keeps the 30-day reminder off subscribe messages', () => {
    expect(channelsFor('d30')).toEqual(['oa_template', 'in_app'])
    expect(channelsFor('d30').every((c) => NOTIFICATION_CHANNELS.includes(c))).toBe(true)
  })

  it.each(['d30', 'd7', 'd1', 'overdue'] as const)('fills both templates within WeChat’s value rules at stage %s', (stage) => {
    const ids: TemplateIds = {
      subscribe: { booking: 's-b', task: 's-t', reminder: 's-r' },
      oa: { booking: 'o-b', task: 'o-t', reminder: 'o-r' },
    }
    for (const items of [[item(1, { stage, action: 'rotate', name: '户用冷水水表（DN15，旋翼式，铜壳）' })], Array.from({ length: 30 }, (_, i) => item(i, { stage }))]) {
      const intent = reminderIntent(items)
      for (const channel of ['subscribe', 'oa'] as const) {
        const rendered = renderTemplate(channel, intent, ids)!
        expect(dataProblem(Object.fromEntries(Object.entries(rendered.data).map(([k, value]) => [k, { value }])))).toBeUndefined()
        expect(Object.keys(rendered.data)).toEqual(['thing1', 'character_string2', 'date3', 'thing4'])
      }
    }
  })
})
