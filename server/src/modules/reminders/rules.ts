import { daysBetween, type NotificationChannel } from '@qjt/shared'
import type { Types } from 'mongoose'
import type { InstrumentDoc } from '../instruments/model'
import { isOverdue } from '../instruments/rules'
import type { NotificationIntent } from '../notifications/intent'

/**
 * When a unit hears about an instrument's 有效期至: 30, 7 and 1 days before it, and once it has
 * passed. Pure functions, so the rules are tested as tables and the scheduler only applies them.
 */
export const REMINDER_STAGES = ['d30', 'd7', 'd1', 'overdue'] as const
export type ReminderStage = (typeof REMINDER_STAGES)[number]

/** Re-verify (periodic kinds) or replace (`initial_only_rotate` kinds, whose 有效期至 ends their use). */
export type ReminderAction = 'reverify' | 'rotate'

/** Days left before 有效期至 from which each advance stage applies, nearest first. */
const ADVANCE: readonly [ReminderStage, number][] = [
  ['d1', 1],
  ['d7', 7],
  ['d30', 30],
]

/** Only instruments whose 有效期至 is this close (or past) can be due a reminder. */
export const HORIZON_DAYS = 30

/**
 * The stage that applies on `today`: the latest one reached, so a run after days offline sends
 * that one and never the earlier stages it missed (5 days before → `d7`, not `d30` and `d7`).
 * `d1` covers the last two days (1 day before and 有效期至 itself); `overdue` starts the day after,
 * by the ledger's own rule (`isOverdue`). Null when nothing applies yet, or for a scrapped row.
 */
export function stageOn(row: Pick<InstrumentDoc, 'validUntil' | 'status'>, today: string): ReminderStage | null {
  if (!row.validUntil || row.status === 'scrapped') return null
  if (isOverdue(row, today)) return 'overdue'
  const left = daysBetween(today, row.validUntil)
  for (const [stage, days] of ADVANCE) if (left <= days) return stage
  return null
}

/**
 * One reminder of one instrument: a stage of one 有效期至. A new 有效期至 (re-verified, corrected)
 * makes new keys, so its reminders start again from the beginning.
 */
export const reminderKey = (instrumentId: Types.ObjectId | string, validUntil: string, stage: ReminderStage) =>
  `${validityKey(instrumentId, validUntil)}:${stage}`

/** An instrument with one 有效期至: what a reminder key starts with. */
export const validityKey = (instrumentId: Types.ObjectId | string, validUntil: string) => `${String(instrumentId)}:${validUntil}`

/** The `validityKey` of a reminder key. */
export const validityOf = (key: string) => key.slice(0, key.lastIndexOf(':'))

/**
 * The 30-day reminder never spends a one-time subscribe grant (kept for an urgent stage): it goes
 * by the official account, which needs only a follow, or stays in the in-app list. Urgent stages
 * prefer the account too and fall back to a grant the user gave for reminders.
 */
export function channelsFor(stage: ReminderStage): NotificationChannel[] {
  return stage === 'd30' ? ['oa_template', 'in_app'] : ['oa_template', 'subscribe', 'in_app']
}

/** What a reminder says about one instrument, as stored with its claim. */
export interface ReminderItem {
  instrumentId: Types.ObjectId
  orgId: Types.ObjectId
  code: string
  name: string
  validUntil: string
  stage: ReminderStage
  action: ReminderAction
  /** The message this reminder goes out in: one per unit, stage and action in a run. */
  digestId: string
  /** The run's time: the message's time. */
  at: Date
}

/** A digest names this many instruments; the rest are counted. */
export const DIGEST_LIST_MAX = 5

const MESSAGES = {
  title: {
    reverify: { d30: '器具检定30天内到期', d7: '器具检定7天内到期', d1: '器具检定即将到期', overdue: '器具检定已逾期' },
    rotate: { d30: '器具30天内到期轮换', d7: '器具7天内到期轮换', d1: '器具即将到期轮换', overdue: '器具已到期，须停用更换' },
  },
  /** Also the template's 提醒内容, so each fits a `thing` value (20 characters). */
  note: {
    reverify: { due: '请及时预约检定', overdue: '已逾期，依法应停止使用并尽快检定' },
    rotate: { due: '须按期更换（到期轮换）', overdue: '已逾期，依法应停止使用并更换（到期轮换）' },
  },
} as const

/**
 * The message of one digest: every item shares unit, stage, action, digest and time. Built from
 * the stored items alone, in a fixed order, so building it again (after a crash) gives the same
 * intent, which `enqueue` then writes nothing new for.
 */
export function reminderIntent(items: ReminderItem[]): NotificationIntent {
  const sorted = [...items].sort((a, b) => a.validUntil.localeCompare(b.validUntil) || a.code.localeCompare(b.code))
  const first = sorted[0]
  if (!first) throw new Error('a reminder digest needs at least one instrument')
  const { stage, action } = first
  const overdue = stage === 'overdue'
  const note = MESSAGES.note[action][overdue ? 'overdue' : 'due']
  const last = sorted[sorted.length - 1]!
  const single = sorted.length === 1
  const dates = first.validUntil === last.validUntil ? first.validUntil : `${first.validUntil} 至 ${last.validUntil}`
  const named = (i: ReminderItem) => `${i.name}（${i.code}）`
  const list = sorted.slice(0, DIGEST_LIST_MAX).map(named).join('、') + (sorted.length > DIGEST_LIST_MAX ? ` 等${sorted.length}台` : '')
  let body: string
  if (single) {
    const what = `${first.name}（器具编码 ${first.code}）`
    body = overdue ? `${what}有效期至 ${first.validUntil}，${note}。` : `${what}将于 ${first.validUntil} 到期，${note}。`
  } else {
    body = overdue ? `${sorted.length}台器具有效期至 ${dates}，${note}：${list}。` : `${sorted.length}台器具将于 ${dates} 到期，${note}：${list}。`
  }
  return {
    id: first.digestId,
    event: overdue ? 'reminder_overdue' : 'reminder_due',
    orgId: String(first.orgId),
    title: MESSAGES.title[action][stage],
    body,
    page: single ? `packages/ledger/detail/index?id=${String(first.instrumentId)}` : 'pages/ledger/index',
    fields: {
      instrumentName: single ? first.name : `${first.name}等${sorted.length}台`,
      code: first.code,
      validUntil: first.validUntil === last.validUntil ? first.validUntil : `${first.validUntil}~${last.validUntil}`,
      note,
      count: String(sorted.length),
      stage,
    },
    at: first.at,
    channels: channelsFor(stage),
  }
}
