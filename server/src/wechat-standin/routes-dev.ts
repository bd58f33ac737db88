import { objectBody, str, type Reply, type RouteInput } from './http'
import { pushFollowEvent } from './oa-push'
import { renderPage } from './page'
import { OPENID, PHONE } from './state'

/**
 * The stand-in's own endpoints (not WeChat's): what a phone would produce (login and phone codes,
 * subscribe grants), over HTTP for a browser or another process. Plain HTTP statuses here.
 * Open to any origin: the mini-program's H5 build runs on another port.
 */
const CORS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
}

const ok = (body: unknown, status = 200): Reply => ({ status, body, headers: CORS })
const bad = (error: string): Reply => ok({ error }, 400)

function loginCode({ json, state }: RouteInput): Reply {
  const openid = str(objectBody(json)?.openid)
  if (!openid || !OPENID.test(openid)) return bad('openid 须为 1–64 位字母、数字、_ 或 -')
  return ok({ code: state.issueLoginCode(openid) })
}

function phoneCode({ json, state }: RouteInput): Reply {
  const body = objectBody(json)
  const phoneNumber = str(body?.phoneNumber)
  const openid = body?.openid === undefined ? undefined : str(body.openid)
  if (!phoneNumber || !PHONE.test(phoneNumber)) return bad('phoneNumber 须为手机号，如 13812345678 或 +852 51234567')
  if (body?.openid !== undefined && (!openid || !OPENID.test(openid))) return bad('openid 格式不对')
  return ok({ code: state.issuePhoneCode(phoneNumber, openid) })
}

function grants({ json, state }: RouteInput): Reply {
  const body = objectBody(json)
  const openid = str(body?.openid)
  const templateId = str(body?.templateId)
  const count = body?.count ?? 1
  if (!openid || !OPENID.test(openid)) return bad('openid 格式不对')
  if (!templateId) return bad('缺少 templateId')
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1 || count > 1000) {
    return bad('count 须为 1–1000 的整数')
  }
  return ok({ openid, templateId, remaining: state.grantSubscription(openid, templateId, count) })
}

/**
 * A user follows (or, with `event: 'unsubscribe'`, leaves) the official account: the stand-in
 * records it, then pushes the signed XML event to `target` (our server's push URL), as WeChat
 * would. `target` may be left out to only record the follow.
 */
async function oaFollow({ json, state }: RouteInput): Promise<Reply> {
  const body = objectBody(json)
  const openid = str(body?.openid)
  const unionid = str(body?.unionid)
  const target = body?.target === undefined ? undefined : str(body.target)
  const event = body?.event ?? 'subscribe'
  const token = state.config.officialAccount?.token
  if (!token) return bad('替身未配置公众号（officialAccount.token）')
  if (!openid || !OPENID.test(openid)) return bad('openid 须为公众号 openid：1–64 位字母、数字、_ 或 -')
  if (event !== 'subscribe' && event !== 'unsubscribe') return bad('event 只能是 subscribe 或 unsubscribe')
  if (event === 'subscribe' && (!unionid || !OPENID.test(unionid))) return bad('关注时须给出 unionid')
  if (body?.target !== undefined && (!target || !/^https?:\/\//.test(target))) return bad('target 须为 http(s) 地址')
  const follower = event === 'subscribe' ? state.follow(openid, unionid as string) : state.unfollow(openid)
  if (!follower) return bad('该用户从未关注公众号')
  if (!target) return ok({ follower, push: null })
  try {
    const push = await pushFollowEvent({ target, token, openid, event, now: state.now() })
    return ok({ follower, push })
  } catch (err) {
    return ok({ follower, push: null, error: `推送失败：${(err as Error).message}` }, 502)
  }
}

const POSTS: Record<string, (input: RouteInput) => Reply | Promise<Reply>> = {
  '/__standin/login-code': loginCode,
  '/__standin/phone-code': phoneCode,
  '/__standin/grants': grants,
  '/__standin/oa-follow': oaFollow,
}

/** The reply for a development route, or undefined when the path is not one. */
export function devRoute(method: string, path: string, input: RouteInput): Reply | Promise<Reply> | undefined {
  if (path === '/' && (method === 'GET' || method === 'HEAD')) {
    return { body: renderPage(input.state.messages, input.state.followerList()), contentType: 'text/html; charset=utf-8' }
  }
  if (!path.startsWith('/__standin/')) return undefined
  if (method === 'OPTIONS') return { status: 204, body: '', contentType: 'text/plain', headers: CORS }
  if (path === '/__standin/messages' && method === 'GET') return ok(input.state.messages)
  if (path === '/__standin/followers' && method === 'GET') return ok(input.state.followerList())
  const post = POSTS[path]
  if (post && method === 'POST') return post(input)
  return ok({ error: 'not found' }, 404)
}
