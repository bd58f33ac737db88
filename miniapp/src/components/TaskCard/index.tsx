import { Text, View } from '@tarojs/components'
import { DELIVERY_MODE_LABELS } from '@qjt/shared'
import { TaskStatusTag } from '@/components/StatusTag'
import type { TaskListItem } from '@/services/api/tasks'
import { formatDateTime } from '@/utils/format'
import './index.scss'

/** One task of an institution's queue: which booking, which unit, how many, since when. */
export default function TaskCard({ item, id, onClick }: { item: TaskListItem; id: string; onClick: () => void }) {
  return (
    <View className='qjt-card task-card' id={id} hoverClass='task-card--pressed' onClick={onClick}>
      <View className='task-card__main'>
        <View className='task-card__head'>
          <Text className='task-card__no'>{item.bookingNo}</Text>
          <TaskStatusTag status={item.status} />
        </View>
        <Text className='task-card__unit'>{item.unitName}</Text>
        <Text className='task-card__facts'>
          器具 {item.count} 台 · 提交于 {formatDateTime(item.submittedAt)}
        </Text>
        {item.scheduledDate && (
          <Text className='task-card__schedule'>
            检定日期 {item.scheduledDate}
            {item.mode ? ` · ${DELIVERY_MODE_LABELS[item.mode]}` : ''}
          </Text>
        )}
      </View>
      <View className='qjt-cell__arrow' />
    </View>
  )
}
