import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { MeView } from '@qjt/shared'
import { useCallback, useEffect, useState } from 'react'
import ListFooter from '@/components/ListFooter'
import ChipBar from '@/components/ChipBar'
import FilterChips from '@/components/FilterChips'
import OrgActions from '@/components/OrgActions'
import PageContainer from '@/components/PageContainer'
import { ROUTES } from '@/constants/routes'
import { useRefreshOnShow } from '@/hooks/useAsync'
import { usePagedList } from '@/hooks/usePagedList'
import { useTabBarState } from '@/hooks/useTabBarState'
import { listBookings, type BookingFilters } from '@/services/api/bookings'
import { errorMessage } from '@/services/errors'
import { useSession } from '@/services/session'
import { cx } from '@/utils/cx'
import { go } from '@/utils/nav'
import { isH5 } from '@/utils/platform'
import BookingCard from './BookingCard'
import FilterSheet from './FilterSheet'
import { activeChips, checkBookingNo, STATUS_CHIPS, withoutKeys } from './filters'
import TaskHome from './TaskHome'
import './index.scss'

const PAGE_SIZE = 10

const newBooking = () => go(ROUTES.bookingEdit)

function Bookings() {
  const [filters, setFilters] = useState<BookingFilters>({})
  const [noText, setNoText] = useState('')
  const [noError, setNoError] = useState<string | null>(null)
  const [filterOpen, setFilterOpen] = useState(false)

  const fetchPage = useCallback((page: number) => listBookings(filters, page, PAGE_SIZE, { toast: false }), [filters])
  const list = usePagedList(fetchPage)
  useRefreshOnShow(() => void list.reload())
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh())
  })

  const chips = activeChips(filters)
  const filtered = chips.length > 0 || !!filters.status

  const search = (text: string) => {
    const problem = checkBookingNo(text)
    setNoError(problem)
    if (!problem) setFilters((f) => ({ ...f, no: text.trim() || undefined }))
  }
  const clearAll = () => {
    setNoText('')
    setNoError(null)
    setFilters({})
  }

  return (
    <PageContainer
      id='bookings'
      className={cx('bookings', { 'bookings--h5': isH5 })}
      loading={list.initialLoading}
      error={list.loaded ? null : list.error}
      onRetry={() => void list.reload()}
      empty={list.loaded && list.total === 0 && !filtered ? { message: '还没有预约，去新建', actionText: '新建预约', onAction: newBooking } : null}
    >
      <View className='bookings__search'>
        <View className={cx('bookings__search-box', { 'bookings__search-box--error': !!noError })}>
          <Input
            className='bookings__search-input'
            id='bookings-search-input'
            type='number'
            value={noText}
            confirmType='search'
            maxlength={13}
            placeholder='输入预约编号查找'
            placeholderClass='qjt-input-placeholder'
            onInput={(e) => {
              setNoText(e.detail.value)
              if (noError) setNoError(checkBookingNo(e.detail.value))
            }}
            onConfirm={(e) => search(e.detail.value)}
          />
          {noText && (
            <Text
              className='bookings__search-clear'
              id='bookings-search-clear'
              onClick={() => {
                setNoText('')
                search('')
              }}
            >
              ✕
            </Text>
          )}
        </View>
        <Button className='qjt-btn qjt-btn--small bookings__search-btn' id='bookings-search-submit' onClick={() => search(noText)}>
          搜索
        </Button>
        <Button className='qjt-btn qjt-btn--small qjt-btn--plain bookings__search-btn' id='bookings-filter-open' onClick={() => setFilterOpen(true)}>
          筛选{chips.some((c) => c.id === 'date') ? '(1)' : ''}
        </Button>
      </View>
      {noError && (
        <Text className='bookings__search-error' id='bookings-search-error'>
          {noError}
        </Text>
      )}

      <ChipBar
        id='bookings-status'
        options={STATUS_CHIPS.map((s) => ({
          id: `bookings-status-${s.value || 'all'}`,
          label: s.label,
          on: (filters.status ?? '') === s.value,
          plain: !s.value,
          onPick: () => setFilters((f) => ({ ...f, status: s.value || undefined })),
        }))}
      />

      <FilterChips
        id='bookings-chips'
        filters={chips.map((c) => ({
          id: `bookings-chip-${c.id}`,
          text: c.text,
          onRemove: () => {
            if (c.id === 'no') setNoText('')
            setFilters((f) => withoutKeys(f, c.keys))
          },
        }))}
        onClearAll={{ id: 'bookings-chips-clear', run: clearAll }}
      />

      <View className='qjt-row bookings__summary'>
        <Text className='qjt-muted' id='bookings-total'>
          {list.loading ? '正在查询…' : filtered ? `找到 ${list.total} 个预约单` : `共 ${list.total} 个预约单`}
        </Text>
        <Button className='qjt-btn qjt-btn--small' id='booking-new' onClick={newBooking}>
          + 新建预约
        </Button>
      </View>

      {list.error && list.loaded ? (
        <View className='qjt-card bookings__inline-error' id='bookings-list-error'>
          <Text>{errorMessage(list.error)}</Text>
          <Button className='qjt-btn qjt-btn--plain qjt-btn--small' id='bookings-list-retry' onClick={() => void list.reload()}>
            重试
          </Button>
        </View>
      ) : null}

      {list.loaded && list.items.length === 0 && filtered && (
        <View className='qjt-card bookings__no-match' id='bookings-no-match'>
          <Text className='bookings__no-match-text'>没有符合条件的预约单</Text>
          <Button className='qjt-btn qjt-btn--plain' id='bookings-no-match-clear' onClick={clearAll}>
            清除搜索和筛选
          </Button>
        </View>
      )}

      {list.items.map((b) => (
        <BookingCard key={b.id} booking={b} onClick={() => go(`${ROUTES.bookingDetail}?id=${b.id}`)} />
      ))}
      {list.items.length > 0 && (
        <ListFooter id='bookings-more' hasMore={list.hasMore} loadingMore={list.loadingMore} total={list.total} unit='个预约单' onMore={() => void list.loadMore()} />
      )}

      {filterOpen && (
        <FilterSheet
          initial={filters}
          onClose={() => setFilterOpen(false)}
          onApply={(f) => {
            setFilters(f)
            setFilterOpen(false)
          }}
        />
      )}
    </PageContainer>
  )
}

/** Regulators and customer service neither book nor verify: say so, and where their work is. */
function NotBooking({ me }: { me: MeView }) {
  return (
    <View className='qjt-card' id='bookings-not-unit'>
      <Text className='qjt-section-title'>预约由器具使用单位提交</Text>
      <Text className='qjt-muted'>你所在的“{me.org?.name}”不是器具使用单位或检定机构，这里没有需要你处理的预约。</Text>
      <Button className='qjt-btn qjt-btn--plain qjt-gap-top' id='bookings-institutions' onClick={() => go(ROUTES.institutions)}>
        查看检定机构联系方式
      </Button>
    </View>
  )
}

export default function BookingsPage() {
  useTabBarState()
  const { status, me } = useSession()
  const type = status === 'signed_in' ? me?.org?.type : undefined

  useEffect(() => {
    if (type !== 'institution') void Taro.setNavigationBarTitle({ title: '强检器具预约' }).catch(() => undefined)
  }, [type])

  if (status === 'signed_in' && me) {
    if (type === 'unit') return <Bookings key={me.id} />
    if (type === 'institution') return <TaskHome key={me.id} me={me} />
    return (
      <PageContainer id='bookings'>
        {me.org ? <NotBooking me={me} /> : <OrgActions idPrefix='bookings' intro='预约检定前，请先注册单位，或用同事给的邀请码加入单位。' />}
      </PageContainer>
    )
  }
  return <PageContainer id='bookings' requireLogin />
}
