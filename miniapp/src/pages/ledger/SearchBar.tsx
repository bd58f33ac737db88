import { Button, Input, Text, View } from '@tarojs/components'
import type { Dispatch, SetStateAction } from 'react'
import ChipBar from '@/components/ChipBar'
import FilterChips from '@/components/FilterChips'
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

      <ChipBar
        id='ledger-quick'
        options={QUICK_FILTERS.map((q) => {
          const on = quickActive(filters, q)
          return {
            id: `ledger-quick-${q.id}`,
            label: q.text,
            on,
            onPick: () => onFilters((f) => (on ? withoutKeys(f, Object.keys(q.values()) as (keyof LedgerFilters)[]) : { ...f, ...q.values() })),
          }
        })}
      />

      <FilterChips
        id='ledger-chips'
        filters={chips.map((c) => ({ id: `ledger-chip-${c.id}`, text: c.text, onRemove: () => onFilters((f) => withoutKeys(f, c.keys)) }))}
        onClearAll={{ id: 'ledger-chips-clear', run: onClearAll }}
      />
    </>
  )
}
