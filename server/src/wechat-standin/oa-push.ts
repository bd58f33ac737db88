import { createHash, randomBytes } from 'node:crypto'

/**
 * What WeChat sends to an official account's message-push URL when a user follows or unfollows
 * it (plain-text mode): the event as XML, the query signed with the token configured in the
 * account's console. Written apart from the server's verifier on purpose, as the stand-in plays
 * the platform.
 */

export type OaFollowEvent = 'subscribe' | 'unsubscribe'

/** `signature = sha1(sort([token, timestamp, nonce]).join(''))`. */
export function signOaPush(token: string, timestamp: string, nonce: string): string {
  return createHash('sha1').update([token, timestamp, nonce].sort().join('')).digest('hex')
}

export function followEventXml(opts: { toUser: string; openid: string; event: OaFollowEvent; createTime: number }): string {
  return (
    '<xml>' +
    `<ToUserName><![CDATA[${opts.toUser}]]></ToUserName>` +
    `<FromUserName><![CDATA[${opts.openid}]]></FromUserName>` +
    `<CreateTime>${opts.createTime}</CreateTime>` +
    '<MsgType><![CDATA[event]]></MsgType>' +
    `<Event><![CDATA[${opts.event}]]></Event>` +
    (opts.event === 'subscribe' ? '<EventKey><![CDATA[]]></EventKey>' : '') +
    '</xml>'
  )
}

export interface PushResult {
  /** The target answered `success` or an empty body with HTTP 200, as WeChat requires. */
  delivered: boolean
  status: number
  answer: string
}

/** POSTs a signed follow event to `target` (our server's push URL) and reports its answer. */
export async function pushFollowEvent(opts: {
  target: string
  token: string
  openid: string
  event: OaFollowEvent
  now: number
}): Promise<PushResult> {
  const timestamp = String(Math.floor(opts.now / 1000))
  const nonce = String(randomBytes(4).readUInt32BE())
  const url = new URL(opts.target)
  url.searchParams.set('signature', signOaPush(opts.token, timestamp, nonce))
  url.searchParams.set('timestamp', timestamp)
  url.searchParams.set('nonce', nonce)
  url.searchParams.set('openid', opts.openid)
  const xml = followEventXml({ toUser: 'gh_standin_oa', openid: opts.openid, event: opts.event, createTime: Number(timestamp) })
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'text/xml; charset=utf-8' },
    body: xml,
    signal: AbortSignal.timeout(5000),
  })
  const answer = await res.text()
  return { delivered: res.status === 200 && (answer === 'success' || answer === ''), status: res.status, answer }
}
