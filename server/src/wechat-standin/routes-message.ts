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
  handle({ json, state }) {
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
 * grant (the user follows the account instead). The mini-program's token is accepted here too,
 * though on the platform it would be the official account's own.
 */
export const templateSend: ApiRoute = {
  api: 'template_send',
  method: 'POST',
  usesToken: true,
  handle({ json, state }) {
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
    const problem = dataProblem(body.data)
    if (problem) return wxError(47003, problem)
    const kept = state.keep({
      kind: 'template',
      touser,
      templateId,
      // When both are set the mini-program wins, as on the platform.
      page: str(mini?.pagepath) ?? str(body.url),
      data: values(body.data as object),
      raw: json,
    })
    return { errcode: 0, errmsg: 'ok', msgid: Number(kept.id) }
  },
}
