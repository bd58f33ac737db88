import { Button, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { NotificationView } from '@qjt/shared'
import { useCallback, useState } from 'react'
import ListFooter from '@/components/ListFooter'
import PageContainer from '@/components/PageContainer'
import { useRefreshOnShow } from '@/hooks/useAsync'
import { usePagedList } from '@/hooks/usePagedList'
import { listNotifications, markAllNotificationsRead, markNotificationRead } from '@/services/api/notifications'
import { useSession } from '@/services/session'
import { refreshUnread, setUnreadCount, useUnreadCount } from '@/services/unread'
import { cx } from '@/utils/cx'
import { toast } from '@/utils/feedback'
import { formatDateTime } from '@/utils/format'
import { go } from '@/utils/nav'
import { deliveryText } from './delivery'
import './index.scss'

const PAGE_SIZE = 20

function Message({ n, onOpen }: { n: NotificationView; onOpen: () => void }) {
  const unread = !n.readAt
  const delivery = deliveryText(n.delivery)
  return (
    <View className={cx('qjt-card message', { 'message--unread': unread })} id={`messages-item-${n.id}`} hoverClass='message--pressed' onClick={onOpen}>
      <View className='message__head'>
        {unread && <View className='message__dot' />}
        <Text className='message__title'>{n.title}</Text>
        {unread && <Text className='message__unread'>未读</Text>}
      </View>
      <Text className='message__body'>{n.body}</Text>
      <View className='message__foot'>
        <Text className='qjt-muted message__time'>{formatDateTime(n.createdAt)}</Text>
        {n.page && <Text className='message__go'>查看 ›</Text>}
      </View>
      {delivery && (
        <Text className='message__delivery' id={`messages-item-${n.id}-delivery`}>
          {delivery}
        </Text>
      )}
    </View>
  )
}

function Messages() {
  const fetchPage = useCallback((page: number) => listNotifications({ page, pageSize: PAGE_SIZE }, { toast: false }), [])
  const list = usePagedList(fetchPage)
  const unread = useUnreadCount()
  const [marking, setMarking] = useState(false)
  useRefreshOnShow(() => {
    void list.reload()
    void refreshUnread()
  })
  usePullDownRefresh(() => {
    void Promise.all([list.reload(), refreshUnread()]).finally(() => Taro.stopPullDownRefresh())
  })

  const readLocally = (ids: Set<string> | 'all') => {
    const at = new Date().toISOString()
    list.update((items) => items.map((n) => (!n.readAt && (ids === 'all' || ids.has(n.id)) ? { ...n, readAt: at } : n)))
  }

  const open = (n: NotificationView) => {
    if (!n.readAt) {
      readLocally(new Set([n.id]))
      setUnreadCount(unread - 1)
      void markNotificationRead(n.id, { toast: false })
        .catch(() => undefined)
        .finally(() => void refreshUnread())
    }
    if (n.page) go(`/${n.page.replace(/^\/+/, '')}`)
  }

  const readAll = async () => {
    if (marking) return
    setMarking(true)
    try {
      await markAllNotificationsRead()
      readLocally('all')
      setUnreadCount(0)
      toast('已全部标为已读', 'success')
    } catch {
      // The request client has already said why.
    } finally {
      setMarking(false)
    }
  }

  return (
    <PageContainer
      id='messages'
      className='messages'
      loading={list.initialLoading}
      error={list.loaded ? null : list.error}
      onRetry={() => void list.reload()}
      empty={list.loaded && list.total === 0 ? { message: '还没有消息。预约提交、受理、退回时，会在这里通知你。' } : null}
    >
      <View className='qjt-row messages__head'>
        <Text className='qjt-muted' id='messages-summary'>
          共 {list.total} 条{unread > 0 ? `，${unread} 条未读` : ''}
        </Text>
        <Button
          className={cx('qjt-btn qjt-btn--small qjt-btn--plain', { 'qjt-btn--disabled': unread === 0 || marking })}
          id='messages-read-all'
          disabled={unread === 0 || marking}
          onClick={() => void readAll()}
        >
          全部已读
        </Button>
      </View>
      {list.items.map((n) => (
        <Message key={n.id} n={n} onOpen={() => open(n)} />
      ))}
      {list.items.length > 0 && (
        <ListFooter id='messages-more' hasMore={list.hasMore} loadingMore={list.loadingMore} total={list.total} unit='条' onMore={() => void list.loadMore()} />
      )}
    </PageContainer>
  )
}

export default function MessagesPage() {
  const { status, me } = useSession()
  if (status === 'signed_in' && me) return <Messages key={me.id} />
  return <PageContainer id='messages' requireLogin />
}
