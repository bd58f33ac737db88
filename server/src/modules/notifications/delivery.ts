import type { Types } from 'mongoose'
import type { NotificationChannel } from '@qjt/shared'
import { Claim, claimOnce, releaseClaim } from '../../db/claims'
import { WechatApiError, type WechatClient } from '../../wechat/client'
import { OaFollower } from './follower.model'
import { SubscribeGrant } from './grant.model'
import type { OutboxDoc } from './outbox.model'
import { renderTemplate, type TemplateIds } from './render'

/** The outside world a message is sent through. */
export interface DeliveryDeps {
  /** The mini-program's client (subscribe messages). */
  wechat: WechatClient
  /** The official account's client (template messages); null when there is none. */
  oa: WechatClient | null
  templates: TemplateIds
  miniprogramAppid: string
  miniprogramState: 'developer' | 'trial' | 'formal'
}

/** The recipient as the database knows them when the message is sent. */
export interface Recipient {
  _id: Types.ObjectId
  openid: string
  unionid: string | null
}

export type Route =
  | { channel: 'subscribe'; templateId: string; data: Record<string, string> }
  | { channel: 'oa_template'; oaOpenid: string; templateId: string; data: Record<string, string> }
  | { channel: 'in_app' }

/**
 * WeChat answers that no retry can change. 43101 (no grant) sends the message on by the next
 * channel; 43004 (not a follower) marks the follower as gone.
 */
export const PERMANENT_ERRCODES = new Set([40003, 40037, 41030, 43004, 43101, 47003, 48001])

export type SendResult =
  | { ok: true; msgid?: string }
  | { ok: false; errcode: number; errmsg: string; maybeDelivered: boolean }

const grantKey = (grantId: Types.ObjectId) => `grant:${String(grantId)}`

/** Without an intent's own order: a grant the user gave is used first, then the follow. */
const USUAL_ORDER: readonly NotificationChannel[] = ['subscribe', 'oa_template']

/**
 * The first channel that can carry the message, in the message's order (`channels`, else the
 * usual one), skipping `tried`, without changing anything: a subscribe message when the user
 * holds an unused grant for the event's template (reserve it with `reserveGrant` before sending),
 * an official-account template message when the user follows the account; `in_app` or the end
 * of the list means the in-app list only.
 */
export async function chooseRoute(deps: DeliveryDeps, message: OutboxDoc, user: Recipient, tried: ReadonlySet<string>): Promise<Route> {
  const order = message.channels?.length ? message.channels : USUAL_ORDER
  for (const channel of order) {
    if (channel === 'in_app') break
    if (tried.has(channel)) continue
    const route = channel === 'subscribe' ? await subscribeRoute(deps, message, user) : await templateRoute(deps, message, user)
    if (route) return route
  }
  return { channel: 'in_app' }
}

async function subscribeRoute(deps: DeliveryDeps, message: OutboxDoc, user: Recipient): Promise<Route | null> {
  const rendered = renderTemplate('subscribe', message, deps.templates)
  if (!rendered) return null
  const grant = await SubscribeGrant.findOne(
    { userId: user._id, templateId: rendered.templateId, usedAt: null, reservedFor: { $in: [null, message._id] } },
    { _id: 1 },
  ).lean()
  return grant ? { channel: 'subscribe', ...rendered } : null
}

async function templateRoute(deps: DeliveryDeps, message: OutboxDoc, user: Recipient): Promise<Route | null> {
  if (!deps.oa || !user.unionid) return null
  const rendered = renderTemplate('oa', message, deps.templates)
  if (!rendered) return null
  const follower = await OaFollower.findOne({ unionid: user.unionid, subscribed: true }).sort({ eventAt: -1 }).lean()
  return follower ? { channel: 'oa_template', oaOpenid: follower.oaOpenid, ...rendered } : null
}

/**
 * One of the user's unused grants for `templateId`, reserved for `messageId`: the grant's claim
 * is taken by exactly one message, and a message that reserved one earlier (before a retry) gets
 * the same one back.
 */
export async function reserveGrant(messageId: Types.ObjectId, userId: Types.ObjectId, templateId: string): Promise<Types.ObjectId | null> {
  const open = { userId, templateId, usedAt: null }
  const own = await SubscribeGrant.findOne({ ...open, reservedFor: messageId }, { _id: 1 }).lean()
  if (own) return own._id
  for (let round = 0; round < 5; round++) {
    const free = await SubscribeGrant.find({ ...open, reservedFor: null }, { _id: 1 }).sort({ grantedAt: 1, _id: 1 }).limit(10).lean()
    if (free.length === 0) return null
    for (const grant of free) {
      const key = grantKey(grant._id)
      const mine = (await claimOnce(key, { owner: String(messageId) })) || (await Claim.findById(key, { owner: 1 }).lean())?.owner === String(messageId)
      if (!mine) continue
      await SubscribeGrant.updateOne({ _id: grant._id }, { $set: { reservedFor: messageId } })
      return grant._id
    }
  }
  return null
}

/** The grant is spent: sent, refused by WeChat (its count was wrong), or sent without an answer. */
export async function spendGrant(grantId: Types.ObjectId, messageId: Types.ObjectId, outcome: 'sent' | 'refused' | 'unknown', at: Date) {
  await SubscribeGrant.updateOne({ _id: grantId }, { $set: { usedAt: at, usedBy: messageId, outcome } })
}

/** WeChat certainly did not use the grant: it goes back to the user's unused ones. */
export async function returnGrant(grantId: Types.ObjectId) {
  await SubscribeGrant.updateOne({ _id: grantId }, { $set: { reservedFor: null } })
  await releaseClaim(grantKey(grantId))
}

/** The account says the user no longer follows it, unless they followed again after `since`. */
export async function markUnfollowed(oaOpenid: string, since: Date) {
  await OaFollower.updateOne({ oaOpenid, eventAt: { $lt: since } }, { $set: { subscribed: false } })
}

/** Sends by the route's channel; WeChat's refusal comes back as a result, anything else is thrown. */
export async function send(deps: DeliveryDeps, message: OutboxDoc, user: Recipient, route: Route): Promise<SendResult> {
  try {
    if (route.channel === 'subscribe') {
      return {
        ok: true,
        ...(await deps.wechat.sendSubscribeMessage({
          touser: user.openid,
          templateId: route.templateId,
          page: message.page,
          data: route.data,
          miniprogramState: deps.miniprogramState,
          lang: 'zh_CN',
        })),
      }
    }
    if (route.channel === 'oa_template') {
      if (!deps.oa) throw new Error('no official account client')
      return {
        ok: true,
        ...(await deps.oa.sendTemplateMessage({
          touser: route.oaOpenid,
          templateId: route.templateId,
          miniprogram: { appid: deps.miniprogramAppid, pagepath: message.page },
          clientMsgId: String(message._id),
          data: route.data,
        })),
      }
    }
    return { ok: true }
  } catch (err) {
    if (!(err instanceof WechatApiError)) throw err
    return { ok: false, errcode: err.errcode, errmsg: err.errmsg, maybeDelivered: err.maybeDelivered }
  }
}
