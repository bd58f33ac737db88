import { Types } from 'mongoose'
import { NOTIFICATION_CHANNELS, type NotificationChannel, type NotificationEvent, type Role } from '@qjt/shared'

/**
 * What a feature asks to tell people, right after its own state change. `enqueue` turns it into
 * one in-app notification and one outbox message per recipient, and writes nothing new when
 * given the same intent again.
 */
export interface NotificationIntent {
  /** Deterministic, chosen by the caller, e.g. `booking:<id>:submitted:<round>`. */
  id: string
  event: NotificationEvent
  /** Recipients: every member of this organization… */
  orgId: string
  /** …or only those holding one of these roles (e.g. `['inst_reviewer']`). */
  roles?: Role[]
  /** Chinese, for the in-app list. */
  title: string
  /** Chinese, the full text (the in-app list shows all of it). */
  body: string
  /** Mini-program page with query, e.g. `packages/booking/detail/index?id=…`. */
  page: string
  /** Facts the WeChat templates are filled from: bookingNo, status, date, mode, institutionName, reason… */
  fields: Record<string, string>
  at: Date
  /**
   * The channels the WeChat message may take, in order of preference; reaching `in_app` (or the
   * end) leaves it in the in-app list only, which always has it. Omitted: a subscribe message
   * when the user holds a grant, else a template message. A reminder a month ahead takes
   * `['oa_template', 'in_app']`: a one-time subscribe grant is better kept for an urgent one.
   */
  channels?: NotificationChannel[]
}

/** Field names become document keys, which may not contain `.` or start with `$`. */
export const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/

/** The id of the notification (and of its outbox message) of `intentId` for one user. */
export function notificationKey(intentId: string, userId: Types.ObjectId | string): string {
  return `${intentId}|${String(userId)}`
}

/** Why an intent cannot be written, or undefined; a caller's bug, so it is thrown, not stored. */
export function intentProblem(intent: NotificationIntent): string | undefined {
  if (!intent.id || intent.id.length > 200) return 'id must be 1–200 characters'
  if (!Types.ObjectId.isValid(intent.orgId)) return 'orgId is not an id'
  if (!intent.title.trim() || !intent.body.trim()) return 'title and body are required'
  if (!intent.page || intent.page.startsWith('/')) return 'page must be a mini-program path without a leading /'
  if (!(intent.at instanceof Date) || Number.isNaN(intent.at.getTime())) return 'at must be a date'
  if (intent.channels) {
    if (intent.channels.length === 0) return 'channels must name at least one channel'
    if (intent.channels.some((c) => !NOTIFICATION_CHANNELS.includes(c))) return 'channels names an unknown channel'
    if (new Set(intent.channels).size !== intent.channels.length) return 'channels names a channel twice'
  }
  for (const [name, value] of Object.entries(intent.fields)) {
    if (!FIELD_NAME.test(name)) return `field name ${name} is not allowed`
    if (typeof value !== 'string') return `field ${name} must be a string`
  }
  return undefined
}
