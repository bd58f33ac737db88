import { DatePicker } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import { useMemo, useState } from 'react'
import { cx } from '@/utils/cx'
import './index.scss'

const pad = (n: number) => String(n).padStart(2, '0')

/** `YYYY-MM-DD` → a local Date at midnight (the picker counts in the phone's calendar). */
function toDate(value: string | undefined): Date | undefined {
  const m = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : undefined
}

interface Props {
  value: string
  onChange: (value: string) => void
  /** Called when the sheet closes, chosen or not: the form checks the field then. */
  onClose?: () => void
  id?: string
  title: string
  placeholder?: string
  /** Earliest and latest selectable dates, `YYYY-MM-DD`. */
  min: string
  max: string
  /** Offers 清除 for an optional date. */
  clearable?: boolean
}

/** A date chosen from wheels (year · month · day), shown as 2026-11-27. */
export default function DateField({ value, onChange, onClose, id, title, placeholder = '请选择日期', min, max, clearable }: Props) {
  const [visible, setVisible] = useState(false)
  // Stable Date objects: the picker rebuilds its wheels whenever these change identity.
  const { start, end, initial } = useMemo(() => {
    const s = toDate(min) ?? new Date(2000, 0, 1)
    const e = toDate(max) ?? new Date()
    const today = new Date()
    // Open on the chosen date, or on the allowed date nearest to today.
    return { start: s, end: e, initial: toDate(value) ?? (today < s ? s : today > e ? e : today) }
  }, [min, max, value])

  return (
    <View className='date-field'>
      <View className='qjt-input date-field__box' id={id} onClick={() => setVisible(true)}>
        <Text className={cx({ 'qjt-input--placeholder': !value })}>{value || placeholder}</Text>
        <View className='qjt-cell__arrow' />
      </View>
      {clearable && value && (
        <Text className='date-field__clear' id={id ? `${id}-clear` : undefined} onClick={() => onChange('')}>
          清除
        </Text>
      )}
      <DatePicker
        visible={visible}
        title={title}
        type='date'
        showChinese
        startDate={start}
        endDate={end}
        value={initial}
        onConfirm={(_, values) => {
          const [y, m, d] = values.map(Number)
          if (y && m && d) onChange(`${y}-${pad(m)}-${pad(d)}`)
        }}
        onClose={() => {
          setVisible(false)
          onClose?.()
        }}
      />
    </View>
  )
}
