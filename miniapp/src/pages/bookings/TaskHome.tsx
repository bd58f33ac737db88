import { Button, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { MeView } from '@qjt/shared'
import { useCallback, useEffect } from 'react'
import PageContainer from '@/components/PageContainer'
import TaskCard from '@/components/TaskCard'
import { ROUTES } from '@/constants/routes'
import { useAsync, useRefreshOnShow } from '@/hooks/useAsync'
import { listRecords } from '@/services/api/records'
import { listTasks } from '@/services/api/tasks'
import { hasRole } from '@/services/session'
import { go } from '@/utils/nav'

/** How many waiting tasks the tab shows; the queue has the rest, with its filters. */
const SHOWN = 5

/** What waits on this user among the records: the 核验员's 待核验 and 已退回, the 批准人's 待批准. */
function RecordsCard({ me }: { me: MeView }) {
  const verifier = hasRole(me, 'inst_verifier')
  const approver = hasRole(me, 'inst_approver')
  const load = useCallback(async () => {
    const count = (status: 'recorded' | 'checked' | 'sent_back', on: boolean) =>
      on ? listRecords(status, 1, 1, { toast: false }).then((p) => p.total) : Promise.resolve(null)
    const [recorded, checked, sentBack] = await Promise.all([count('recorded', verifier), count('checked', approver), count('sent_back', verifier)])
    return { recorded, checked, sentBack }
  }, [verifier, approver])
  const counts = useAsync(load, verifier || approver)
  useRefreshOnShow(() => void counts.reload(), verifier || approver)
  if (!verifier && !approver) return null
  const c = counts.data
  const item = (id: string, label: string, n: number | null | undefined, status: string, shown: boolean) =>
    !shown ? null : (
      <View className='task-home__rec' id={id} hoverClass='task-home__rec--pressed' onClick={() => go(`${ROUTES.recordQueue}?status=${status}`)}>
        <Text className='task-home__rec-num'>{n ?? (counts.error ? '—' : '…')}</Text>
        <Text className='task-home__rec-label'>{label}</Text>
      </View>
    )
  return (
    <View className='qjt-card' id='task-home-records'>
      <View className='qjt-row'>
        <Text className='qjt-section-title'>检定记录</Text>
        <Text className='qjt-link' id='task-home-certificates' onClick={() => go(ROUTES.certificates)}>
          已签发证书
        </Text>
      </View>
      <View className='task-home__recs'>
        {item('task-home-rec-recorded', '待核验', c?.recorded, 'recorded', verifier)}
        {item('task-home-rec-checked', '待批准', c?.checked, 'checked', approver)}
        {item('task-home-rec-sent-back', '已退回', c?.sentBack, 'sent_back', verifier)}
      </View>
    </View>
  )
}

/**
 * The 任务 tab of an institution: what waits for a decision now, one tap from each task, and the
 * way to the whole queue.
 */
export default function TaskHome({ me }: { me: MeView }) {
  const load = useCallback(() => listTasks({ status: 'submitted' }, 1, SHOWN, { toast: false }), [])
  const waiting = useAsync(load)
  useRefreshOnShow(() => void waiting.reload())
  usePullDownRefresh(() => {
    void waiting.reload().finally(() => Taro.stopPullDownRefresh())
  })
  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: '检定任务' }).catch(() => undefined)
  }, [])

  const items = waiting.data?.items ?? []
  const total = waiting.data?.total ?? 0

  return (
    <PageContainer id='task-home' className='task-home' loading={waiting.initialLoading} error={waiting.data ? null : waiting.error} onRetry={() => void waiting.reload()}>
      <View className='qjt-card task-home__head'>
        <Text className='qjt-muted'>{me.org?.name}</Text>
        <View className='task-home__count' id='task-home-count'>
          <Text className='task-home__num'>{total}</Text>
          <Text className='task-home__label'>条预约待受理</Text>
        </View>
        <Button className='qjt-btn' id='task-home-all' onClick={() => go(ROUTES.taskQueue)}>
          查看全部任务
        </Button>
      </View>
      <RecordsCard me={me} />
      {items.length > 0 ? (
        <>
          <Text className='qjt-section-title'>待受理</Text>
          {items.map((t) => (
            <TaskCard key={t.id} id={`task-home-card-${t.id}`} item={t} onClick={() => go(`${ROUTES.taskDetail}?id=${t.id}`)} />
          ))}
          {total > items.length && (
            <Text className='qjt-link task-home__more' id='task-home-more' onClick={() => go(`${ROUTES.taskQueue}?status=submitted`)}>
              还有 {total - items.length} 条，查看全部待受理
            </Text>
          )}
        </>
      ) : (
        <View className='qjt-card task-home__empty' id='task-home-empty'>
          <Text>暂无待受理的预约。单位提交预约后会出现在这里，并发消息提醒。</Text>
        </View>
      )}
    </PageContainer>
  )
}
