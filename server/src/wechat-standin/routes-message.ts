import { objectBody, str, type ApiRoute } from './http'
import { dataProblem } from './rules'
import { OPENID, wxError, type ReceivedMessage } from './state'

const STATES = ['developer', 'trial', 'formal']
const LANGS = ['zh_CN', 'en_US', 'zh_HK', 'zh_TW']

/** Keeps only `{value}` of each entry, as the platform renders nothing else. */
function values(data: object): ReceivedMessage['data'] {
  return Object.fromEntries(
    Object.entries(data).map(([key, entry]) => [key, { value: String((entry as { value: unknown }).value) }]),
  )
}

/**
 * POST /cgi-bin/message/subscribe/send — a mini-program subscribe message.
 * Grants are always enforced, as on the platform: each accepted send uses one grant of
 * (touser, template_id). Whoever plays the user's "accept" in `wx.requestSubscribeMessage`
 * (the development server, a test, `POST /__standin/grants`) calls `grantSubscription` first.
 */
export const subscribeSend: ApiRoute = {
  api: 'subscribe_send',
  method: 'POST',
  usesToken: true,
  handle({ json, state, appid }) {
    const body = objectBody(json) ?? {}
    const touser = str(body.touser)
    if (!touser || !OPENID.test(touser)) return wxError(40003, 'invalid openid')
    const templateId = str(body.template_id)
    if (!templateId) return wxError(40037, 'invalid template_id')
    if (body.page !== undefined && typeof body.page !== 'string') return wxError(47003, 'argument invalid! page')
    if (body.miniprogram_state !== undefined && !STATES.includes(String(body.miniprogram_state))) {
      return wxError(47003, 'argument invalid! miniprogram_state')
    }
    if (body.lang !== undefined && !LANGS.includes(String(body.lang))) return wxError(47003, 'argument invalid! lang')
    const problem = dataProblem(body.data)
    if (problem) return wxError(47003, problem)
    if (!state.useGrant(touser, templateId)) return wxError(43101, 'user refuse to accept the msg')
    const kept = state.keep({
      kind: 'subscribe',
      appid: appid ?? state.config.appid,
      touser,
      templateId,
      page: str(body.page),
      data: values(body.data as object),
      raw: json,
    })
    return { errcode: 0, errmsg: 'ok', msgid: Number(kept.id) }
  },
}

/**
 * POST /cgi-bin/message/template/send — an official-account template message (§2.2). It needs no
 * grant, but the user must follow the account (43004 otherwise). It takes the official account's
 * token (the mini-program's only when the stand-in has no official account). A repeated
 * (touser, client_msg_id) within 10 minutes is answered ok but not delivered again.
 */
export const templateSend: ApiRoute = {
  api: 'template_send',
  method: 'POST',
  usesToken: true,
  app: 'official_account',
  handle({ json, state, appid }) {
    const body = objectBody(json) ?? {}
    const touser = str(body.touser)
    if (!touser || !OPENID.test(touser)) return wxError(40003, 'invalid openid')
    const templateId = str(body.template_id)
    if (!templateId) return wxError(40037, 'invalid template_id')
    if (body.url !== undefined && typeof body.url !== 'string') return wxError(47001, 'data format error, url')
    const mini = body.miniprogram === undefined ? undefined : objectBody(body.miniprogram)
    if (body.miniprogram !== undefined && (!mini || !str(mini.appid))) {
      return wxError(47001, 'data format error, miniprogram.appid')
    }
    if (body.client_msg_id !== undefined && (typeof body.client_msg_id !== 'string' || body.client_msg_id === '')) {
      return wxError(47001, 'data format error, client_msg_id')
    }
    const problem = dataProblem(body.data)
    if (problem) return wxError(47003, problem)
    if (!state.follower(touser)?.subscribed) return wxError(43004, 'require subscribe')
    const clientMsgId = str(body.client_msg_id)
    const earlier = clientMsgId ? state.duplicateOf(touser, clientMsgId) : undefined
    if (earlier) return { errcode: 0, errmsg: 'ok', msgid: Number(earlier.id) }
    const kept = state.keep({
      kind: 'template',
      appid: appid ?? state.config.appid,
      touser,
      templateId,
      // When both are set the mini-program wins, as on the platform.
      page: str(mini?.pagepath) ?? str(body.url),
      data: values(body.data as object),
      ...(clientMsgId ? { clientMsgId } : {}),
      raw: json,
    })
    if (clientMsgId) state.rememberClientMsgId(touser, clientMsgId, kept)
    return { errcode: 0, errmsg: 'ok', msgid: Number(kept.id) }
  },
}

/**
 * GET /cgi-bin/user/info — one of the official account's users: a follower's unionid, or only
 * `subscribe: 0` for someone who unfollowed. An openid the account never saw answers 40003.
 */
export const userInfo: ApiRoute = {
  api: 'user_info',
  method: 'GET',
  usesToken: true,
  app: 'official_account',
  handle({ query, state }) {
    const openid = query.get('openid')
    if (!openid || !OPENID.test(openid)) return wxError(40003, 'invalid openid')
    const follower = state.follower(openid)
    if (!follower) return wxError(40003, 'invalid openid')
    if (!follower.subscribed) return { subscribe: 0, openid }
    return {
      subscribe: 1,
      openid,
      language: 'zh_CN',
      subscribe_time: follower.subscribeTime,
      unionid: follower.unionid,
      remark: '',
      groupid: 0,
      tagid_list: [],
      subscribe_scene: 'ADD_SCENE_QR_CODE',
      qr_scene: 0,
      qr_scene_str: '',
    }
  },
}
