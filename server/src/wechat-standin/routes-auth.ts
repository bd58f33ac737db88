import { randomBytes } from 'node:crypto'
import { objectBody, str, type ApiRoute, type RouteInput } from './http'
import { isWxError, wxError, type WxError } from './state'

/**
 * `dev-<openid>` logs in as that openid, as often as wanted: developers sign in to demo accounts
 * again and again, and there is no phone to tap "allow" on. Only the stand-in knows these codes.
 */
const DEV_CODE = /^dev-([A-Za-z0-9_-]{1,64})$/

/**
 * appid/secret checks shared by jscode2session and stable_token, in WeChat's order. `apps` are
 * the appids this API serves: log-in is the mini-program's alone, tokens are for either app.
 */
function credentialsProblem(input: RouteInput, appid: unknown, secret: unknown, apps: 'miniprogram' | 'any'): WxError | undefined {
  const { state } = input
  if (typeof appid !== 'string' || appid === '') return wxError(41002, 'appid missing')
  const expected = apps === 'any' || appid === state.config.appid ? state.secretOf(appid) : undefined
  if (expected === undefined) return wxError(40013, 'invalid appid')
  if (typeof secret !== 'string' || secret === '') return wxError(41004, 'appsecret missing')
  if (secret !== expected) return wxError(40125, 'invalid appsecret')
  return undefined
}

/** GET /sns/jscode2session — a `wx.login()` code → openid, session_key and unionid. */
export const jscode2session: ApiRoute = {
  api: 'jscode2session',
  method: 'GET',
  usesToken: false,
  handle(input) {
    const { query, state } = input
    const bad = credentialsProblem(input, query.get('appid'), query.get('secret'), 'miniprogram')
    if (bad) return bad
    if (query.get('grant_type') !== 'authorization_code') return wxError(40002, 'invalid grant_type')
    const code = query.get('js_code')
    if (!code) return wxError(41008, 'missing code')
    const dev = DEV_CODE.exec(code)
    const result = dev ? { openid: dev[1] as string } : state.redeemLoginCode(code)
    if (isWxError(result)) return result
    return {
      openid: result.openid,
      session_key: randomBytes(16).toString('base64'),
      // Fixed per openid, so the same person can be recognised across our mini-program and
      // official account (whose openid differs).
      unionid: `union_${result.openid}`,
    }
  },
}

/** POST /cgi-bin/stable_token — JSON only; per app, normal mode shares one token, force mode replaces it. */
export const stableToken: ApiRoute = {
  api: 'stable_token',
  method: 'POST',
  usesToken: false,
  handle(input) {
    const body = objectBody(input.json) ?? {}
    if (body.grant_type !== 'client_credential') return wxError(40002, 'invalid grant_type')
    const bad = credentialsProblem(input, body.appid, body.secret, 'any')
    if (bad) return bad
    if (body.force_refresh !== undefined && typeof body.force_refresh !== 'boolean') {
      return wxError(47001, 'data format error, force_refresh must be a boolean')
    }
    return input.state.stableToken(body.force_refresh === true, body.appid as string)
  },
}

/** `+852 51234567` → country code 852; a bare number is a mainland one (86). */
function phoneInfo(phoneNumber: string, appid: string, now: number) {
  const intl = /^\+(\d{1,4})[ -](\d{4,15})$/.exec(phoneNumber)
  return {
    phoneNumber,
    purePhoneNumber: intl ? (intl[2] as string) : phoneNumber,
    countryCode: intl ? (intl[1] as string) : '86',
    watermark: { timestamp: Math.floor(now / 1000), appid },
  }
}

/** POST /wxa/business/getuserphonenumber — a phone-button code (single use, 5 min) → the number. */
export const getUserPhoneNumber: ApiRoute = {
  api: 'getuserphonenumber',
  method: 'POST',
  usesToken: true,
  handle({ json, state }) {
    const body = objectBody(json) ?? {}
    const code = str(body.code)
    if (!code) return wxError(41008, 'missing code')
    if (body.openid !== undefined && typeof body.openid !== 'string') return wxError(40003, 'invalid openid')
    const result = state.redeemPhoneCode(code, str(body.openid))
    if (isWxError(result)) return result
    return { errcode: 0, errmsg: 'ok', phone_info: phoneInfo(result.phoneNumber, state.config.appid, state.now()) }
  },
}
