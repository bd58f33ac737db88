import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { objectBody, parseJson, readText, write, type ApiRoute, type RouteInput } from './http'
import { devRoute } from './routes-dev'
import { getUserPhoneNumber, jscode2session, stableToken } from './routes-auth'
import { subscribeSend, templateSend, userInfo } from './routes-message'
import { pushFollowEvent, type OaFollowEvent, type PushResult } from './oa-push'
import { StandinState, wxError, type ReceivedMessage, type StandinApi, type WxError } from './state'

export type { OaFollower, ReceivedMessage, StandinApi } from './state'
export type { PushResult } from './oa-push'

export interface StandinOptions {
  appid: string
  secret: string
  /**
   * The official account next to the mini-program: its APIs (template messages, user info) then
   * take its own token only, and `token` signs the follow events pushed to our server.
   */
  officialAccount?: { appid: string; secret: string; token?: string | null }
  /** Default 127.0.0.1. */
  host?: string
  /** 0 (the default) picks a free port. */
  port?: number
  /** Lifetime of access tokens; default 7200. */
  tokenTtlSeconds?: number
  /** Lifetime of codes from `issueLoginCode`; default 300. */
  codeTtlSeconds?: number
  /** The stand-in's clock (ms), so tests can move time. */
  now?: () => number
}

/**
 * A local server that answers like api.weixin.qq.com for the APIs we use, and shows what it was
 * sent. Subscribe messages need a grant, as on the platform: call `grantSubscription` wherever
 * the user would have tapped "allow" in `wx.requestSubscribeMessage`.
 */
export interface WechatStandin {
  /** e.g. `http://127.0.0.1:45678`, usable as the client's `apiBase`. */
  url: string
  /** Every message accepted, oldest first. */
  messages(): ReceivedMessage[]
  /** What `wx.login` would return: single use, expires after `codeTtlSeconds`. */
  issueLoginCode(openid: string): string
  /** What `<button open-type="getPhoneNumber">` would return: single use, 5 min. */
  issuePhoneCode(phoneNumber: string, openid?: string): string
  /** One-time subscribe grants: each accepted send uses one; none left → 43101. */
  grantSubscription(openid: string, templateId: string, count?: number): void
  /**
   * A user follows the official account (their unionid is what links them to the mini-program
   * user). With `target`, the signed `subscribe` event is pushed there, as WeChat would.
   */
  followOfficialAccount(openid: string, unionid: string, target?: string): Promise<PushResult | null>
  /** A follower leaves the account; with `target`, the `unsubscribe` event is pushed there. */
  unfollowOfficialAccount(openid: string, target?: string): Promise<PushResult | null>
  /** The next `times` (default 1) calls of `api` answer `errcode`. */
  failNext(api: StandinApi, errcode: number, times?: number): void
  /** Current access tokens now answer 42001. */
  expireTokens(): void
  /** Requests received per API since start or the last `reset()`, failed ones included. */
  requestCount(api: StandinApi): number
  /** Clears messages, grants, followers, injected failures and request counts (tokens and codes stay). */
  reset(): void
  close(): Promise<void>
}

/** Paths are matched exactly and case-sensitively, as on the platform (`jsCode2session` fails). */
const API_ROUTES: Record<string, ApiRoute> = {
  '/sns/jscode2session': jscode2session,
  '/cgi-bin/stable_token': stableToken,
  '/wxa/business/getuserphonenumber': getUserPhoneNumber,
  '/cgi-bin/message/subscribe/send': subscribeSend,
  '/cgi-bin/message/template/send': templateSend,
  '/cgi-bin/user/info': userInfo,
}

/** The checks every API makes before its own, in the order the platform makes them. */
function callApi(route: ApiRoute, method: string, input: RouteInput): object {
  const { state } = input
  state.count(route.api)
  if (method !== route.method) {
    return route.method === 'GET' ? wxError(43001, 'require GET method') : wxError(43002, 'require POST method')
  }
  const injected = state.takeFailure(route.api)
  if (injected) return injected
  if (route.usesToken) {
    const token = input.query.get('access_token')
    const refused = state.checkToken(token)
    if (refused) return refused
    input.appid = state.tokenApp(token)
    const oa = state.config.officialAccount
    const owner = route.app === 'official_account' && oa ? oa.appid : state.config.appid
    if (input.appid !== owner) return wxError(48001, 'api unauthorized, the access_token belongs to another app')
  }
  if (route.method === 'POST' && !objectBody(input.json)) return wxError(47001, 'data format error')
  return route.handle(input)
}

/**
 * An unknown path answers 40066 "invalid url" as JSON with HTTP 200, which is what the platform
 * is reported to send for a mistyped API path (e.g. `jsCode2session`). Some unknown paths get an
 * HTML 404 page there instead; the client reads that as a non-JSON answer (errcode -1), so both
 * shapes end in an error, and JSON keeps "never branch on HTTP status" true here.
 */
const unknownPath = (): WxError => wxError(40066, 'invalid url')

export async function startWechatStandin(opts: StandinOptions): Promise<WechatStandin> {
  const oa = opts.officialAccount
  const state = new StandinState({
    appid: opts.appid,
    secret: opts.secret,
    ...(oa ? { officialAccount: { appid: oa.appid, secret: oa.secret, ...(oa.token ? { token: oa.token } : {}) } } : {}),
    tokenTtlMs: (opts.tokenTtlSeconds ?? 7200) * 1000,
    codeTtlMs: (opts.codeTtlSeconds ?? 300) * 1000,
    now: opts.now ?? Date.now,
  })

  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://standin.local')
      const input: RouteInput = { state, query: url.searchParams, json: parseJson(await readText(req)) }
      const method = req.method ?? 'GET'
      const route = API_ROUTES[url.pathname]
      if (route) return write(res, { body: callApi(route, method, input) })
      write(res, (await devRoute(method, url.pathname, input)) ?? { body: unknownPath() })
    })().catch((err: unknown) => {
      // A fault of the stand-in itself: say so loudly rather than imitate a WeChat error.
      if (!res.headersSent) write(res, { status: 500, body: { error: String(err) } })
      else res.destroy()
    })
  })

  const host = opts.host ?? '127.0.0.1'
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const { port } = server.address() as AddressInfo
  const push = (openid: string, event: OaFollowEvent, target: string) => {
    const token = state.config.officialAccount?.token
    if (!token) throw new Error('the stand-in has no official account token to sign pushes with')
    return pushFollowEvent({ target, token, openid, event, now: state.now() })
  }
  const shownHost = host.includes(':') ? `[${host}]` : host === '0.0.0.0' ? '127.0.0.1' : host

  return {
    url: `http://${shownHost}:${port}`,
    messages: () => structuredClone(state.messages),
    issueLoginCode: (openid) => state.issueLoginCode(openid),
    issuePhoneCode: (phoneNumber, openid) => state.issuePhoneCode(phoneNumber, openid),
    grantSubscription: (openid, templateId, count) => {
      state.grantSubscription(openid, templateId, count)
    },
    followOfficialAccount: async (openid, unionid, target) => {
      state.follow(openid, unionid)
      return target ? push(openid, 'subscribe', target) : null
    },
    unfollowOfficialAccount: async (openid, target) => {
      state.unfollow(openid)
      return target ? push(openid, 'unsubscribe', target) : null
    },
    failNext: (api, errcode, times) => state.failNext(api, errcode, times),
    expireTokens: () => state.expireTokens(),
    requestCount: (api) => state.requestCount(api),
    reset: () => state.reset(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        // fetch keeps connections alive; without this close() waits for them to time out.
        server.closeAllConnections()
      }),
  }
}
