import { Button, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import type { BookingStatus, BookingView } from '@qjt/shared'
import { useCallback, useEffect, useState, type ReactNode } from 'react'
import BookingHistory from '@/components/BookingHistory'
import OrgActions from '@/components/OrgActions'
import PageContainer from '@/components/PageContainer'
import { BookingStatusTag } from '@/components/StatusTag'
import { ROUTES } from '@/constants/routes'
import { useAsync, useRefreshOnShow } from '@/hooks/useAsync'
import { deleteBooking, getBooking, submitBooking, withdrawBooking } from '@/services/api/bookings'
import { ApiError } from '@/services/errors'
import { useSession } from '@/services/session'
import { askSubscribe, prefetchSubscribeTemplates } from '@/services/subscribe'
import { cx } from '@/utils/cx'
import { confirmAction, toast } from '@/utils/feedback'
import { formatDateTime } from '@/utils/format'
import { back, go } from '@/utils/nav'
import ProblemCard from '../shared/ProblemCard'
import { problemOf, type Problem } from '../shared/problems'
import TaskBlock from './TaskBlock'
import '../shared/booking.scss'
import './index.scss'

/** What the status means for the unit now, in one sentence. */
const STATUS_NOTES: Record<BookingStatus, string> = {
  draft: '暂存，还没有提交。提交后系统按器具的使用地点和二级目录分派检定机构。',
  submitted: '已提交，等待检定机构受理。受理后会通知你检定日期。',
  accepted: '检定机构已受理，请按检定日期送检或等待上门检定。',
  returned: '检定机构退回了预约，请按退回原因修改后重新提交。',
  in_progress: '正在检定。',
  completed: '检定已完成。',
  withdrawn: '预约已撤销，器具已恢复为可预约。',
}

const HELD: readonly string[] = ['accepted', 'in_progress', 'completed']

function Fact({ label, value, id }: { label: string; value: ReactNode; id?: string }) {
  return (
    <View className='booking-detail__fact' id={id}>
      <Text className='booking-detail__fact-label'>{label}</Text>
      <Text className='booking-detail__fact-value'>{value}</Text>
    </View>
  )
}

function Detail({ id }: { id: string }) {
  const load = useCallback(() => getBooking(id, { toast: false }), [id])
  const detail = useAsync<BookingView>(load)
  const [busy, setBusy] = useState<'submit' | 'withdraw' | 'delete' | null>(null)
  const [problem, setProblem] = useState<Problem | null>(null)
  useRefreshOnShow(() => void detail.reload())
  usePullDownRefresh(() => {
    void detail.reload().finally(() => Taro.stopPullDownRefresh())
  })
  useEffect(() => {
    prefetchSubscribeTemplates()
  }, [])
  const b = detail.data

  const fail = (err: unknown) => {
    const p = problemOf(err, b?.items.map((i) => i.instrumentId))
    if (p.kind === 'other') toast(p.message)
    else {
      setProblem(p)
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
    }
  }

  const submit = async () => {
    if (!b || busy) return
    // First, while the tap still counts as the user's own: WeChat asks about the receipts.
    const asking = askSubscribe('atBookingSubmit')
    setProblem(null)
    setBusy('submit')
    try {
      await asking
      const next = await submitBooking(b.id, b.version, { toast: false })
      detail.setData(() => next)
      toast('已提交申请', 'success')
    } catch (err) {
      fail(err)
    } finally {
      setBusy(null)
    }
  }

  const withdraw = async () => {
    if (!b || busy) return
    const ok = await confirmAction({
      title: '撤销这个预约？',
      content: '撤销后检定机构不再处理这个预约单，器具恢复为可预约，撤销不能恢复。',
      confirmText: '撤销预约',
      danger: true,
    })
    if (!ok) return
    setProblem(null)
    setBusy('withdraw')
    try {
      const next = await withdrawBooking(b.id, b.version, { toast: false })
      detail.setData(() => next)
      toast('已撤销', 'success')
    } catch (err) {
      fail(err)
    } finally {
      setBusy(null)
    }
  }

  const remove = async () => {
    if (!b || busy) return
    const ok = await confirmAction({
      title: '删除这个预约单？',
      content: '删除后预约编号作废，选择的器具不再保留，不能恢复。',
      confirmText: '删除',
      danger: true,
    })
    if (!ok) return
    setBusy('delete')
    try {
      await deleteBooking(b.id, { toast: false })
      toast('已删除', 'success')
      setTimeout(() => back(ROUTES.bookings), 700)
    } catch (err) {
      fail(err)
    } finally {
      setBusy(null)
    }
  }

  const reload = () => {
    setProblem(null)
    void detail.reload()
  }

  let footer: ReactNode
  let actionNote: string | null = null
  if (b) {
    const current = b.tasks.filter((t) => b.items.some((i) => i.taskId === t.id))
    const held = current.some((t) => HELD.includes(t.status))
    const canWithdraw = (b.status === 'submitted' || b.status === 'returned') && !held
    const off = !!busy
    const btn = (extra: string) => cx('qjt-btn', extra, { 'qjt-btn--disabled': off })
    if (b.status === 'draft') {
      footer = (
        <View className='booking-detail__footer'>
          <Button className={btn('qjt-btn--danger booking-detail__side')} id='booking-detail-delete' disabled={off} onClick={() => void remove()}>
            删除
          </Button>
          <Button className={btn('qjt-btn--plain booking-detail__side')} id='booking-detail-edit' disabled={off} onClick={() => go(`${ROUTES.bookingEdit}?id=${b.id}`)}>
            修改
          </Button>
          <Button className={btn('booking-detail__main')} id='booking-detail-submit' disabled={off} onClick={() => void submit()}>
            {busy === 'submit' ? '正在提交…' : '提交申请'}
          </Button>
        </View>
      )
    } else if (b.status === 'returned' || canWithdraw) {
      footer = (
        <View className='booking-detail__footer'>
          {canWithdraw && (
            <Button className={btn('qjt-btn--danger booking-detail__side')} id='booking-detail-withdraw' disabled={off} onClick={() => void withdraw()}>
              {busy === 'withdraw' ? '正在撤销…' : '撤销预约'}
            </Button>
          )}
          {b.status === 'returned' && (
            <Button className={btn('booking-detail__main')} id='booking-detail-resubmit' disabled={off} onClick={() => go(`${ROUTES.bookingEdit}?id=${b.id}`)}>
              修改并重新提交
            </Button>
          )}
        </View>
      )
    }
    if (held && (b.status === 'accepted' || b.status === 'returned')) actionNote = '检定机构已受理，不能撤销。如需改期或取消，请致电检定机构。'
  }

  const current = b ? b.tasks.filter((t) => b.items.some((i) => i.taskId === t.id)) : []
  const past = b ? b.tasks.filter((t) => !current.includes(t)) : []
  const institutionOf = new Map(current.map((t) => [t.id, t.institutionName]))

  return (
    <PageContainer
      id='booking-detail'
      className='booking-detail'
      loading={detail.initialLoading}
      error={b ? null : detail.error}
      onRetry={() => void detail.reload()}
      footer={footer}
    >
      {b && (
        <>
          {problem && <ProblemCard problem={problem} id='booking-detail-problem' onReload={reload} />}
          <View className='qjt-card' id='booking-detail-head'>
            <View className='booking-detail__head'>
              <View>
                <Text className='booking-detail__no-label'>预约编号</Text>
                <Text className='booking-detail__no' id='booking-detail-no'>
                  {b.no}
                </Text>
              </View>
              <BookingStatusTag status={b.status} id='booking-detail-status' />
            </View>
            <Text className={cx('booking-detail__note', `booking-detail__note--${b.status}`)}>{STATUS_NOTES[b.status]}</Text>
            <Fact label='器具数量' value={`${b.count} 台`} />
            <Fact label='预约时间' value={formatDateTime(b.createdAt)} />
            {b.submittedAt && <Fact label='提交时间' value={formatDateTime(b.submittedAt)} />}
            {actionNote && <Text className='booking-detail__why'>{actionNote}</Text>}
          </View>

          {current.length > 0 ? (
            <>
              <Text className='qjt-section-title'>检定机构</Text>
              {current.map((t) => (
                <TaskBlock key={t.id} task={t} />
              ))}
            </>
          ) : (
            b.status === 'draft' && (
              <View className='qjt-card booking-detail__hint'>
                <Text className='qjt-muted'>提交后，系统会为每台器具分派检定机构，机构的地址和电话会显示在这里。</Text>
              </View>
            )
          )}

          <View className='qjt-card' id='booking-detail-items'>
            <Text className='qjt-section-title'>器具清单（{b.count} 台）</Text>
            {b.items.map((i) => (
              <View key={i.instrumentId} className='booking-item' id={`booking-detail-item-${i.instrumentId}`}>
                <View className='booking-item__main'>
                  <Text className='booking-item__name'>{i.name}</Text>
                  <Text className='booking-item__facts'>
                    {i.code} · {i.level2Name}
                  </Text>
                  <Text className='booking-item__facts'>出厂编号 {i.serialNo}</Text>
                  {i.taskId && institutionOf.get(i.taskId) && <Text className='booking-item__facts'>检定机构：{institutionOf.get(i.taskId)}</Text>}
                  {i.removedReason && (
                    <Text className='booking-item__problem' id={`booking-detail-item-${i.instrumentId}-removed`}>
                      已移出检定任务：{i.removedReason}（器具已回到台账，可另行预约）
                    </Text>
                  )}
                  {problem?.byInstrument[i.instrumentId] && <Text className='booking-item__problem'>{problem.byInstrument[i.instrumentId]}</Text>}
                </View>
              </View>
            ))}
          </View>

          {past.length > 0 && (
            <>
              <Text className='qjt-section-title'>以往的检定任务</Text>
              {past.map((t) => (
                <TaskBlock key={t.id} task={t} past />
              ))}
            </>
          )}

          <View className='qjt-card'>
            <Text className='qjt-section-title'>办理记录</Text>
            <BookingHistory entries={b.history} id='booking-detail-history' />
          </View>
        </>
      )}
    </PageContainer>
  )
}

export default function BookingDetailPage() {
  const { params } = useRouter()
  const { status, me } = useSession()
  const id = params.id ?? ''
  if (status === 'signed_in' && me?.org) {
    if (!id) return <PageContainer id='booking-detail' error={new ApiError({ status: 404, code: 'BOOKING_NOT_FOUND', message: '没有指定预约单' })} />
    return <Detail key={`${me.id}:${id}`} id={id} />
  }
  if (status === 'signed_in' && me) {
    return (
      <PageContainer id='booking-detail'>
        <OrgActions idPrefix='booking-detail' />
      </PageContainer>
    )
  }
  return <PageContainer id='booking-detail' requireLogin />
}
