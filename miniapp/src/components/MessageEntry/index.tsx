import { Text, View } from '@tarojs/components'
import { ROUTES } from '@/constants/routes'
import { useSession } from '@/services/session'
import { useUnreadCount } from '@/services/unread'
import { go } from '@/utils/nav'
import './index.scss'

/** The way into 消息, with the unread count as a badge that also says it in words. */
export default function MessageEntry({ idPrefix }: { idPrefix: string }) {
  const { status } = useSession()
  const count = useUnreadCount()
  if (status !== 'signed_in') return null
  return (
    <View className='qjt-card message-entry' id={`${idPrefix}-messages`} hoverClass='message-entry--pressed' onClick={() => go(ROUTES.messages)}>
      <View className='message-entry__main'>
        <Text className='message-entry__title'>消息</Text>
        <Text className='qjt-muted message-entry__desc'>{count > 0 ? `${count} 条未读` : '预约受理、退回等通知'}</Text>
      </View>
      {count > 0 && (
        <Text className='message-entry__badge' id={`${idPrefix}-messages-badge`}>
          {count > 99 ? '99+' : count}
        </Text>
      )}
      <View className='qjt-cell__arrow' />
    </View>
  )
}
