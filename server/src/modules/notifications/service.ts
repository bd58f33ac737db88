import { Types, type Model } from 'mongoose'
import type {
  NotificationListQuery,
  NotificationView,
  Page,
  Role,
  SubscribeTemplatesView,
  SubscriptionResultsInput,
  SubscriptionResultsView,
  UnreadCountView,
} from '@qjt/shared'
import type { Actor } from '../../core/context'
import type { Clock } from '../../core/clock'
import { AppError } from '../../core/errors'
import { idFromKey } from '../../db/ids'
import { User } from '../auth/user.model'
import { SubscribeGrant } from './grant.model'
import { intentProblem, notificationKey, type NotificationIntent } from './intent'
import { Notification, type NotificationDoc } from './notification.model'
import { OutboxMessage, type OutboxDoc } from './outbox.model'
import { presentNotification } from './presenter'
import { subscribeTemplates, type TemplateIds } from './render'

const ACCEPTED = new Set(['accept', 'acceptWithAudio'])

/**
 * Notifications: what features ask to tell people (`enqueue`), each user's in-app list, and the
 * subscribe grants users give. Sending to WeChat is the `NotificationWorker`'s.
 */
export class NotificationService {
  constructor(private readonly deps: { clock: Clock; templates: TemplateIds; onEnqueued?: () => void }) {}

  /**
   * Writes one in-app notification and one outbox message per recipient of each intent. Ids are
   * derived from (intent, user) and inserted against the unique `_id`, so running it again with
   * the same intents (a retry, a sweeper after a crash) writes nothing new.
   * Returns how many of each were newly written.
   */
  async enqueue(intents: NotificationIntent[]): Promise<{ notifications: number; messages: number }> {
    for (const intent of intents) {
      const problem = intentProblem(intent)
      if (problem) throw new Error(`invalid notification intent ${intent.id}: ${problem}`)
    }
    const now = this.deps.clock()
    let notifications = 0
    let messages = 0
    // Every organization's members in one read: any filter but `_id` is a scan on FerretDB, and a
    // reminder run hands over one intent per unit.
    const orgIds = [...new Set(intents.map((i) => i.orgId))].map((id) => new Types.ObjectId(id))
    const members = new Map<string, { _id: Types.ObjectId; roles: Role[] }[]>()
    if (orgIds.length > 0) {
      for (const user of await User.find({ orgId: { $in: orgIds } }, { _id: 1, orgId: 1, roles: 1 }).lean()) {
        const member = { _id: user._id, roles: user.roles as Role[] }
        const list = members.get(String(user.orgId))
        if (list) list.push(member)
        else members.set(String(user.orgId), [member])
      }
    }
    for (const intent of intents) {
      const orgId = new Types.ObjectId(intent.orgId)
      const recipients = (members.get(String(orgId)) ?? []).filter((u) => !intent.roles?.length || u.roles.some((r) => intent.roles!.includes(r)))
      const rows = recipients.map((user) => {
        const key = notificationKey(intent.id, user._id)
        return { _id: idFromKey(key), key, userId: user._id, orgId, intentId: intent.id, event: intent.event }
      })
      notifications += await insertNew(
        Notification,
        rows.map((row) => ({ ...row, title: intent.title, body: intent.body, page: intent.page, at: intent.at, readAt: null })),
      )
      messages += await insertNew(
        OutboxMessage,
        rows.map((row) => ({
          ...row,
          page: intent.page,
          fields: intent.fields,
          at: intent.at,
          ...(intent.channels ? { channels: intent.channels } : {}),
          status: 'pending',
          dueAt: now,
        })),
      )
    }
    if (messages > 0) this.deps.onEnqueued?.()
    return { notifications, messages }
  }

  async list(actor: Actor, query: NotificationListQuery): Promise<Page<NotificationView>> {
    const { page, pageSize, unread } = query
    const filter = {
      userId: new Types.ObjectId(actor.userId),
      ...(unread === 'true' ? { readAt: null } : unread === 'false' ? { readAt: { $ne: null } } : {}),
    }
    const [rows, total] = await Promise.all([
      Notification.find(filter).sort({ at: -1, _id: -1 }).skip((page - 1) * pageSize).limit(pageSize).lean(),
      Notification.countDocuments(filter),
    ])
    const deliveries = await deliveriesOf(rows)
    return { items: rows.map((n) => presentNotification(n, deliveries.get(String(n._id)))), total, page, pageSize }
  }

  async unreadCount(actor: Actor): Promise<UnreadCountView> {
    return { count: await Notification.countDocuments({ userId: new Types.ObjectId(actor.userId), readAt: null }) }
  }

  /** Marks one of the caller's notifications read (again: no change); another user's is 404. */
  async markRead(actor: Actor, id: string): Promise<NotificationView> {
    const filter = { _id: new Types.ObjectId(id), userId: new Types.ObjectId(actor.userId) }
    const found = await Notification.findOne(filter).lean()
    if (!found) throw new AppError('NOTIFICATION_NOT_FOUND')
    // Two taps at once may both write a time; either is right.
    if (!found.readAt) await Notification.updateOne({ ...filter, readAt: null }, { $set: { readAt: this.deps.clock() } })
    const row = found.readAt ? found : ((await Notification.findOne(filter).lean()) ?? found)
    const deliveries = await deliveriesOf([row])
    return presentNotification(row, deliveries.get(id))
  }

  async markAllRead(actor: Actor): Promise<{ count: number }> {
    const res = await Notification.updateMany({ userId: new Types.ObjectId(actor.userId), readAt: null }, { $set: { readAt: this.deps.clock() } })
    return { count: res.modifiedCount }
  }

  /**
   * Stores what the user answered in `wx.requestSubscribeMessage`: one grant per accepted
   * template we send with. A template we do not use is ignored (reported back).
   */
  async recordSubscriptions(actor: Actor, input: SubscriptionResultsInput): Promise<SubscriptionResultsView> {
    const known = new Set(subscribeTemplates(this.deps.templates).map((t) => t.templateId))
    const now = this.deps.clock()
    const ignored: string[] = []
    const grants = []
    for (const [templateId, result] of Object.entries(input.results)) {
      if (!known.has(templateId)) ignored.push(templateId)
      else if (ACCEPTED.has(result)) grants.push({ userId: new Types.ObjectId(actor.userId), templateId, grantedAt: now })
    }
    if (grants.length > 0) await SubscribeGrant.insertMany(grants)
    return { recorded: grants.length, ignored }
  }

  templates(): SubscribeTemplatesView {
    const templates = subscribeTemplates(this.deps.templates)
    const idsOf = (name: string) => templates.filter((t) => t.name === name).map((t) => t.templateId)
    return {
      atBookingSubmit: idsOf('booking'),
      atTaskQueue: idsOf('task'),
      atLedger: idsOf('reminder'),
      templates: templates.map(({ templateId, title, events }) => ({ templateId, title, events })),
    }
  }
}

async function deliveriesOf(rows: NotificationDoc[]): Promise<Map<string, OutboxDoc>> {
  if (rows.length === 0) return new Map()
  const messages = await OutboxMessage.find({ _id: { $in: rows.map((r) => r._id) } }, { channel: 1, status: 1, lastError: 1, sentAt: 1 }).lean()
  return new Map(messages.map((m) => [String(m._id), m as OutboxDoc]))
}

/**
 * Inserts the documents whose `_id` is not taken yet and counts them; the unique `_id` is what
 * makes a repeated enqueue write nothing, also when two run at once.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function insertNew(model: Model<any>, docs: object[]): Promise<number> {
  if (docs.length === 0) return 0
  try {
    return (await model.insertMany(docs, { ordered: false })).length
  } catch (err) {
    const e = err as { writeErrors?: { code?: number; err?: { code?: number } }[]; insertedDocs?: unknown[]; code?: number }
    const errors = e.writeErrors ?? (e.code === 11000 ? [{ code: 11000 }] : undefined)
    if (!errors || !errors.every((w) => (w.code ?? w.err?.code) === 11000)) throw err
    return e.insertedDocs?.length ?? docs.length - errors.length
  }
}
