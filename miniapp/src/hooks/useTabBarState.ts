import Taro, { useDidShow } from '@tarojs/taro'
import { useEffect } from 'react'
import { ROUTES, TAB_ROUTES } from '@/constants/routes'
import { useSession } from '@/services/session'
import { refreshUnread } from '@/services/unread'

const BOOKING_TAB = TAB_ROUTES.indexOf(ROUTES.bookings)

/** What the 预约 tab says: institutions work through tasks there, everybody else books. */
export const BOOKING_TAB_TEXT = { booking: '预约', tasks: '任务' } as const

let shown: string = BOOKING_TAB_TEXT.booking

function showBookingTab(text: string): void {
  if (shown === text) return
  // Remembered only once it took: a page the tab bar cannot serve yet is retried on the next show.
  void Taro.setTabBarItem({ index: BOOKING_TAB, text })
    .then(() => {
      shown = text
    })
    .catch(() => undefined)
}

/**
 * Keeps the app's tab bar in step with the signed-in user on the tab pages: the 预约 tab reads 任务
 * for institution users, and the 我的 tab carries the unread count.
 */
export function useTabBarState(): void {
  const { status, me } = useSession()
  const text = me?.org?.type === 'institution' ? BOOKING_TAB_TEXT.tasks : BOOKING_TAB_TEXT.booking

  useEffect(() => {
    showBookingTab(text)
    void refreshUnread()
  }, [status, me?.id, text])

  useDidShow(() => {
    showBookingTab(text)
    void refreshUnread()
  })
}
