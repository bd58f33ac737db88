import { Popup } from '@nutui/nutui-react-taro'
import { Button, ScrollView, Text, View } from '@tarojs/components'
import { BOOKING_STATUS_LABELS, chinaToday } from '@qjt/shared'
import { useState } from 'react'
import ChoiceChips, { choicesOf } from '@/components/ChoiceChips'
import DateField from '@/components/DateField'
import FormField from '@/components/FormField'
import type { BookingFilters } from '@/services/api/bookings'

const STATUS_CHOICES = choicesOf(BOOKING_STATUS_LABELS)

interface Props {
  initial: BookingFilters
  onApply: (filters: BookingFilters) => void
  onClose: () => void
}

/** 预约时间 range and status; the 预约编号 has the search box. Mounted while open. */
export default function FilterSheet({ initial, onApply, onClose }: Props) {
  const [draft, setDraft] = useState<BookingFilters>(initial)
  const set = (patch: Partial<BookingFilters>) => setDraft((d) => ({ ...d, ...patch }))
  const today = chinaToday()
  const rangeError = draft.from && draft.to && draft.from > draft.to ? '开始日期不能晚于结束日期' : null

  return (
    <Popup visible position='bottom' round closeable title='筛选预约' onClose={onClose} className='bookings-filter'>
      <ScrollView scrollY className='bookings-filter__body'>
        <FormField label='预约时间' id='bookings-filter-date' error={rangeError}>
          <View className='bookings-filter__range'>
            <DateField id='bookings-filter-from' title='预约时间从' placeholder='开始日期' min='2020-01-01' max={today} clearable value={draft.from ?? ''} onChange={(v) => set({ from: v || undefined })} />
            <Text className='bookings-filter__to'>至</Text>
            <DateField id='bookings-filter-to' title='预约时间至' placeholder='结束日期' min='2020-01-01' max={today} clearable value={draft.to ?? ''} onChange={(v) => set({ to: v || undefined })} />
          </View>
        </FormField>
        <FormField label='状态' id='bookings-filter-status' hint='再点一次取消选择'>
          <ChoiceChips id='bookings-filter-status' deselectable options={STATUS_CHOICES} value={draft.status} onChange={(v) => set({ status: v || undefined })} />
        </FormField>
      </ScrollView>
      <View className='bookings-filter__actions'>
        <Button className='qjt-btn qjt-btn--plain' id='bookings-filter-reset' onClick={() => setDraft({ no: draft.no })}>
          重置
        </Button>
        <Button className='qjt-btn' id='bookings-filter-apply' onClick={() => !rangeError && onApply(draft)}>
          查看结果
        </Button>
      </View>
    </Popup>
  )
}
