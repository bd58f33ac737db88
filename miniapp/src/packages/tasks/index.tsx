import { Popup } from '@nutui/nutui-react-taro'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { chinaToday, TASK_STATUS_LABELS, TASK_STATUSES, type TaskStatus } from '@qjt/shared'
import { useCallback, useEffect, useState } from 'react'
import ChipBar from '@/components/ChipBar'
import DateField from '@/components/DateField'
import FilterChips from '@/components/FilterChips'
import FormField from '@/components/FormField'
import ListFooter from '@/components/ListFooter'
import PageContainer from '@/components/PageContainer'
import TaskCard from '@/components/TaskCard'
import { ROUTES } from '@/constants/routes'
import { useRefreshOnShow } from '@/hooks/useAsync'
import { usePagedList } from '@/hooks/usePagedList'
import { listTasks, type TaskFilters } from '@/services/api/tasks'
import { errorMessage } from '@/services/errors'
import { hasRole, useSession } from '@/services/session'
import { askSubscribe, prefetchSubscribeTemplates } from '@/services/subscribe'
import { toast } from '@/utils/feedback'
import { go } from '@/utils/nav'
import { isWeapp } from '@/utils/platform'
import './index.scss'

const PAGE_SIZE = 10

/** 待受理 first: it is what waits on the institution. */
const STATUS_CHIPS: { value: TaskStatus | 'all'; label: string }[] = [
  ...TASK_STATUSES.map((s) => ({ value: s, label: TASK_STATUS_LABELS[s] })),
  { value: 'all', label: '全部' },
]

const EMPTY_WORDS: Partial<Record<TaskStatus, string>> = {
  submitted: '没有待受理的预约。单位提交后会出现在这里。',
  accepted: '没有已受理、待检定的任务。',
}

function DateSheet({ from, to, onApply, onClose }: { from?: string; to?: string; onApply: (f: { from?: string; to?: string }) => void; onClose: () => void }) {
  const [draft, setDraft] = useState<{ from?: string; to?: string }>({ from, to })
  const today = chinaToday()
  const error = draft.from && draft.to && draft.from > draft.to ? '开始日期不能晚于结束日期' : null
  return (
    <Popup visible position='bottom' round closeable title='按提交时间筛选' onClose={onClose} className='task-queue-sheet'>
      <View className='task-queue-sheet__body'>
        <FormField label='提交时间' id='task-queue-date' error={error}>
          <View className='task-queue-sheet__range'>
            <DateField id='task-queue-from' title='提交时间从' placeholder='开始日期' min='2020-01-01' max={today} clearable value={draft.from ?? ''} onChange={(v) => setDraft((d) => ({ ...d, from: v || undefined }))} />
            <Text>至</Text>
            <DateField id='task-queue-to' title='提交时间至' placeholder='结束日期' min='2020-01-01' max={today} clearable value={draft.to ?? ''} onChange={(v) => setDraft((d) => ({ ...d, to: v || undefined }))} />
          </View>
        </FormField>
      </View>
      <View className='task-queue-sheet__actions'>
        <Button className='qjt-btn qjt-btn--plain' id='task-queue-date-reset' onClick={() => setDraft({})}>
          重置
        </Button>
        <Button className='qjt-btn' id='task-queue-date-apply' onClick={() => !error && onApply(draft)}>
          查看结果
        </Button>
      </View>
    </Popup>
  )
}

function Queue({ initialStatus, reviewer }: { initialStatus: TaskStatus | 'all'; reviewer: boolean }) {
  const [status, setStatus] = useState<TaskStatus | 'all'>(initialStatus)
  const [unitText, setUnitText] = useState('')
  const [unit, setUnit] = useState('')
  const [dates, setDates] = useState<{ from?: string; to?: string }>({})
  const [dateOpen, setDateOpen] = useState(false)

  const fetchPage = useCallback(
    (page: number) => {
      const filters: TaskFilters = { status: status === 'all' ? undefined : status, unit: unit || undefined, ...dates }
      return listTasks(filters, page, PAGE_SIZE, { toast: false })
    },
    [status, unit, dates],
  )
  const list = usePagedList(fetchPage)
  useRefreshOnShow(() => void list.reload())
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh())
  })
  useEffect(() => {
    if (reviewer) prefetchSubscribeTemplates()
  }, [reviewer])

  const hasDates = !!dates.from || !!dates.to
  const narrowed = !!unit || hasDates
  const dateText = dates.from && dates.to ? `${dates.from} 至 ${dates.to}` : dates.from ? `${dates.from} 以后` : `${dates.to} 以前`

  const subscribe = async () => {
    const accepted = await askSubscribe('atTaskQueue')
    if (accepted === null) toast('微信提醒暂不可用')
    else if (accepted > 0) toast('已开启：下一个新任务会用微信提醒你')
    else toast('没有开启微信提醒，新任务仍会出现在这里和消息里')
  }

  const emptyText = status !== 'all' && !narrowed ? (EMPTY_WORDS[status] ?? `没有${TASK_STATUS_LABELS[status]}的任务。`) : '没有符合条件的任务。'

  return (
    <PageContainer id='task-queue' className='task-queue' loading={list.initialLoading} error={list.loaded ? null : list.error} onRetry={() => void list.reload()}>
      <View className='task-queue__search'>
        <Input
          className='qjt-input task-queue__input'
          id='task-queue-unit-input'
          value={unitText}
          confirmType='search'
          maxlength={100}
          placeholder='输入单位名称查找'
          placeholderClass='qjt-input-placeholder'
          onInput={(e) => setUnitText(e.detail.value)}
          onConfirm={(e) => setUnit(e.detail.value.trim())}
        />
        <Button className='qjt-btn qjt-btn--small task-queue__btn' id='task-queue-unit-submit' onClick={() => setUnit(unitText.trim())}>
          搜索
        </Button>
        <Button className='qjt-btn qjt-btn--small qjt-btn--plain task-queue__btn' id='task-queue-date-open' onClick={() => setDateOpen(true)}>
          日期{hasDates ? '(1)' : ''}
        </Button>
      </View>

      <ChipBar
        id='task-queue-status'
        options={STATUS_CHIPS.map((s) => ({ id: `task-queue-status-${s.value}`, label: s.label, on: status === s.value, onPick: () => setStatus(s.value) }))}
      />

      <FilterChips
        id='task-queue-filters'
        filters={[
          ...(unit
            ? [
                {
                  id: 'task-queue-filter-unit',
                  text: `单位：${unit}`,
                  onRemove: () => {
                    setUnit('')
                    setUnitText('')
                  },
                },
              ]
            : []),
          ...(hasDates ? [{ id: 'task-queue-filter-date', text: `提交时间：${dateText}`, onRemove: () => setDates({}) }] : []),
        ]}
      />

      {reviewer && isWeapp && (
        <View className='qjt-card task-queue__remind'>
          <Text className='qjt-muted'>有新的预约时，用微信消息提醒你。</Text>
          <Button className='qjt-btn qjt-btn--plain qjt-btn--small' id='task-queue-subscribe' onClick={() => void subscribe()}>
            接收提醒
          </Button>
        </View>
      )}

      <Text className='qjt-muted task-queue__total' id='task-queue-total'>
        {list.loading ? '正在查询…' : `共 ${list.total} 个任务`}
      </Text>

      {list.error && list.loaded ? (
        <View className='qjt-card task-queue__state' id='task-queue-list-error'>
          <Text>{errorMessage(list.error)}</Text>
          <Button className='qjt-btn qjt-btn--plain qjt-btn--small' id='task-queue-list-retry' onClick={() => void list.reload()}>
            重试
          </Button>
        </View>
      ) : null}

      {list.loaded && list.items.length === 0 && (
        <View className='qjt-card task-queue__state' id='task-queue-empty'>
          <Text>{emptyText}</Text>
          {status !== 'all' && (
            <Button className='qjt-btn qjt-btn--plain qjt-gap-top' id='task-queue-show-all' onClick={() => setStatus('all')}>
              查看全部任务
            </Button>
          )}
        </View>
      )}

      {list.items.map((t) => (
        <TaskCard key={t.id} id={`task-card-${t.id}`} item={t} onClick={() => go(`${ROUTES.taskDetail}?id=${t.id}`)} />
      ))}
      {list.items.length > 0 && (
        <ListFooter id='task-queue-more' hasMore={list.hasMore} loadingMore={list.loadingMore} total={list.total} unit='个任务' onMore={() => void list.loadMore()} />
      )}

      {dateOpen && (
        <DateSheet
          from={dates.from}
          to={dates.to}
          onClose={() => setDateOpen(false)}
          onApply={(d) => {
            setDates(d)
            setDateOpen(false)
          }}
        />
      )}
    </PageContainer>
  )
}

export default function TaskQueuePage() {
  const { params } = useRouter()
  const { status, me } = useSession()
  const wanted = params.status as TaskStatus | 'all' | undefined
  const initial = wanted === 'all' || (wanted && (TASK_STATUSES as readonly string[]).includes(wanted)) ? wanted : 'submitted'
  if (status === 'signed_in' && me?.org?.type === 'institution') {
    return <Queue key={me.id} initialStatus={initial} reviewer={hasRole(me, 'inst_reviewer')} />
  }
  if (status === 'signed_in' && me) {
    return (
      <PageContainer id='task-queue'>
        <View className='qjt-card' id='task-queue-not-institution'>
          <Text className='qjt-section-title'>检定任务供检定机构使用</Text>
          <Text className='qjt-muted'>单位提交的预约会分派给检定机构，由机构在这里受理。你可以在“预约”里查看自己单位的预约进度。</Text>
          <Button className='qjt-btn qjt-btn--plain qjt-gap-top' id='task-queue-to-bookings' onClick={() => go(ROUTES.bookings)}>
            查看我的预约
          </Button>
        </View>
      </PageContainer>
    )
  }
  return <PageContainer id='task-queue' requireLogin />
}
