import { Text, View } from '@tarojs/components'
import { BOOKING_ACTION_LABELS, type HistoryEntryView } from '@qjt/shared'
import { formatDateTime } from '@/utils/format'
import './index.scss'

/** A booking's history, newest first: what happened, who did it, when, and the note (a date, a reason). */
export default function BookingHistory({ entries, id }: { entries: HistoryEntryView[]; id: string }) {
  if (!entries.length) return <Text className='qjt-muted'>暂无记录</Text>
  const newestFirst = [...entries].reverse()
  return (
    <View className='booking-history' id={id}>
      {newestFirst.map((e, i) => (
        <View key={`${e.at}-${i}`} className={`booking-history__event booking-history__event--${e.action}`}>
          <View className='booking-history__dot' />
          <View className='booking-history__body'>
            <View className='booking-history__head'>
              <Text className='booking-history__action'>{BOOKING_ACTION_LABELS[e.action] ?? e.action}</Text>
              <Text className='qjt-muted'>{e.by || '系统'}</Text>
            </View>
            <Text className='qjt-muted booking-history__time'>{formatDateTime(e.at)}</Text>
            {e.note && <Text className='booking-history__note'>{e.note}</Text>}
          </View>
        </View>
      ))}
    </View>
  )
}
