import Taro from '@tarojs/taro'
import { ROUTES, TAB_ROUTES } from '@/constants/routes'
import { getUnreadCount } from './api/notifications'
import { getSession } from './session'
import { createStore, useStore } from './store'

/** Unread messages of the signed-in user, shown on the 我的 tab and the 消息 entries. */
const unread = createStore<number>(0)

const MINE_TAB = TAB_ROUTES.indexOf(ROUTES.mine)

/** The badge on the 我的 tab (the tab bar belongs to the app, so any page may set it). */
function showBadge(count: number): void {
  // On a page the tab bar cannot serve (or before it exists) this fails; the next tab page sets it.
  const ignore = () => undefined
  if (count > 0) void Taro.setTabBarBadge({ index: MINE_TAB, text: count > 99 ? '99+' : String(count) }).catch(ignore)
  else void Taro.removeTabBarBadge({ index: MINE_TAB }).catch(ignore)
}

export function setUnreadCount(count: number): void {
  unread.set(Math.max(0, count))
  showBadge(Math.max(0, count))
}

let inflight: Promise<void> | null = null

/** Asks the server again; signed out means none. A failure keeps the last count. */
export function refreshUnread(): Promise<void> {
  if (getSession().status !== 'signed_in') {
    setUnreadCount(0)
    return Promise.resolve()
  }
  inflight ??= getUnreadCount({ toast: false, loginRedirect: false })
    .then((r) => setUnreadCount(r.count))
    .catch(() => undefined)
    .finally(() => {
      inflight = null
    })
  return inflight
}

export function useUnreadCount(): number {
  return useStore(unread)
}
