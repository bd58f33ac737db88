import { Button, Input, ScrollView, Text, View } from '@tarojs/components'
import type { Dispatch, SetStateAction } from 'react'
import { cx } from '@/utils/cx'
import { activeChips, QUICK_FILTERS, quickActive, withoutKeys, type LedgerFilters } from './filters'

interface Props {
  keywordText: string
  onKeywordText: (text: string) => void
  filters: LedgerFilters
  onFilters: Dispatch<SetStateAction<LedgerFilters>>
  onSearch: (text: string) => void
  onOpenFilters: () => void
  onClearAll: () => void
}

/** One search box for name or code, 筛选 for the rest, one-tap filters, and the active ones as chips. */
export default function SearchBar({ keywordText, onKeywordText, filters, onFilters, onSearch, onOpenFilters, onClearAll }: Props) {
  const chips = activeChips(filters)
  return (
    <>
      <View className='ledger__search'>
        <View className='ledger__search-box'>
          <Input
            className='ledger__search-input'
            id='ledger-search-input'
            value={keywordText}
            confirmType='search'
            maxlength={50}
            placeholder='器具名称或器具编码'
            placeholderClass='qjt-input-placeholder'
            onInput={(e) => onKeywordText(e.detail.value)}
            onConfirm={(e) => onSearch(e.detail.value)}
          />
          {keywordText && (
            <Text
              className='ledger__search-clear'
              id='ledger-search-clear'
              onClick={() => {
                onKeywordText('')
                onSearch('')
              }}
            >
              ✕
            </Text>
          )}
        </View>
        <Button className='qjt-btn qjt-btn--small ledger__search-btn' id='ledger-search-submit' onClick={() => onSearch(keywordText)}>
          搜索
        </Button>
        <Button className='qjt-btn qjt-btn--small qjt-btn--plain ledger__search-btn' id='ledger-filter-open' onClick={() => onOpenFilters()}>
          筛选{chips.length ? `(${chips.length})` : ''}
        </Button>
      </View>

      <ScrollView scrollX className='ledger__quick' id='ledger-quick'>
        {QUICK_FILTERS.map((q) => {
          const on = quickActive(filters, q)
          return (
            <Text
              key={q.id}
              id={`ledger-quick-${q.id}`}
              className={cx('ledger__quick-chip', { 'ledger__quick-chip--on': on })}
              onClick={() =>
                onFilters((f) => (on ? withoutKeys(f, Object.keys(q.values()) as (keyof LedgerFilters)[]) : { ...f, ...q.values() }))
              }
            >
              {on ? `✓ ${q.text}` : q.text}
            </Text>
          )
        })}
      </ScrollView>

      {chips.length > 0 && (
        <View className='ledger__chips' id='ledger-chips'>
          {chips.map((c) => (
            <View key={c.id} className='ledger__chip' id={`ledger-chip-${c.id}`} onClick={() => onFilters((f) => withoutKeys(f, c.keys))}>
              <Text className='ledger__chip-text'>{c.text}</Text>
              <Text className='ledger__chip-x'>✕</Text>
            </View>
          ))}
          <Text className='qjt-link ledger__chips-clear' id='ledger-chips-clear' onClick={onClearAll}>
            清除全部
          </Text>
        </View>
      )}
    </>
  )
}
