import Taro from '@tarojs/taro'
import { ROUTES } from '@/constants/routes'
import { currentUrl } from '@/utils/nav'
import { isH5, isWeapp } from '@/utils/platform'
import { ApiError, CLIENT_MESSAGES, errorFromResponse } from './errors'
import { clearToken, getToken } from './token'

export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
export type Query = Record<string, string | number | boolean | null | undefined>

/** What a caller of an API function may choose. */
export interface CallOptions {
  /** Show the error's message as a toast (default). Pass false when the page shows it itself. */
  toast?: boolean
  /** On H5, open the login page when the session is gone (default). */
  loginRedirect?: boolean
}

export interface RequestOptions extends CallOptions {
  method?: HttpMethod
  query?: Query
  data?: unknown
  /** Send the bearer token and recover from a 401 (default). Login itself passes false. */
  auth?: boolean
}

/** Extra attempts for a GET that never reached the server; writes are never repeated blindly. */
const GET_RETRIES = 2
const TIMEOUT_MS = 15000

type Hook = () => Promise<void>
let silentLogin: Hook | null = null
let signedOut: (() => void) | null = null

/** The session registers how to log in again without the user (weapp) and what to do when that is impossible. */
export function registerSessionHooks(hooks: { silentLogin: Hook; signedOut: () => void }): void {
  silentLogin = hooks.silentLogin
  signedOut = hooks.signedOut
}

/** The API URL of `path` with the non-empty query values. */
export function buildUrl(path: string, query?: Query): string {
  const params = Object.entries(query ?? {})
    .filter(([, v]) => v !== undefined && v !== null && v !== '')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
  return `${API_BASE}${path}${params.length ? `?${params.join('&')}` : ''}`
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

function send(url: string, method: HttpMethod, data: unknown, auth: boolean) {
  const header: Record<string, string> = { 'content-type': 'application/json' }
  const token = auth ? getToken() : null
  if (token) header.Authorization = `Bearer ${token}`
  return Taro.request({
    url,
    method,
    data: method === 'GET' || data === undefined ? undefined : (data as TaroGeneral.IAnyObject),
    header,
    timeout: TIMEOUT_MS,
    dataType: 'json',
  })
}

function report(err: ApiError, opts: CallOptions): ApiError {
  if (opts.toast !== false) {
    void Taro.showToast({ title: err.message, icon: 'none', duration: 2500 })
  }
  return err
}

let redirecting = false

/** H5 has no silent login: send the user to the login page, and back here afterwards. */
function openLogin(): void {
  const here = currentUrl()
  if (redirecting || here.startsWith(ROUTES.login)) return
  redirecting = true
  void Taro.navigateTo({ url: `${ROUTES.login}?redirect=${encodeURIComponent(here)}` }).finally(() => {
    redirecting = false
  })
}

/**
 * The one way the mini-program talks to the API: adds the token, logs in again once on a 401
 * (weapp), retries GETs on network failures, and turns every non-2xx answer into an `ApiError`.
 */
export async function request<T>(path: string, opts: RequestOptions = {}): Promise<T> {
  const method = opts.method ?? 'GET'
  const auth = opts.auth ?? true
  const url = buildUrl(path, opts.query)
  let networkRetries = 0
  let reloggedIn = false

  for (;;) {
    let res: Taro.request.SuccessCallbackResult<TaroGeneral.IAnyObject | string>
    try {
      res = await send(url, method, opts.data, auth)
    } catch {
      if (method === 'GET' && networkRetries < GET_RETRIES) {
        networkRetries += 1
        await sleep(400 * networkRetries)
        continue
      }
      throw report(new ApiError({ status: 0, code: 'NETWORK_ERROR', message: CLIENT_MESSAGES.NETWORK_ERROR }), opts)
    }

    const status = res.statusCode
    if (status >= 200 && status < 300) return (status === 204 ? undefined : res.data) as T

    const headers = (res.header ?? {}) as Record<string, string | undefined>
    const err = errorFromResponse(status, res.data, headers['x-request-id'] ?? headers['X-Request-Id'])

    if (status === 401 && auth) {
      clearToken()
      if (isWeapp && !reloggedIn && silentLogin) {
        reloggedIn = true
        try {
          await silentLogin()
        } catch (loginErr) {
          signedOut?.()
          throw report(loginErr instanceof ApiError ? loginErr : err, opts)
        }
        continue
      }
      signedOut?.()
      if (isH5 && opts.loginRedirect !== false) openLogin()
    }
    throw report(err, opts)
  }
}
