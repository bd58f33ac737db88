import Taro from '@tarojs/taro'
import { ROUTES, TAB_ROUTES } from '@/constants/routes'

function pathOf(url: string): string {
  const i = url.indexOf('?')
  return i < 0 ? url : url.slice(0, i)
}

/** Opens a page, switching tabs when the target is a tab page (navigateTo cannot open those). */
export function go(url: string): void {
  if (TAB_ROUTES.includes(pathOf(url))) {
    void Taro.switchTab({ url: pathOf(url) })
    return
  }
  void Taro.navigateTo({ url }).catch(() => {
    // The page stack is full (10 pages): replace the current page instead.
    void Taro.redirectTo({ url })
  })
}

/** Replaces the current page, e.g. a form with its result. */
export function replace(url: string): void {
  if (TAB_ROUTES.includes(pathOf(url))) {
    void Taro.switchTab({ url: pathOf(url) })
    return
  }
  void Taro.redirectTo({ url })
}

/** Back one page, or to a fallback when the page was opened directly (a shared link, a scan). */
export function back(fallback: string = ROUTES.home): void {
  if (Taro.getCurrentPages().length > 1) {
    void Taro.navigateBack()
    return
  }
  replace(fallback)
}

/** Query keys Taro adds to a page's URL for itself. */
const INTERNAL_KEYS = new Set(['$taroTimestamp', 'stamp', '__key_'])

/** The current page as a URL with its query, to come back to after logging in. */
export function currentUrl(): string {
  // The router of the page on screen: `path` without the query on every platform, `params` with it.
  const router = Taro.getCurrentInstance().router
  const path = (router?.path ?? '').split('?')[0] ?? ''
  if (!path) return ROUTES.home
  const query = Object.entries(router?.params ?? {})
    .filter(([k, v]) => v !== undefined && !INTERNAL_KEYS.has(k))
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&')
  return `${path.startsWith('/') ? path : `/${path}`}${query ? `?${query}` : ''}`
}
