import type { Logger } from 'pino'

export { fitSubscribeValue } from './subscribe-value'

export interface WechatConfig {
  appid: string
  secret: string
  /** e.g. `https://api.weixin.qq.com`, or the local stand-in's URL. */
  apiBase: string
}

/**
 * A failed call to WeChat's server API. `errcode` is WeChat's own; -1 ("system busy") also covers
 * what never got a usable answer (network error, timeout, a body that is not JSON), with the cause kept.
 */
export class WechatApiError extends Error {
  /**
   * True when the request may have reached WeChat and been carried out though no answer said so
   * (a timeout, a dropped connection, a garbled answer): repeating a send may then deliver it twice.
   * False when WeChat answered with an errcode, or the connection was never made.
   */
  readonly maybeDelivered: boolean

  constructor(
    readonly api: string,
    readonly errcode: number,
    readonly errmsg: string,
    options?: { cause?: unknown; maybeDelivered?: boolean },
  ) {
    super(`WeChat ${api} failed: ${errcode} ${errmsg}`, options)
    this.name = 'WechatApiError'
    this.maybeDelivered = options?.maybeDelivered ?? false
  }
}

/** Connection errors that happen before a request is sent, so nothing can have been carried out. */
const NOT_SENT_CAUSES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
])

function neverSent(err: unknown): boolean {
  const cause = (err as { cause?: { code?: unknown; errors?: { code?: unknown }[] } }).cause
  const code = cause?.code ?? cause?.errors?.[0]?.code
  return typeof code === 'string' && NOT_SENT_CAUSES.has(code)
}

export interface SubscribeMessage {
  /** The recipient's mini-program openid. */
  touser: string
  templateId: string
  /** In-app page the card opens (may carry a query); without it the card does not navigate. */
  page?: string
  /** Key → value, e.g. `{ thing1: '电子台秤', time2: '2026年3月1日 09:00' }`; see `fitSubscribeValue`. */
  data: Record<string, string>
  miniprogramState?: 'developer' | 'trial' | 'formal'
  lang?: 'zh_CN' | 'en_US' | 'zh_HK' | 'zh_TW'
}

/** An official-account (service account) template message, WeChat's SMS-like channel (§2.2). */
export interface TemplateMessage {
  /** The recipient's **official-account** openid (not the mini-program one). */
  touser: string
  templateId: string
  /** Opens this mini-program page; the mini-program must be linked to the account. */
  miniprogram?: { appid: string; pagepath: string }
  /** H5 link, used when no mini-program is given. */
  url?: string
  /** WeChat sends one message per (touser, client_msg_id) within 10 minutes: a retry cannot deliver twice. */
  clientMsgId?: string
  data: Record<string, string>
}

/** What `cgi-bin/user/info` tells about one of the account's users. */
export interface OfficialAccountUser {
  openid: string
  /** False once the user unfollowed (or never followed). */
  subscribed: boolean
  unionid?: string
}

export interface WechatClientOptions {
  fetch?: typeof fetch
  now?: () => number
  log?: Logger
  timeoutMs?: number
}

type Body = Record<string, unknown>

/** Errors meaning "this access token is no good": get another and try the call again, once. */
const TOKEN_ERRORS = new Set([40001, 40014, 42001])
/** The platform renews a stable token ~5 min before it ends; we stop using it then too. */
const TOKEN_MARGIN_MS = 5 * 60_000

/**
 * WeChat server API: log-in, access token, phone number, subscribe messages; for an official
 * account (a client made with `forApp`), template messages and follower info.
 * WeChat reports every error as HTTP 200 with `{errcode, errmsg}`, so only the body decides.
 * The access token is fetched from one place (this instance) and shared by every caller.
 */
export class WechatClient {
  private readonly base: string
  private readonly fetchFn: typeof fetch
  private readonly now: () => number
  private readonly log?: Logger
  private readonly timeoutMs: number
  private token?: { value: string; usableUntil: number }
  private inflight?: Promise<string>
  private renewal?: { failed: string; promise: Promise<string> }

  constructor(
    private readonly config: WechatConfig,
    private readonly opts: WechatClientOptions = {},
  ) {
    this.base = config.apiBase.replace(/\/+$/, '')
    this.fetchFn = opts.fetch ?? ((input, init) => fetch(input, init))
    this.now = opts.now ?? Date.now
    this.log = opts.log
    this.timeoutMs = opts.timeoutMs ?? 10_000
  }

  /**
   * A client for another app at the same API base (the official account next to the
   * mini-program), with its own access token: tokens belong to one appid.
   */
  forApp(credentials: { appid: string; secret: string }, opts: WechatClientOptions = {}): WechatClient {
    return new WechatClient({ appid: credentials.appid, secret: credentials.secret, apiBase: this.base }, { ...this.opts, ...opts })
  }

  /** Exchanges a `wx.login()` code for the user's identity. `sessionKey` must never leave the server. */
  async code2Session(jsCode: string): Promise<{ openid: string; unionid?: string; sessionKey: string }> {
    const query = new URLSearchParams({
      appid: this.config.appid,
      secret: this.config.secret,
      js_code: jsCode,
      grant_type: 'authorization_code',
    })
    const body = await this.call('jscode2session', `/sns/jscode2session?${query}`, { method: 'GET' })
    const openid = requireString('jscode2session', body, 'openid')
    const sessionKey = requireString('jscode2session', body, 'session_key')
    const unionid = typeof body.unionid === 'string' && body.unionid !== '' ? body.unionid : undefined
    return unionid ? { openid, unionid, sessionKey } : { openid, sessionKey }
  }

  /**
   * A valid access token (stable_token, normal mode), cached until 5 min before it ends.
   * Concurrent callers wait for the same request.
   */
  async getAccessToken(): Promise<string> {
    if (this.token && this.now() < this.token.usableUntil) return this.token.value
    return this.inflight ?? this.requestToken(false)
  }

  /** Turns a `getPhoneNumber` button code into the user's phone number (a paid call). */
  async getPhoneNumber(
    code: string,
    openid?: string,
  ): Promise<{ phoneNumber: string; purePhoneNumber: string; countryCode: string }> {
    const api = 'getuserphonenumber'
    const body = await this.withToken(api, '/wxa/business/getuserphonenumber', openid ? { code, openid } : { code })
    const info = body.phone_info
    if (typeof info !== 'object' || info === null) throw invalidResponse(api, 'phone_info missing')
    const phone = info as Body
    const countryCode = phone.countryCode
    return {
      phoneNumber: requireString(api, phone, 'phoneNumber'),
      purePhoneNumber: requireString(api, phone, 'purePhoneNumber'),
      // Documented as a string, shown as a number in WeChat's own example.
      countryCode: typeof countryCode === 'number' ? String(countryCode) : requireString(api, phone, 'countryCode'),
    }
  }

  /** Sends a one-time (or long-term) subscribe message; each accepted send uses up one user grant. */
  async sendSubscribeMessage(msg: SubscribeMessage): Promise<{ msgid?: string }> {
    const payload: Body = {
      touser: msg.touser,
      template_id: msg.templateId,
      data: Object.fromEntries(Object.entries(msg.data).map(([key, value]) => [key, { value }])),
    }
    if (msg.page !== undefined) payload.page = msg.page
    if (msg.miniprogramState !== undefined) payload.miniprogram_state = msg.miniprogramState
    if (msg.lang !== undefined) payload.lang = msg.lang
    const body = await this.withToken('subscribe_send', '/cgi-bin/message/subscribe/send', payload)
    return msgidOf(body)
  }

  /** Sends an official-account template message (call on the account's own client, see `forApp`). */
  async sendTemplateMessage(msg: TemplateMessage): Promise<{ msgid?: string }> {
    const payload: Body = {
      touser: msg.touser,
      template_id: msg.templateId,
      data: Object.fromEntries(Object.entries(msg.data).map(([key, value]) => [key, { value }])),
    }
    if (msg.miniprogram !== undefined) payload.miniprogram = msg.miniprogram
    if (msg.url !== undefined) payload.url = msg.url
    if (msg.clientMsgId !== undefined) payload.client_msg_id = msg.clientMsgId
    const body = await this.withToken('template_send', '/cgi-bin/message/template/send', payload)
    return msgidOf(body)
  }

  /** Whether `openid` follows the official account, and its unionid (call on the account's own client). */
  async getUserInfo(openid: string): Promise<OfficialAccountUser> {
    const api = 'user_info'
    const body = await this.withToken(api, '/cgi-bin/user/info', { openid, lang: 'zh_CN' }, 'GET')
    const unionid = typeof body.unionid === 'string' && body.unionid !== '' ? body.unionid : undefined
    return {
      openid: requireString(api, body, 'openid'),
      subscribed: body.subscribe === 1 || body.subscribe === '1',
      ...(unionid ? { unionid } : {}),
    }
  }

  private requestToken(forceRefresh: boolean): Promise<string> {
    const started = this.now()
    const promise = this.call('stable_token', '/cgi-bin/stable_token', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credential',
        appid: this.config.appid,
        secret: this.config.secret,
        force_refresh: forceRefresh,
      }),
    }).then((body) => {
      const value = requireString('stable_token', body, 'access_token')
      const expiresIn = typeof body.expires_in === 'number' ? body.expires_in * 1000 : 0
      // A token shorter-lived than twice the margin is used for half its life instead.
      const usable = expiresIn > 2 * TOKEN_MARGIN_MS ? expiresIn - TOKEN_MARGIN_MS : expiresIn / 2
      this.token = { value, usableUntil: started + usable }
      return value
    })
    this.inflight = promise
    const clear = () => {
      if (this.inflight === promise) this.inflight = undefined
    }
    promise.then(clear, clear)
    return promise
  }

  /**
   * After `failed` was refused: a fresh token. Normal mode first; if the platform hands back the
   * very token it just refused, force a new one. Callers that failed with the same token share it.
   */
  private renewToken(failed: string): Promise<string> {
    if (this.renewal?.failed === failed) return this.renewal.promise
    const promise = (async () => {
      if (this.token?.value === failed) this.token = undefined
      const fresh = await this.getAccessToken()
      if (fresh !== failed) return fresh
      this.token = undefined
      return this.requestToken(true)
    })()
    this.renewal = { failed, promise }
    const clear = () => {
      if (this.renewal?.promise === promise) this.renewal = undefined
    }
    promise.then(clear, clear)
    return promise
  }

  /**
   * Calls a `?access_token=` API (POST: `payload` as JSON; GET: `payload` as query); on a token
   * error renews the token and retries once.
   */
  private async withToken(api: string, path: string, payload: Body, method: 'GET' | 'POST' = 'POST'): Promise<Body> {
    const send = (token: string) =>
      method === 'GET'
        ? this.call(api, `${path}?${new URLSearchParams({ access_token: token, ...(payload as Record<string, string>) })}`, {
            method: 'GET',
          })
        : this.call(api, `${path}?access_token=${encodeURIComponent(token)}`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify(payload),
          })
    const token = await this.getAccessToken()
    try {
      return await send(token)
    } catch (err) {
      if (!(err instanceof WechatApiError) || !TOKEN_ERRORS.has(err.errcode)) throw err
      this.log?.info({ api, errcode: err.errcode }, 'wechat access token refused, renewing')
      return send(await this.renewToken(token))
    }
  }

  /** One HTTP exchange. Logs the api, errcode and duration only: URLs and bodies carry secrets. */
  private async call(api: string, pathAndQuery: string, init: RequestInit): Promise<Body> {
    const started = this.now()
    let body: Body
    try {
      body = await this.exchange(api, pathAndQuery, init)
      const errcode = body.errcode
      if (errcode !== undefined && errcode !== 0) {
        const code = typeof errcode === 'number' ? errcode : Number(errcode)
        const errmsg = typeof body.errmsg === 'string' ? body.errmsg : ''
        throw new WechatApiError(api, Number.isFinite(code) ? code : -1, errmsg)
      }
    } catch (err) {
      const errcode = err instanceof WechatApiError ? err.errcode : -1
      this.log?.warn({ api, errcode, ms: this.now() - started }, 'wechat api call failed')
      throw err
    }
    this.log?.debug({ api, errcode: 0, ms: this.now() - started }, 'wechat api call')
    return body
  }

  private async exchange(api: string, pathAndQuery: string, init: RequestInit): Promise<Body> {
    let text: string
    let status: number
    try {
      const res = await this.fetchFn(`${this.base}${pathAndQuery}`, {
        ...init,
        signal: AbortSignal.timeout(this.timeoutMs),
      })
      status = res.status
      text = await res.text()
    } catch (err) {
      const timedOut = err instanceof DOMException && err.name === 'TimeoutError'
      const reason = timedOut ? `no answer within ${this.timeoutMs} ms` : `network error: ${(err as Error).message}`
      throw new WechatApiError(api, -1, reason, { cause: err, maybeDelivered: timedOut || !neverSent(err) })
    }
    try {
      const parsed: unknown = JSON.parse(text)
      if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) return parsed as Body
    } catch (err) {
      throw invalidResponse(api, `HTTP ${status}, body is not JSON`, err)
    }
    throw invalidResponse(api, `HTTP ${status}, body is not a JSON object`)
  }
}

/** Something answered, but not WeChat's JSON (a proxy's error page): whether WeChat acted is unknown. */
function invalidResponse(api: string, detail: string, cause?: unknown): WechatApiError {
  return new WechatApiError(api, -1, `invalid response: ${detail}`, cause === undefined ? { maybeDelivered: true } : { cause, maybeDelivered: true })
}

function msgidOf(body: Body): { msgid?: string } {
  const msgid = body.msgid
  return typeof msgid === 'number' || (typeof msgid === 'string' && msgid !== '') ? { msgid: String(msgid) } : {}
}

function requireString(api: string, body: Body, key: string): string {
  const value = body[key]
  if (typeof value !== 'string' || value === '') throw invalidResponse(api, `${key} missing`)
  return value
}
