import Taro from '@tarojs/taro'
import { isWeapp } from '@/utils/platform'
import { createStore, useStore } from './store'

type PrivacyResolve = (option: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void

/** The pending WeChat privacy request, shown by the popup of whichever page is on screen. */
const pending = createStore<PrivacyResolve | null>(null)

/** Called once at launch: WeChat asks us before the first privacy API (clipboard, phone number…). */
export function installPrivacyListener(): void {
  if (!isWeapp || typeof Taro.onNeedPrivacyAuthorization !== 'function') return
  Taro.onNeedPrivacyAuthorization((resolve) => {
    pending.set(() => resolve)
  })
}

export function usePendingPrivacy(): PrivacyResolve | null {
  return useStore(pending)
}

/** `buttonId` is the agree button's id: WeChat checks that this very button was tapped. */
export function answerPrivacy(agree: boolean, buttonId?: string): void {
  const resolve = pending.get()
  pending.set(null)
  resolve?.(agree ? { event: 'agree', buttonId } : { event: 'disagree' })
}

/**
 * Resolves true once the user has agreed to the privacy guide (asking with our popup if needed),
 * false on refusal; outside WeChat there is nothing to ask.
 */
export function ensurePrivacy(): Promise<boolean> {
  if (!isWeapp || typeof Taro.requirePrivacyAuthorize !== 'function') return Promise.resolve(true)
  return new Promise((resolve) => {
    Taro.requirePrivacyAuthorize({
      success: () => resolve(true),
      fail: () => resolve(false),
    })
  })
}
