import { Button, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { OVERDUE_GROUP_LABELS, OVERDUE_GROUPS, type OverdueGroup, type OverdueRow } from '@qjt/shared'
import { useCallback, useState } from 'react'
import ChoiceChips, { choicesOf } from '@/components/ChoiceChips'
import ListFooter from '@/components/ListFooter'
import PageContainer from '@/components/PageContainer'
import { useRefreshOnShow } from '@/hooks/useAsync'
import { usePagedList } from '@/hooks/usePagedList'
import { exportOverdue, listOverdue } from '@/services/api/stats'
import { errorMessage } from '@/services/errors'
import { hasRole, useSession } from '@/services/session'
import { toast } from '@/utils/feedback'
import { formatPhone } from '@/utils/format'
import './index.scss'

const PAGE_SIZE = 10
const GROUP_CHOICES = choicesOf(OVERDUE_GROUP_LABELS)

function call(phone: string) {
  void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)
}

function Row({ row, group, rank }: { row: OverdueRow; group: OverdueGroup; rank: number }) {
  return (
    <View className='overdue-row' id={`overdue-row-${rank}`}>
      <Text className='overdue-row__rank'>{rank}</Text>
      <View className='overdue-row__main'>
        <Text className='overdue-row__label'>{row.label}</Text>
        {group === 'unit' && row.regionName && <Text className='qjt-muted overdue-row__sub'>{row.regionName}</Text>}
        {group === 'unit' && row.contactPhone && (
          <Text className='qjt-link overdue-row__phone' id={`overdue-row-${rank}-phone`} onClick={() => call(row.contactPhone ?? '')}>
            {formatPhone(row.contactPhone)} 拨打
          </Text>
        )}
      </View>
      <View className='overdue-row__count'>
        <Text className='overdue-row__num'>{row.count}</Text>
        <Text className='overdue-row__unit'>台逾期</Text>
      </View>
    </View>
  )
}

function Overdue({ initial }: { initial: OverdueGroup }) {
  const [group, setGroup] = useState<OverdueGroup>(initial)
  const [exporting, setExporting] = useState(false)
  const fetchPage = useCallback((page: number) => listOverdue(group, page, PAGE_SIZE, { toast: false }), [group])
  const list = usePagedList(fetchPage)
  useRefreshOnShow(() => void list.reload())
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh())
  })

  const exportXlsx = async () => {
    if (exporting) return
    setExporting(true)
    try {
      const res = await exportOverdue(group)
      toast(`已导出 ${res.fileName}`, 'success')
    } catch (err) {
      toast(errorMessage(err))
    } finally {
      setExporting(false)
    }
  }

  return (
    <PageContainer
      id='overdue'
      className='overdue'
      loading={list.initialLoading}
      error={list.loaded ? null : list.error}
      onRetry={() => void list.reload()}
      footer={
        <Button className='qjt-btn' id='overdue-export' disabled={exporting} onClick={() => void exportXlsx()}>
          {exporting ? '正在导出…' : `导出Excel（${OVERDUE_GROUP_LABELS[group]}）`}
        </Button>
      }
    >
      <ChoiceChips id='overdue-group' options={GROUP_CHOICES} value={group} onChange={(v) => v && setGroup(v)} />
      <Text className='qjt-muted overdue__total' id='overdue-total'>
        {list.loading ? '正在查询…' : `${OVERDUE_GROUP_LABELS[group]}：共 ${list.total} 组，按逾期台数从多到少`}
      </Text>

      {list.error && list.loaded ? (
        <View className='qjt-card' id='overdue-list-error'>
          <Text>{errorMessage(list.error)}</Text>
          <Button className='qjt-btn qjt-btn--plain qjt-btn--small' id='overdue-list-retry' onClick={() => void list.reload()}>
            重试
          </Button>
        </View>
      ) : null}

      {list.loaded && list.items.length === 0 ? (
        <View className='qjt-card overdue__empty' id='overdue-empty'>
          <Text>辖区内没有逾期未检的器具。</Text>
        </View>
      ) : list.items.length > 0 ? (
        <View className='qjt-card overdue__table' id='overdue-table'>
          {list.items.map((r, i) => (
            <Row key={r.key} row={r} group={group} rank={i + 1} />
          ))}
        </View>
      ) : null}
      {list.items.length > 0 && <ListFooter id='overdue-more' hasMore={list.hasMore} loadingMore={list.loadingMore} total={list.total} unit='组' onMore={() => void list.loadMore()} />}
    </PageContainer>
  )
}

export default function OverduePage() {
  const { params } = useRouter()
  const { status, me } = useSession()
  const wanted = params.groupBy as OverdueGroup | undefined
  const initial = wanted && (OVERDUE_GROUPS as readonly string[]).includes(wanted) ? wanted : 'region'
  if (status === 'signed_in' && me && hasRole(me, 'regulator')) return <Overdue key={me.id} initial={initial} />
  if (status === 'signed_in' && me) {
    return (
      <PageContainer id='overdue'>
        <View className='qjt-card' id='overdue-not-regulator'>
          <Text className='qjt-muted'>逾期器具统计供市场监督管理部门的监管人员使用。</Text>
        </View>
      </PageContainer>
    )
  }
  return <PageContainer id='overdue' requireLogin />
}
