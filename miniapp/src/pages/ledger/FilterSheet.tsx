import { Popup } from '@nutui/nutui-react-taro'
import { Button, Input, ScrollView, Text, View } from '@tarojs/components'
import { addDays, chinaToday, INSTRUMENT_STATUS_LABELS, VERIFY_STATUS_LABELS } from '@qjt/shared'
import { useState, type ReactNode } from 'react'
import CataloguePicker from '@/components/CataloguePicker'
import ChoiceChips, { choicesOf } from '@/components/ChoiceChips'
import DateField from '@/components/DateField'
import type { LedgerFilters } from './filters'

const STATUS_CHOICES = choicesOf(INSTRUMENT_STATUS_LABELS)
const VERIFY_CHOICES = choicesOf(VERIFY_STATUS_LABELS)
const OVERDUE_CHOICES = [{ value: 'yes' as const, label: '只看已逾期的器具' }]

/** A filter's label above its control; every filter is optional, so no 选填 marks. */
function FilterRow({ label, id, error, hint, children }: { label: string; id: string; error?: string | null; hint?: ReactNode; children: ReactNode }) {
  return (
    <View className='ledger-filter__row' id={`${id}-field`}>
      <Text className='ledger-filter__label'>{label}</Text>
      {children}
      {error ? (
        <Text className='form-field__error' id={`${id}-error`}>
          {error}
        </Text>
      ) : (
        hint && <View className='form-field__hint'>{hint}</View>
      )}
    </View>
  )
}

interface Props {
  initial: LedgerFilters
  onApply: (filters: LedgerFilters) => void
  onClose: () => void
}

/** Every filter of the national ledger page that the search box does not cover. Mounted while open. */
export default function FilterSheet({ initial, onApply, onClose }: Props) {
  const [draft, setDraft] = useState<LedgerFilters>(initial)
  const set = (patch: Partial<LedgerFilters>) => setDraft((d) => ({ ...d, ...patch }))
  const rangeError = draft.validFrom && draft.validTo && draft.validFrom > draft.validTo ? '开始日期不能晚于结束日期' : null
  const farFuture = addDays(chinaToday(), 366 * 20)

  const apply = () => {
    if (rangeError) return
    onApply({
      ...draft,
      certificateNo: draft.certificateNo?.trim() || undefined,
      serialNo: draft.serialNo?.trim() || undefined,
    })
  }

  return (
    <Popup visible position='bottom' round closeable title='筛选' onClose={onClose} className='ledger-filter'>
      <ScrollView scrollY className='ledger-filter__body'>
        <FilterRow label='器具状态' id='ledger-filter-status'>
          <ChoiceChips id='ledger-filter-status' deselectable options={STATUS_CHOICES} value={draft.status} onChange={(v) => set({ status: v || undefined })} />
        </FilterRow>
        <FilterRow label='检定状态' id='ledger-filter-verify'>
          <ChoiceChips id='ledger-filter-verify' deselectable options={VERIFY_CHOICES} value={draft.verifyStatus} onChange={(v) => set({ verifyStatus: v || undefined })} />
        </FilterRow>
        <FilterRow label='有效期' id='ledger-filter-valid' error={rangeError}>
          <View className='ledger-filter__range'>
            <DateField id='ledger-filter-from' title='有效期从' placeholder='开始日期' min='2000-01-01' max={farFuture} clearable value={draft.validFrom ?? ''} onChange={(v) => set({ validFrom: v || undefined })} />
            <Text className='ledger-filter__to'>至</Text>
            <DateField id='ledger-filter-to' title='有效期至' placeholder='结束日期' min='2000-01-01' max={farFuture} clearable value={draft.validTo ?? ''} onChange={(v) => set({ validTo: v || undefined })} />
          </View>
        </FilterRow>
        <FilterRow label='逾期' id='ledger-filter-overdue'>
          <ChoiceChips id='ledger-filter-overdue' deselectable options={OVERDUE_CHOICES} value={draft.overdue ? 'yes' : ''} onChange={(v) => set({ overdue: v === 'yes' || undefined })} />
        </FilterRow>
        <FilterRow
          label='二级目录'
          id='ledger-filter-catalogue'
          hint={
            draft.level2Code ? (
              <Text className='qjt-link' id='ledger-filter-catalogue-clear' onClick={() => set({ level2Code: undefined, level2Names: undefined })}>
                不限二级目录
              </Text>
            ) : undefined
          }
        >
          <CataloguePicker
            id='ledger-filter-catalogue-picker'
            placeholder='不限'
            value={draft.level2Code ? { level1Code: draft.level2Code.slice(0, 2), level2Code: draft.level2Code, names: draft.level2Names ?? [] } : null}
            onChange={(c) => set({ level2Code: c.level2Code, level2Names: c.names })}
          />
        </FilterRow>
        <FilterRow label='证书编号' id='ledger-filter-cert'>
          <Input className='qjt-input' id='ledger-filter-cert-input' value={draft.certificateNo ?? ''} maxlength={50} placeholder='输入证书编号' placeholderClass='qjt-input-placeholder' onInput={(e) => set({ certificateNo: e.detail.value })} />
        </FilterRow>
        <FilterRow label='出厂编号' id='ledger-filter-serial'>
          <Input className='qjt-input' id='ledger-filter-serial-input' value={draft.serialNo ?? ''} maxlength={50} placeholder='输入出厂编号' placeholderClass='qjt-input-placeholder' onInput={(e) => set({ serialNo: e.detail.value })} />
        </FilterRow>
      </ScrollView>
      <View className='ledger-filter__actions'>
        <Button className='qjt-btn qjt-btn--plain' id='ledger-filter-reset' onClick={() => setDraft({ keyword: draft.keyword })}>
          重置
        </Button>
        <Button className='qjt-btn' id='ledger-filter-apply' onClick={apply}>
          查看结果
        </Button>
      </View>
    </Popup>
  )
}
