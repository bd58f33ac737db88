import { Text, View } from '@tarojs/components'
import { DELIVERY_MODE_LABELS, type BookingView } from '@qjt/shared'
import { BookingStatusTag } from '@/components/StatusTag'
import { formatDateTime } from '@/utils/format'

/** What matters next on a booking, in one line: the date fixed, or why it came back. */
function nextLine(b: BookingView): { text: string; tone: 'info' | 'danger' } | null {
  const open = b.tasks.filter((t) => b.items.some((i) => i.taskId === t.id))
  if (b.status === 'returned') {
    const reason = open.find((t) => t.status === 'returned')?.reason
    return reason ? { text: `退回原因：${reason}`, tone: 'danger' } : null
  }
  if (b.status === 'accepted' || b.status === 'in_progress') {
    const dated = open.filter((t) => t.scheduledDate).sort((x, y) => (x.scheduledDate! < y.scheduledDate! ? -1 : 1))[0]
    if (dated) return { text: `检定日期 ${dated.scheduledDate}${dated.mode ? ` · ${DELIVERY_MODE_LABELS[dated.mode]}` : ''}`, tone: 'info' }
  }
  return null
}

/** One booking in the list: 预约编号, 器具数量, 预约时间 and its status in a word. */
export default function BookingCard({ booking, onClick }: { booking: BookingView; onClick: () => void }) {
  const next = nextLine(booking)
  return (
    <View className='qjt-card booking-card' id={`booking-card-${booking.id}`} hoverClass='booking-card--pressed' onClick={onClick}>
      <View className='booking-card__main'>
        <View className='booking-card__head'>
          <Text className='booking-card__no'>{booking.no}</Text>
          <BookingStatusTag status={booking.status} />
        </View>
        <Text className='booking-card__facts'>
          器具 {booking.count} 台 · 预约时间 {formatDateTime(booking.createdAt)}
        </Text>
        {next && <Text className={`booking-card__next booking-card__next--${next.tone}`}>{next.text}</Text>}
      </View>
      <View className='qjt-cell__arrow' />
    </View>
  )
}
