import { createHash, timingSafeEqual } from 'node:crypto'
import type { Logger } from 'pino'
import { AppError } from '../../core/errors'
import { writeIfVersion, isDuplicateKey } from '../../db/claims'
import { WechatApiError, type WechatClient } from '../../wechat/client'
import { OaFollower } from './follower.model'
import { parseWechatXml } from './xml'

export interface PushQuery {
  signature: string
  timestamp: string
  nonce: string
}

/**
 * The official account's message push: WeChat calls it when a user follows or unfollows the
 * account (plain-text mode). Each push is signed with the token configured in the account's
 * console; a follow is looked up (`cgi-bin/user/info`) for the unionid that links the follower
 * to our mini-program user, so template messages can reach them.
 */
export class OfficialAccountEvents {
  constructor(private readonly deps: { token: string | null; oa: WechatClient | null; log?: Logger }) {}

  /** Throws unless the query carries WeChat's signature over our token. */
  verify(query: PushQuery): void {
    const token = this.deps.token
    // Without a token no push can be told from a forgery: the endpoint is not there.
    if (!token) throw new AppError('ROUTE_NOT_FOUND')
    const expected = createHash('sha1').update([token, query.timestamp, query.nonce].sort().join('')).digest()
    const given = /^[0-9a-f]{40}$/i.test(query.signature) ? Buffer.from(query.signature, 'hex') : Buffer.alloc(0)
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) throw new AppError('WECHAT_SIGNATURE_INVALID')
  }

  /** The console's "check the server URL" call: answers its `echostr` once the signature holds. */
  echo(query: PushQuery & { echostr: string }): string {
    this.verify(query)
    return query.echostr
  }

  /**
   * Handles one push and returns what WeChat expects back (`success`). Anything but a follow or
   * unfollow is acknowledged and ignored. A failed user-info lookup is thrown, so WeChat's
   * retry (it pushes again when the answer fails) tries the follow again.
   */
  async handle(query: PushQuery, xml: string): Promise<string> {
    this.verify(query)
    const push = parseWechatXml(xml)
    if (!push) throw new AppError('VALIDATION_FAILED', '推送内容不是微信的 XML 消息')
    const event = push.MsgType === 'event' ? push.Event?.toLowerCase() : undefined
    const openid = push.FromUserName
    const createTime = Number(push.CreateTime)
    if ((event !== 'subscribe' && event !== 'unsubscribe') || !openid || !Number.isFinite(createTime)) return 'success'
    const eventAt = new Date(createTime * 1000)
    if (event === 'unsubscribe') {
      await this.record(openid, { subscribed: false }, eventAt)
      return 'success'
    }
    const unionid = await this.unionidOf(openid)
    await this.record(openid, { subscribed: true, ...(unionid ? { unionid } : {}) }, eventAt)
    return 'success'
  }

  private async unionidOf(openid: string): Promise<string | null> {
    if (!this.deps.oa) return null
    try {
      const info = await this.deps.oa.getUserInfo(openid)
      if (!info.unionid) this.deps.log?.warn('official account follower without unionid: is the account bound to the open platform?')
      return info.unionid ?? null
    } catch (err) {
      if (err instanceof WechatApiError) throw new AppError('WECHAT_UNAVAILABLE')
      throw err
    }
  }

  /**
   * Applies a follow or unfollow unless a later event of the same follower is already recorded
   * (WeChat retries a push it got no answer to, possibly after a newer one).
   */
  private async record(oaOpenid: string, change: { subscribed: boolean; unionid?: string }, eventAt: Date): Promise<void> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await OaFollower.findOne({ oaOpenid }).lean()
      if (!current) {
        try {
          await OaFollower.create({ oaOpenid, unionid: change.unionid ?? null, subscribed: change.subscribed, eventAt })
          return
        } catch (err) {
          if (!isDuplicateKey(err)) throw err
          continue
        }
      }
      if (current.eventAt.getTime() > eventAt.getTime()) return
      if (await writeIfVersion(OaFollower, current._id, current.version, { set: { ...change, eventAt } })) return
    }
    throw new AppError('CONFLICT')
  }
}
