import { randomBytes } from 'node:crypto'

/** The stand-in's APIs, as named when injecting failures or counting calls. */
export type StandinApi = 'jscode2session' | 'stable_token' | 'getuserphonenumber' | 'subscribe_send' | 'template_send' | 'user_info'

export interface ReceivedMessage {
  id: string
  kind: 'subscribe' | 'template'
  receivedAt: string
  /** The app whose access token sent it: the mini-program's or the official account's. */
  appid: string
  touser: string
  templateId: string
  /** Subscribe: the in-app page. Template: the mini-program page, else the H5 url. */
  page?: string
  data: Record<string, { value: string }>
  /** Template messages: the sender's de-duplication id, if it gave one. */
  clientMsgId?: string
  /** Later sends with the same (touser, client_msg_id) that were accepted but not delivered again. */
  duplicates: number
  raw: unknown
}

/** Someone who follows (or once followed) the official account. */
export interface OaFollower {
  openid: string
  unionid: string
  subscribed: boolean
  subscribeTime: number
}

export interface WxError {
  errcode: number
  errmsg: string
}

/** WeChat ends every errmsg with a request id, e.g. `invalid code rid: 65f1a2b3-1c2d3e4f-5a6b7c8d`. */
export function wxError(errcode: number, text: string): WxError {
  const part = () => randomBytes(4).toString('hex')
  return { errcode, errmsg: `${text} rid: ${part()}-${part()}-${part()}` }
}

export const isWxError = (value: unknown): value is WxError =>
  typeof value === 'object' && value !== null && 'errcode' in value && (value as WxError).errcode !== 0

const INJECTED_TEXT: Record<number, string> = {
  [-1]: 'system error',
  40001: 'invalid credential, access_token is invalid or not latest',
  40014: 'invalid access_token',
  40029: 'invalid code',
  40226: 'high risk user',
  42001: 'access_token expired',
  43101: 'user refuse to accept the msg',
  40003: 'invalid openid',
  43004: 'require subscribe',
  47003: 'argument invalid!',
  48001: 'api unauthorized',
  45009: 'reach max api daily quota limit',
  45011: 'api minute-quota reach limit  mustslower  retry next minute',
}

export const OPENID = /^[A-Za-z0-9_-]{1,64}$/
export const PHONE = /^(\+\d{1,4}[ -])?\d{4,15}$/
const PHONE_CODE_TTL_MS = 5 * 60_000
/** How long before its end the platform starts handing out a new stable token. */
const TOKEN_RENEW_MS = 5 * 60_000
const FORCE_GAP_MS = 30_000
const FORCE_PER_DAY = 20
const DAY_MS = 86_400_000
const BEIJING_OFFSET_MS = 8 * 3_600_000
/** How long WeChat remembers a template message's client_msg_id. */
const CLIENT_MSG_ID_TTL_MS = 10 * 60_000

interface Code {
  expiresAt: number
  used: boolean
}

export interface StateConfig {
  appid: string
  secret: string
  /** The official account next to the mini-program: its own appid, secret and push token. */
  officialAccount?: { appid: string; secret: string; token?: string }
  tokenTtlMs: number
  codeTtlMs: number
  now: () => number
}

/** Everything the stand-in remembers: codes, tokens, grants, followers, messages and injected failures. */
export class StandinState {
  readonly messages: ReceivedMessage[] = []
  private readonly loginCodes = new Map<string, Code & { openid: string }>()
  private readonly phoneCodes = new Map<string, Code & { phoneNumber: string; openid?: string }>()
  private readonly grants = new Map<string, number>()
  private readonly failures = new Map<StandinApi, { errcode: number; times: number }[]>()
  /** Every token issued, of either app; an app's tokens only open that app's APIs. */
  private readonly tokens = new Map<string, { appid: string; expiresAt: number; revoked: boolean }>()
  private readonly current = new Map<string, string>()
  private readonly forced = new Map<string, number[]>()
  private readonly counts = new Map<StandinApi, number>()
  private readonly followers = new Map<string, OaFollower>()
  private readonly sentIds = new Map<string, { message: ReceivedMessage; at: number }>()
  private seq = 0

  constructor(readonly config: StateConfig) {}

  now(): number {
    return this.config.now()
  }

  count(api: StandinApi): void {
    this.counts.set(api, this.requestCount(api) + 1)
  }

  requestCount(api: StandinApi): number {
    return this.counts.get(api) ?? 0
  }

  failNext(api: StandinApi, errcode: number, times = 1): void {
    const queue = this.failures.get(api) ?? []
    queue.push({ errcode, times })
    this.failures.set(api, queue)
  }

  /** The next injected failure for `api`, if any, used up as it is returned. */
  takeFailure(api: StandinApi): WxError | undefined {
    const head = this.failures.get(api)?.[0]
    if (!head) return undefined
    head.times -= 1
    if (head.times <= 0) this.failures.get(api)?.shift()
    return wxError(head.errcode, INJECTED_TEXT[head.errcode] ?? 'injected error')
  }

  issueLoginCode(openid: string): string {
    if (!OPENID.test(openid)) throw new Error(`invalid openid: ${openid}`)
    const code = randomBytes(16).toString('hex')
    this.loginCodes.set(code, { openid, expiresAt: this.now() + this.config.codeTtlMs, used: false })
    return code
  }

  /** Single use: a second redemption answers 40163, an expired or unknown code 40029. */
  redeemLoginCode(code: string): { openid: string } | WxError {
    const entry = this.loginCodes.get(code)
    if (!entry || this.now() >= entry.expiresAt) return wxError(40029, 'invalid code')
    if (entry.used) return wxError(40163, 'code been used')
    entry.used = true
    return { openid: entry.openid }
  }

  /** `phoneNumber`: a mainland number (`13812345678`) or `+<country> <number>`. */
  issuePhoneCode(phoneNumber: string, openid?: string): string {
    if (!PHONE.test(phoneNumber)) throw new Error(`invalid phone number: ${phoneNumber}`)
    if (openid !== undefined && !OPENID.test(openid)) throw new Error(`invalid openid: ${openid}`)
    const code = randomBytes(32).toString('hex')
    this.phoneCodes.set(code, { phoneNumber, openid, expiresAt: this.now() + PHONE_CODE_TTL_MS, used: false })
    return code
  }

  /** A code bound to an openid only answers a request naming that openid (or none). */
  redeemPhoneCode(code: string, openid?: string): { phoneNumber: string } | WxError {
    const entry = this.phoneCodes.get(code)
    if (!entry || entry.used || this.now() >= entry.expiresAt) return wxError(40029, 'invalid code')
    if (openid !== undefined && entry.openid !== undefined && openid !== entry.openid) {
      return wxError(40003, 'invalid openid, the code was not issued to this openid')
    }
    entry.used = true
    return { phoneNumber: entry.phoneNumber }
  }

  /** The secret of an app the stand-in knows (the mini-program or the official account). */
  secretOf(appid: string): string | undefined {
    if (appid === this.config.appid) return this.config.secret
    if (appid === this.config.officialAccount?.appid) return this.config.officialAccount.secret
    return undefined
  }

  /**
   * stable_token, per app: normal mode hands out the app's current token until 5 min before its
   * end; force mode revokes it (20 a day, 30 s apart) and issues another. Old tokens stay valid
   * until they end.
   */
  stableToken(force: boolean, appid = this.config.appid): { access_token: string; expires_in: number } | WxError {
    const now = this.now()
    const currentToken = this.current.get(appid)
    const current = currentToken ? this.tokens.get(currentToken) : undefined
    if (force) {
      let forced = this.forced.get(appid) ?? []
      const last = forced[forced.length - 1]
      if (last !== undefined && now - last < FORCE_GAP_MS) {
        return wxError(45009, 'reach max api daily quota limit, force_refresh allowed once every 30s')
      }
      const today = Math.floor((now + BEIJING_OFFSET_MS) / DAY_MS)
      forced = forced.filter((t) => Math.floor((t + BEIJING_OFFSET_MS) / DAY_MS) === today)
      if (forced.length >= FORCE_PER_DAY) return wxError(45009, 'reach max api daily quota limit')
      forced.push(now)
      this.forced.set(appid, forced)
      if (current) current.revoked = true
    } else if (currentToken && current && !current.revoked && current.expiresAt - now > this.renewWindowMs()) {
      return { access_token: currentToken, expires_in: Math.ceil((current.expiresAt - now) / 1000) }
    }
    const token = randomBytes(96).toString('base64url')
    this.tokens.set(token, { appid, expiresAt: now + this.config.tokenTtlMs, revoked: false })
    this.current.set(appid, token)
    return { access_token: token, expires_in: Math.ceil(this.config.tokenTtlMs / 1000) }
  }

  /** Which app a token (already checked) belongs to. */
  tokenApp(token: string | null): string | undefined {
    return token ? this.tokens.get(token)?.appid : undefined
  }

  /** Short-lived test tokens are renewed in their second half rather than never being reused. */
  private renewWindowMs(): number {
    return Math.min(TOKEN_RENEW_MS, this.config.tokenTtlMs / 2)
  }

  /** What a `?access_token=` API answers for this token before looking at the request. */
  checkToken(token: string | null): WxError | undefined {
    if (!token) return wxError(41001, 'access_token missing')
    if (!/^[A-Za-z0-9_-]{32,512}$/.test(token)) return wxError(40014, 'invalid access_token')
    const entry = this.tokens.get(token)
    if (!entry || entry.revoked) return wxError(40001, INJECTED_TEXT[40001] as string)
    if (this.now() >= entry.expiresAt) return wxError(42001, 'access_token expired')
    return undefined
  }

  expireTokens(): void {
    const now = this.now()
    for (const entry of this.tokens.values()) entry.expiresAt = Math.min(entry.expiresAt, now)
  }

  grantSubscription(openid: string, templateId: string, count = 1): number {
    const key = `${openid}\n${templateId}`
    const left = (this.grants.get(key) ?? 0) + count
    this.grants.set(key, left)
    return left
  }

  /** Uses one grant; false when the user has none left for this template (→ 43101). */
  useGrant(openid: string, templateId: string): boolean {
    const key = `${openid}\n${templateId}`
    const left = this.grants.get(key) ?? 0
    if (left <= 0) return false
    this.grants.set(key, left - 1)
    return true
  }

  keep(message: Omit<ReceivedMessage, 'id' | 'receivedAt' | 'duplicates'>): ReceivedMessage {
    this.seq += 1
    const kept = { id: String(this.now() * 1000 + this.seq), receivedAt: new Date(this.now()).toISOString(), duplicates: 0, ...message }
    this.messages.push(kept)
    return kept
  }

  /**
   * The message already delivered to `touser` under `clientMsgId` in the last 10 minutes, counted
   * as one more duplicate; undefined when this send is the first.
   */
  duplicateOf(touser: string, clientMsgId: string): ReceivedMessage | undefined {
    const seen = this.sentIds.get(`${touser}\n${clientMsgId}`)
    if (!seen || this.now() - seen.at >= CLIENT_MSG_ID_TTL_MS) return undefined
    seen.message.duplicates += 1
    return seen.message
  }

  rememberClientMsgId(touser: string, clientMsgId: string, message: ReceivedMessage): void {
    this.sentIds.set(`${touser}\n${clientMsgId}`, { message, at: this.now() })
  }

  /** The user follows the official account (again); the unionid is fixed per person. */
  follow(openid: string, unionid: string): OaFollower {
    if (!OPENID.test(openid)) throw new Error(`invalid openid: ${openid}`)
    const follower = { openid, unionid, subscribed: true, subscribeTime: Math.floor(this.now() / 1000) }
    this.followers.set(openid, follower)
    return follower
  }

  unfollow(openid: string): OaFollower | undefined {
    const follower = this.followers.get(openid)
    if (follower) follower.subscribed = false
    return follower
  }

  follower(openid: string): OaFollower | undefined {
    return this.followers.get(openid)
  }

  followerList(): OaFollower[] {
    return [...this.followers.values()]
  }

  reset(): void {
    this.messages.length = 0
    this.grants.clear()
    this.failures.clear()
    this.counts.clear()
    this.followers.clear()
    this.sentIds.clear()
  }
}
