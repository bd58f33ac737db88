import { Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { DELIVERY_MODE_LABELS, type TaskSummaryView } from '@qjt/shared'
import type { ReactNode } from 'react'
import { TaskStatusTag } from '@/components/StatusTag'
import { cx } from '@/utils/cx'
import { formatPhone } from '@/utils/format'

function call(phone: string) {
  void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)
}

function Row({ label, children, id }: { label: string; children: ReactNode; id?: string }) {
  return (
    <View className='booking-task__row' id={id}>
      <Text className='booking-task__label'>{label}</Text>
      <View className='booking-task__value'>{children}</View>
    </View>
  )
}

/** One institution's part of the booking: who, what state, when and how, and how to reach them. */
export default function TaskBlock({ task, past }: { task: TaskSummaryView; past?: boolean }) {
  const id = `booking-task-${task.id}`
  const scheduled = task.status === 'accepted' || task.status === 'in_progress' || task.status === 'completed'
  return (
    <View className={cx('qjt-card booking-task', { 'booking-task--past': !!past })} id={id}>
      <View className='booking-task__head'>
        <Text className='booking-task__name'>{task.institutionName}</Text>
        <TaskStatusTag status={task.status} id={`${id}-status`} />
      </View>
      {past && <Text className='qjt-muted booking-task__past'>第 {task.round} 次提交时的任务，已重新提交</Text>}
      {task.status === 'returned' && task.reason && (
        <View className='booking-task__reason' id={`${id}-reason`}>
          <Text className='booking-task__reason-label'>退回原因</Text>
          <Text className='booking-task__reason-text'>{task.reason}</Text>
        </View>
      )}
      <Row label='器具数量'>
        <Text>{task.count} 台</Text>
      </Row>
      <Row label='检定日期' id={`${id}-date`}>
        <Text className={cx({ 'booking-task__strong': !!task.scheduledDate })}>{task.scheduledDate ?? (scheduled ? '—' : '受理时确定')}</Text>
      </Row>
      <Row label='检定方式'>
        <Text>{task.mode ? DELIVERY_MODE_LABELS[task.mode] : '受理时确定'}</Text>
      </Row>
      <Row label='机构地址'>
        <Text>{task.institutionAddress || '—'}</Text>
      </Row>
      <Row label='机构电话' id={`${id}-phone`}>
        {task.institutionPhone ? (
          <Text className='qjt-link booking-task__phone' onClick={() => call(task.institutionPhone!)}>
            {formatPhone(task.institutionPhone)} 拨打
          </Text>
        ) : (
          <Text>—</Text>
        )}
      </Row>
    </View>
  )
}
