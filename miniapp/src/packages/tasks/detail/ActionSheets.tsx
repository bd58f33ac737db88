import { Popup } from '@nutui/nutui-react-taro'
import { Button, Text, Textarea, View } from '@tarojs/components'
import { addDays, chinaToday, DELIVERY_MODE_LABELS, TaskReturnSchema, type DeliveryMode } from '@qjt/shared'
import { useState } from 'react'
import ChoiceChips, { choicesOf } from '@/components/ChoiceChips'
import DateField from '@/components/DateField'
import FormField from '@/components/FormField'
import { cx } from '@/utils/cx'

const MODE_CHOICES = choicesOf(DELIVERY_MODE_LABELS)
const REASON_MAX = 200

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
      <View className='task-sheet__body' id='task-accept-sheet'>
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
      <View className='task-sheet__actions'>
        <Button className={cx('qjt-btn', { 'qjt-btn--disabled': busy })} id='task-accept-confirm' disabled={busy} onClick={confirm}>
          {busy ? '正在受理…' : '确认受理'}
        </Button>
      </View>
    </Popup>
  )
}

interface ReturnProps {
  busy: boolean
  serverError: string | null
  onConfirm: (reason: string) => void
  onClose: () => void
}

const checkReason = (v: string) => {
  const r = TaskReturnSchema.shape.reason.safeParse(v)
  return r.success ? null : (r.error.issues[0]?.message ?? '请填写退回原因')
}

/** 退回: the reason is required; the unit reads it word for word. */
export function ReturnSheet({ busy, serverError, onConfirm, onClose }: ReturnProps) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)

  const confirm = () => {
    const problem = checkReason(reason)
    setError(problem)
    if (!problem) onConfirm(reason.trim())
  }

  return (
    <Popup visible position='bottom' round closeable title='退回预约' onClose={onClose} className='task-sheet'>
      <View className='task-sheet__body' id='task-return-sheet'>
        <FormField
          label='退回原因'
          required
          id='task-return-reason'
          error={error ?? serverError}
          hint={`单位会看到这段话，请写明要改什么。${reason.trim().length}/${REASON_MAX}`}
        >
          <Textarea
            className='qjt-input task-sheet__textarea'
            id='task-return-reason-input'
            value={reason}
            maxlength={REASON_MAX}
            placeholder='例如：器具使用地点不在本机构服务区域，请核对行政区划'
            placeholderClass='qjt-input-placeholder'
            onInput={(e) => {
              setReason(e.detail.value)
              if (error) setError(checkReason(e.detail.value))
            }}
            onBlur={(e) => setError(checkReason(e.detail.value))}
          />
        </FormField>
        <Text className='qjt-muted task-sheet__note'>退回后，这些器具回到单位的台账，单位修改后可以重新提交。</Text>
      </View>
      <View className='task-sheet__actions'>
        <Button className={cx('qjt-btn qjt-btn--danger', { 'qjt-btn--disabled': busy })} id='task-return-confirm' disabled={busy} onClick={confirm}>
          {busy ? '正在退回…' : '退回预约'}
        </Button>
      </View>
    </Popup>
  )
}
