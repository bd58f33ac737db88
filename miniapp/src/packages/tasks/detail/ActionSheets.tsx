import { Popup } from '@nutui/nutui-react-taro'
import { Button, View } from '@tarojs/components'
import { addDays, chinaToday, DELIVERY_MODE_LABELS, TaskRemoveItemSchema, TaskReturnSchema, type DeliveryMode } from '@qjt/shared'
import { useState } from 'react'
import ChoiceChips, { choicesOf } from '@/components/ChoiceChips'
import DateField from '@/components/DateField'
import FormField from '@/components/FormField'
import type { ReasonCopy } from '@/components/ReasonSheet'
import { cx } from '@/utils/cx'

const MODE_CHOICES = choicesOf(DELIVERY_MODE_LABELS)

interface AcceptProps {
  defaultMode: DeliveryMode
  busy: boolean
  /** A field error the server sent back (e.g. the date). */
  dateError: string | null
  onConfirm: (input: { scheduledDate: string; mode: DeliveryMode }) => void
  onClose: () => void
}

/** 受理: a date from today on, and 送检 or 现场检定 (the unit's own choice to start with). */
export function AcceptSheet({ defaultMode, busy, dateError, onConfirm, onClose }: AcceptProps) {
  const today = chinaToday()
  const [date, setDate] = useState('')
  const [mode, setMode] = useState<DeliveryMode>(defaultMode)
  const [error, setError] = useState<string | null>(null)

  const confirm = () => {
    if (!date) {
      setError('请选择检定日期')
      return
    }
    onConfirm({ scheduledDate: date, mode })
  }

  return (
    <Popup visible position='bottom' round closeable title='受理预约' onClose={onClose} className='task-sheet'>
      <View className='qjt-sheet__body' id='task-accept-sheet'>
        <FormField label='检定日期' required id='task-accept-date' error={error ?? dateError} hint='不能早于今天。单位会收到受理通知和这个日期。'>
          <DateField
            id='task-accept-date-input'
            title='选择检定日期'
            min={today}
            max={addDays(today, 366)}
            value={date}
            onChange={(v) => {
              setDate(v)
              setError(null)
            }}
          />
        </FormField>
        <FormField label='检定方式' required id='task-accept-mode' hint={mode === defaultMode ? '默认为单位登记的送检方式' : undefined}>
          <ChoiceChips id='task-accept-mode' options={MODE_CHOICES} value={mode} onChange={(v) => v && setMode(v)} />
        </FormField>
      </View>
      <View className='qjt-sheet__actions'>
        <Button className={cx('qjt-btn', { 'qjt-btn--disabled': busy })} id='task-accept-confirm' disabled={busy} onClick={confirm}>
          {busy ? '正在受理…' : '确认受理'}
        </Button>
      </View>
    </Popup>
  )
}

/** 退回 a task: the unit reads the reason and resubmits. */
export const RETURN_COPY: ReasonCopy = {
  idPrefix: 'task-return',
  title: '退回预约',
  label: '退回原因',
  hint: '单位会看到这段话，请写明要改什么。',
  placeholder: '例如：器具使用地点不在本机构服务区域，请核对行政区划',
  note: '退回后，这些器具回到单位的台账，单位修改后可以重新提交。',
  confirm: '退回预约',
  confirming: '正在退回…',
  schema: TaskReturnSchema.shape.reason,
}

/** 移出 one instrument of an accepted task. */
export const removeCopy = (name: string): ReasonCopy => ({
  idPrefix: 'task-remove',
  title: `移出器具：${name}`,
  label: '移出原因',
  hint: '单位会在预约单和消息里看到这段话。',
  placeholder: '例如：检定日期已过，单位未送检',
  note: '移出后，这台器具回到单位的台账，单位可以另行预约；其余器具检定完成后任务即完成。',
  confirm: '移出任务',
  confirming: '正在移出…',
  schema: TaskRemoveItemSchema.shape.reason,
})
