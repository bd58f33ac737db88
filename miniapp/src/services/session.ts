import Taro from '@tarojs/taro'
import { ERRORS, type MeView, type Role } from '@qjt/shared'
import { isWeapp } from '@/utils/platform'
import { getMe, loginWithCode } from './api/auth'
import { ApiError } from './errors'
import { registerSessionHooks } from './request'
import { createStore, useStore } from './store'
import { clearToken, getToken, setToken } from './token'

export type SessionStatus = 'unknown' | 'loading' | 'signed_in' | 'signed_out' | 'error'

export interface SessionState {
  status: SessionStatus
  me: MeView | null
  error: ApiError | null
}

const session = createStore<SessionState>({ status: 'unknown', me: null, error: null })

const SIGNED_OUT: SessionState = { status: 'signed_out', me: null, error: null }

let wechatLogin: Promise<void> | null = null

/** `Taro.login` → `POST /auth/wechat`; concurrent callers share one attempt. */
function silentWechatLogin(): Promise<void> {
  wechatLogin ??= (async () => {
    let code: string | undefined
    try {
      code = (await Taro.login()).code
    } catch {
      code = undefined
    }
    if (!code) {
      throw new ApiError({ status: 0, code: 'WECHAT_LOGIN_FAILED', message: ERRORS.WECHAT_LOGIN_FAILED.message })
    }
    const result = await loginWithCode(code, { toast: false })
    setToken(result.token, result.expiresAt)
  })().finally(() => {
    wechatLogin = null
  })
  return wechatLogin
}

registerSessionHooks({
  silentLogin: silentWechatLogin,
  signedOut: () => session.set(SIGNED_OUT),
})

/** Reloads the current user (after login, registering or joining a unit). */
export async function refreshMe(): Promise<MeView | null> {
  try {
    const me = await getMe({ toast: false, loginRedirect: false })
    session.set({ status: 'signed_in', me, error: null })
    return me
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) {
      session.set(SIGNED_OUT)
      return null
    }
    const error = err instanceof ApiError ? err : null
    session.set((s) => ({ status: s.me ? 'signed_in' : 'error', me: s.me, error }))
    throw err
  }
}

let booting: Promise<void> | null = null

/** At launch (and on 重试): use the stored token, or on weapp log in silently. */
export function bootstrap(): Promise<void> {
  booting ??= (async () => {
    session.set((s) => ({ ...s, status: 'loading', error: null }))
    if (!getToken()) {
      if (!isWeapp) {
        session.set(SIGNED_OUT)
        return
      }
      try {
        await silentWechatLogin()
      } catch (err) {
        session.set({ status: 'error', me: null, error: err instanceof ApiError ? err : null })
        return
      }
    }
    try {
      await refreshMe()
    } catch {
      // refreshMe has put the error in the session state; pages offer 重试.
    }
  })().finally(() => {
    booting = null
  })
  return booting
}

/** H5 development login: the server's WeChat stand-in maps `dev-<openid>` to that openid. */
export async function signInWithDevOpenid(openid: string): Promise<MeView | null> {
  const result = await loginWithCode(`dev-${openid.trim()}`, { toast: false })
  setToken(result.token, result.expiresAt)
  return refreshMe()
}

export function signOut(): void {
  clearToken()
  session.set(SIGNED_OUT)
}

export function useSession(): SessionState {
  return useStore(session)
}

export function getSession(): SessionState {
  return session.get()
}

export function hasRole(me: MeView | null, role: Role): boolean {
  return !!me?.roles.includes(role)
}
