import { Button, Input, Text, View } from '@tarojs/components'
import type { FaqView } from '@qjt/shared'
import { useCallback, useMemo, useState } from 'react'
import PageContainer from '@/components/PageContainer'
import { ROUTES } from '@/constants/routes'
import { useAsync } from '@/hooks/useAsync'
import { listFaqs } from '@/services/api/reference'
import { useSession } from '@/services/session'
import { go } from '@/utils/nav'
import './index.scss'

function matches(faq: FaqView, words: string[]): boolean {
  const text = `${faq.q} ${faq.a} ${faq.tags.join(' ')}`.toLowerCase()
  return words.every((w) => text.includes(w))
}

function FaqItem({ faq, open, onToggle }: { faq: FaqView; open: boolean; onToggle: () => void }) {
  return (
    <View className='qjt-card faq' id={`faq-${faq.id}`}>
      <View className='faq__q' onClick={onToggle} hoverClass='faq__q--pressed'>
        <Text className='faq__q-text'>{faq.q}</Text>
        <Text className='faq__toggle'>{open ? '收起' : '展开'}</Text>
      </View>
      {open && (
        <View className='faq__body'>
          <Text className='faq__a' userSelect>
            {faq.a}
          </Text>
          {faq.sources.length > 0 && (
            <View className='faq__sources'>
              <Text className='faq__sources-title'>依据</Text>
              {faq.sources.map((s) => (
                <Text key={s} className='faq__source' userSelect>
                  {s}
                </Text>
              ))}
            </View>
          )}
          {faq.tags.length > 0 && <Text className='qjt-muted faq__tags'>相关：{faq.tags.join('、')}</Text>}
        </View>
      )}
    </View>
  )
}

export default function FaqPage() {
  const { status } = useSession()
  const load = useCallback(() => listFaqs({ toast: false }), [])
  const faqs = useAsync(load, status === 'signed_in')
  const [query, setQuery] = useState('')
  const [open, setOpen] = useState<Set<string>>(new Set())

  const words = useMemo(() => query.trim().toLowerCase().split(/\s+/).filter(Boolean), [query])
  const shown = useMemo(() => (faqs.data ?? []).filter((f) => matches(f, words)), [faqs.data, words])

  const toggle = (id: string) =>
    setOpen((prev) => {
      const next = new Set(prev)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })

  let empty = null
  if (faqs.data && faqs.data.length === 0) {
    empty = { message: '还没有常见问题', actionText: '查看检定机构电话', onAction: () => go(ROUTES.institutions) }
  }

  return (
    <PageContainer id='faq'
      requireLogin
      loading={faqs.initialLoading}
      error={faqs.data ? null : faqs.error}
      onRetry={() => void faqs.reload()}
      empty={empty}
    >
      <View className='faq-search'>
        <Input
          className='qjt-input'
          id='faq-search-input'
          value={query}
          confirmType='search'
          placeholder='搜索问题，例如：电子秤 周期'
          placeholderClass='qjt-input-placeholder'
          onInput={(e) => setQuery(e.detail.value)}
        />
        {query && (
          <Button className='qjt-btn qjt-btn--plain qjt-btn--small faq-search__clear' id='faq-search-clear' onClick={() => setQuery('')}>
            清除
          </Button>
        )}
      </View>
      {words.length > 0 && (
        <Text className='qjt-muted faq-count'>
          找到 {shown.length} 个相关问题
        </Text>
      )}
      {shown.map((f) => (
        <FaqItem key={f.id} faq={f} open={open.has(f.id) || shown.length === 1} onToggle={() => toggle(f.id)} />
      ))}
      {faqs.data && faqs.data.length > 0 && shown.length === 0 && (
        <View className='qjt-card faq-none'>
          <Text className='faq-none__text'>没有找到与“{query.trim()}”相关的问题。</Text>
          <Text className='qjt-muted faq-none__text'>换个说法试试，或者直接问检定机构。</Text>
          <Button className='qjt-btn qjt-btn--plain' id='faq-none-institutions' onClick={() => go(ROUTES.institutions)}>
            查看检定机构电话
          </Button>
        </View>
      )}
    </PageContainer>
  )
}
