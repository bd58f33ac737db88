import { Button, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { RECORD_STATUS_LABELS, RECORD_STATUSES, type MeView, type RecordStatus, type RecordView } from '@qjt/shared'
import { useCallback, useState } from 'react'
import ChipBar from '@/components/ChipBar'
import ListFooter from '@/components/ListFooter'
import PageContainer from '@/components/PageContainer'
import { RecordStatusTag, VerifyResultTag } from '@/components/StatusTag'
import { ROUTES } from '@/constants/routes'
import { useRefreshOnShow } from '@/hooks/useAsync'
import { usePagedList } from '@/hooks/usePagedList'
import { listRecords } from '@/services/api/records'
import { errorMessage } from '@/services/errors'
import { hasRole, useSession } from '@/services/session'
import { go } from '@/utils/nav'
import './index.scss'

const PAGE_SIZE = 10

/** What waits on this user first: the 批准人's 待批准, the 检定员's 待核验 and 已退回. */
function chipsFor(me: MeView): RecordStatus[] {
  if (hasRole(me, 'inst_approver') && !hasRole(me, 'inst_verifier')) return ['checked', 'recorded', 'sent_back', 'approved']
  return ['recorded', 'sent_back', 'checked', 'approved']
}

const EMPTY_WORDS: Record<RecordStatus, string> = {
  recorded: '没有待核验的记录。检定员录入数据后会出现在这里。',
  checked: '没有待批准的记录。核验员签名后会出现在这里。',
  sent_back: '没有被退回的记录。',
  approved: '还没有已批准的记录。',
}

export function RecordCard({ r, id, onClick }: { r: RecordView; id: string; onClick: () => void }) {
  return (
    <View className='qjt-card record-card' id={id} hoverClass='record-card--pressed' onClick={onClick}>
      <View className='record-card__main'>
        <View className='record-card__head'>
          <Text className='record-card__name'>{r.instrument.name}</Text>
          <RecordStatusTag status={r.status} />
        </View>
        <Text className='record-card__facts'>
          {r.instrument.code} · {r.instrument.level2Name}
        </Text>
        <Text className='record-card__unit'>{r.unitName}</Text>
        <View className='record-card__foot'>
          <Text className='record-card__facts'>
            检定 {r.verifiedAt} · 检定员 {r.verifier.name || '—'}
          </Text>
          <VerifyResultTag result={r.conclusion} />
        </View>
        {r.status === 'sent_back' && r.sendBackReason && <Text className='record-card__reason'>退回原因：{r.sendBackReason}</Text>}
      </View>
      <View className='qjt-cell__arrow' />
    </View>
  )
}

function Queue({ me, initial }: { me: MeView; initial: RecordStatus }) {
  const [status, setStatus] = useState<RecordStatus>(initial)
  const fetchPage = useCallback((page: number) => listRecords(status, page, PAGE_SIZE, { toast: false }), [status])
  const list = usePagedList(fetchPage)
  useRefreshOnShow(() => void list.reload())
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh())
  })

  return (
    <PageContainer id='record-queue' className='record-queue' loading={list.initialLoading} error={list.loaded ? null : list.error} onRetry={() => void list.reload()}>
      <ChipBar
        id='record-queue-status'
        large
        options={chipsFor(me).map((s) => ({ id: `record-queue-status-${s}`, label: RECORD_STATUS_LABELS[s], on: s === status, onPick: () => setStatus(s) }))}
      />

      <Text className='qjt-muted record-queue__total' id='record-queue-total'>
        {list.loading ? '正在查询…' : `${RECORD_STATUS_LABELS[status]} ${list.total} 条`}
      </Text>

      {list.error && list.loaded ? (
        <View className='qjt-card record-queue__state' id='record-queue-list-error'>
          <Text>{errorMessage(list.error)}</Text>
          <Button className='qjt-btn qjt-btn--plain qjt-btn--small' id='record-queue-list-retry' onClick={() => void list.reload()}>
            重试
          </Button>
        </View>
      ) : null}

      {list.loaded && list.items.length === 0 && (
        <View className='qjt-card record-queue__state' id='record-queue-empty'>
          <Text>{EMPTY_WORDS[status]}</Text>
          {status === 'recorded' && hasRole(me, 'inst_verifier') && (
            <Button className='qjt-btn qjt-btn--plain qjt-gap-top' id='record-queue-to-tasks' onClick={() => go(`${ROUTES.taskQueue}?status=accepted`)}>
              去已受理的任务录入数据
            </Button>
          )}
        </View>
      )}

      {list.items.map((r) => (
        <RecordCard key={r.id} id={`record-card-${r.id}`} r={r} onClick={() => go(`${ROUTES.recordDetail}?id=${r.id}`)} />
      ))}
      {list.items.length > 0 && (
        <ListFooter id='record-queue-more' hasMore={list.hasMore} loadingMore={list.loadingMore} total={list.total} unit='条记录' onMore={() => void list.loadMore()} />
      )}
    </PageContainer>
  )
}

export default function RecordQueuePage() {
  const { params } = useRouter()
  const { status, me } = useSession()
  if (status === 'signed_in' && me?.org?.type === 'institution') {
    const wanted = params.status as RecordStatus | undefined
    const initial = wanted && (RECORD_STATUSES as readonly string[]).includes(wanted) ? wanted : (chipsFor(me)[0] ?? 'recorded')
    return <Queue key={me.id} me={me} initial={initial} />
  }
  if (status === 'signed_in' && me) {
    return (
      <PageContainer id='record-queue'>
        <View className='qjt-card' id='record-queue-not-institution'>
          <Text className='qjt-muted'>检定记录由检定机构录入、核验和批准。检定完成后，单位可以在“检定证书”里查看结果。</Text>
          <Button className='qjt-btn qjt-btn--plain qjt-gap-top' id='record-queue-to-certificates' onClick={() => go(ROUTES.certificates)}>
            查看检定证书
          </Button>
        </View>
      </PageContainer>
    )
  }
  return <PageContainer id='record-queue' requireLogin />
}
