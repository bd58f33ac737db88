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

/** The current page as a URL with its query, to come back to after logging in. */
export function currentUrl(): string {
  const pages = Taro.getCurrentPages()
  const page = pages[pages.length - 1]
  if (!page) return ROUTES.home
  const route = (page.route ?? '').replace(/^\//, '').split('?')[0] ?? ''
  const options = (page.options ?? {}) as Record<string, string | undefined>
  const query = Object.entries(options)
    .filter(([k, v]) => v !== undefined && k !== '$taroTimestamp' && k !== 'stamp')
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`)
    .join('&')
  return `/${route}${query ? `?${query}` : ''}`
}
