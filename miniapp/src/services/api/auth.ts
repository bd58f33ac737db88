import type { LoginResult, MeView, ProfileUpdateInput } from '@qjt/shared'
import { request, type CallOptions } from '../request'

/** `code` is what `Taro.login` gave us, or `dev-<openid>` for the development stand-in. */
export function loginWithCode(code: string, opts?: CallOptions) {
  return request<LoginResult>('/auth/wechat', { ...opts, method: 'POST', data: { code }, auth: false })
}

export function getMe(opts?: CallOptions) {
  return request<MeView>('/me', opts)
}

export function updateMe(input: ProfileUpdateInput, opts?: CallOptions) {
  return request<MeView>('/me', { ...opts, method: 'PATCH', data: input })
}
