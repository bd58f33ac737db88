import { Button, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { DELIVERY_MODE_LABELS, type DeliveryMode, type TaskView } from '@qjt/shared'
import { useCallback, useState, type ReactNode } from 'react'
import BookingHistory from '@/components/BookingHistory'
import PageContainer from '@/components/PageContainer'
import { RecordStatusTag, TaskStatusTag, VerifyResultTag } from '@/components/StatusTag'
import { ROUTES } from '@/constants/routes'
import { useAsync, useRefreshOnShow } from '@/hooks/useAsync'
import { acceptTask, getTask, removeTaskItem, returnTask, type TaskItem } from '@/services/api/tasks'
import { refreshUnread } from '@/services/unread'
import { ApiError, errorMessage } from '@/services/errors'
import { hasRole, useSession } from '@/services/session'
import { cx } from '@/utils/cx'
import { confirmAction, toast } from '@/utils/feedback'
import { formatDateTime, formatPhone } from '@/utils/format'
import { go } from '@/utils/nav'
import ReasonSheet from '@/components/ReasonSheet'
import { AcceptSheet, RETURN_COPY, removeCopy } from './ActionSheets'
import './index.scss'

function call(phone: string) {
  void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)
}

function Fact({ label, children, id }: { label: string; children: ReactNode; id?: string }) {
  return (
    <View className='task-detail__fact' id={id}>
      <Text className='task-detail__fact-label'>{label}</Text>
      <View className='task-detail__fact-value'>{children}</View>
    </View>
  )
}

const fieldError = (err: unknown, field: string) => (err instanceof ApiError ? (err.details.find((d) => d.path === field)?.message ?? null) : null)

/** Statuses in which the institution verifies the task's instruments. */
const VERIFYING = new Set(['accepted', 'in_progress', 'completed'])

/** Where one instrument's verification record stands, and the way to enter or open it. */
function RecordLine({ task, item, verifier, onRemove }: { task: TaskView; item: TaskItem; verifier: boolean; onRemove?: () => void }) {
  if (!VERIFYING.has(task.status)) return null
  const rid = `task-detail-record-${item.instrumentId}`
  const record = item.record
  if (!record) {
    if (task.status === 'completed') return null
    return (
      <View className='task-detail__record-actions'>
        {verifier ? (
          <Button className='qjt-btn qjt-btn--small task-detail__record-btn' id={rid} onClick={() => go(`${ROUTES.recordForm}?taskId=${task.id}&instrumentId=${item.instrumentId}`)}>
            录入检定数据
          </Button>
        ) : (
          <Text className='task-detail__record-wait' id={rid}>
            待检定员录入检定数据
          </Text>
        )}
        {onRemove && (
          <Button className='qjt-btn qjt-btn--small qjt-btn--plain' id={`task-detail-remove-${item.instrumentId}`} onClick={onRemove}>
            未送检，移出
          </Button>
        )}
      </View>
    )
  }
  return (
    <View className='task-detail__record' id={rid}>
      <View className='task-detail__record-tags'>
        <Text className='task-detail__record-label'>检定记录</Text>
        <RecordStatusTag status={record.status} id={`${rid}-status`} />
        <VerifyResultTag result={record.conclusion} />
      </View>
      <View className='task-detail__record-actions'>
        {record.status === 'sent_back' && verifier && (
          <Button className='qjt-btn qjt-btn--small' id={`${rid}-redo`} onClick={() => go(`${ROUTES.recordForm}?id=${record.id}`)}>
            修改数据
          </Button>
        )}
        <Button className='qjt-btn qjt-btn--small qjt-btn--plain' id={`${rid}-open`} onClick={() => go(`${ROUTES.recordDetail}?id=${record.id}`)}>
          查看记录
        </Button>
      </View>
    </View>
  )
}

function Detail({ id, reviewer, verifier }: { id: string; reviewer: boolean; verifier: boolean }) {
  const load = useCallback(() => getTask(id, { toast: false }), [id])
  const detail = useAsync<TaskView>(load)
  const [sheet, setSheet] = useState<'accept' | 'return' | TaskItem | null>(null)
  const [busy, setBusy] = useState(false)
  const [sheetError, setSheetError] = useState<string | null>(null)
  useRefreshOnShow(() => void detail.reload())
  usePullDownRefresh(() => {
    void detail.reload().finally(() => Taro.stopPullDownRefresh())
  })
  const t = detail.data

  const open = (which: 'accept' | 'return' | TaskItem) => {
    setSheetError(null)
    setSheet(which)
  }

  const act = async (run: () => Promise<TaskView>, done: string, field: string) => {
    setBusy(true)
    try {
      const next = await run()
      detail.setData(() => next)
      setSheet(null)
      toast(done, 'success')
      void refreshUnread()
    } catch (err) {
      const message = fieldError(err, field)
      if (message) setSheetError(message)
      else {
        toast(errorMessage(err))
        // Someone decided first, or the unit withdrew: show what it is now.
        if (err instanceof ApiError && err.status === 409) {
          setSheet(null)
          void detail.reload()
        }
      }
    } finally {
      setBusy(false)
    }
  }

  const accept = (input: { scheduledDate: string; mode: DeliveryMode }) => {
    if (!t || busy) return
    void act(() => acceptTask(t.id, { ...input, version: t.version }, { toast: false }), '已受理', 'scheduledDate')
  }

  const sendBack = async (reason: string) => {
    if (!t || busy) return
    const ok = await confirmAction({
      title: '退回这个预约？',
      content: '退回后单位要按你写的原因修改并重新提交，退回不能撤回。',
      confirmText: '退回',
      danger: true,
    })
    if (!ok) return
    void act(() => returnTask(t.id, { reason, version: t.version }, { toast: false }), '已退回', 'reason')
  }

  const removeItem = async (item: TaskItem, reason: string) => {
    if (!t || busy) return
    const ok = await confirmAction({
      title: `把${item.name}移出任务？`,
      content: '移出后不能撤回：这台器具回到单位的台账，单位要另行预约。',
      confirmText: '移出',
      danger: true,
    })
    if (!ok) return
    void act(() => removeTaskItem(t.id, { instrumentId: item.instrumentId, reason, version: t.version }, { toast: false }), '已移出', 'reason')
  }

  const pending = t?.status === 'submitted'
  const off = !reviewer || busy
  const footer =
    t && pending ? (
      <View className='task-detail__footer'>
        {!reviewer && (
          <Text className='task-detail__why' id='task-detail-why'>
            只有预约审核员可以受理或退回预约
          </Text>
        )}
        <View className='task-detail__buttons'>
          <Button className={cx('qjt-btn qjt-btn--danger task-detail__return', { 'qjt-btn--disabled': off })} id='task-detail-return' disabled={off} onClick={() => open('return')}>
            退回
          </Button>
          <Button className={cx('qjt-btn task-detail__accept', { 'qjt-btn--disabled': off })} id='task-detail-accept' disabled={off} onClick={() => open('accept')}>
            受理
          </Button>
        </View>
      </View>
    ) : undefined

  return (
    <PageContainer
      id='task-detail'
      className={cx('task-detail', { 'task-detail--why': !!footer && !reviewer })}
      loading={detail.initialLoading}
      error={t ? null : detail.error}
      onRetry={() => void detail.reload()}
      footer={footer}
    >
      {t && (
        <>
          <View className='qjt-card' id='task-detail-head'>
            <View className='task-detail__head'>
              <View>
                <Text className='task-detail__no-label'>预约编号</Text>
                <Text className='task-detail__no'>{t.bookingNo}</Text>
              </View>
              <TaskStatusTag status={t.status} id='task-detail-status' />
            </View>
            <Fact label='提交时间'>
              <Text>{formatDateTime(t.submittedAt)}</Text>
            </Fact>
            <Fact label='器具数量'>
              <Text>{t.count} 台</Text>
            </Fact>
            {t.scheduledDate && (
              <Fact label='检定日期' id='task-detail-date'>
                <Text className='task-detail__strong'>{t.scheduledDate}</Text>
              </Fact>
            )}
            {t.mode && (
              <Fact label='检定方式'>
                <Text>{DELIVERY_MODE_LABELS[t.mode]}</Text>
              </Fact>
            )}
            {t.status === 'returned' && t.reason && (
              <View className='task-detail__reason' id='task-detail-reason'>
                <Text className='task-detail__reason-label'>退回原因</Text>
                <Text>{t.reason}</Text>
              </View>
            )}
            {t.status === 'withdrawn' && <Text className='task-detail__note'>单位已撤销这个预约，不需要再处理。</Text>}
          </View>

          <View className='qjt-card' id='task-detail-unit'>
            <Text className='qjt-section-title'>送检单位</Text>
            <Text className='task-detail__unit'>{t.unit.name}</Text>
            <Fact label='所在地区'>
              <Text>{t.unit.regionName || '—'}</Text>
            </Fact>
            <Fact label='地址'>
              <Text>{t.unit.address || '—'}</Text>
            </Fact>
            <Fact label='联系人'>
              <Text>{t.unit.contactName || '—'}</Text>
            </Fact>
            <Fact label='联系电话' id='task-detail-unit-phone'>
              {t.unit.contactPhone ? (
                <Text className='qjt-link task-detail__phone' onClick={() => call(t.unit.contactPhone)}>
                  {formatPhone(t.unit.contactPhone)} 拨打
                </Text>
              ) : (
                <Text>—</Text>
              )}
            </Fact>
          </View>

          <View className='qjt-card' id='task-detail-items'>
            <Text className='qjt-section-title'>器具（{t.items.length} 项）</Text>
            {t.items.map((i) => (
              <View key={i.instrumentId} className='task-detail__item' id={`task-detail-item-${i.instrumentId}`}>
                <View className='task-detail__item-head'>
                  <Text className='task-detail__item-name'>{i.name}</Text>
                  <Text className='task-detail__item-qty'>× {i.quantity}</Text>
                </View>
                <Text className='task-detail__item-line'>器具编码 {i.code}</Text>
                <Text className='task-detail__item-line'>
                  二级目录 {i.level2Name} · 型号 {i.model || '—'}
                </Text>
                <Text className='task-detail__item-line'>出厂编号 {i.serialNo}</Text>
                <Text className='task-detail__item-line'>安装/使用地点 {i.location || '—'}</Text>
                <Text className='task-detail__item-line'>单位选择 {DELIVERY_MODE_LABELS[i.deliveryMode]}</Text>
                <RecordLine task={t} item={i} verifier={verifier} onRemove={reviewer ? () => open(i) : undefined} />
              </View>
            ))}
          </View>

          <View className='qjt-card'>
            <Text className='qjt-section-title'>办理记录</Text>
            <BookingHistory entries={t.history} id='task-detail-history' />
          </View>

          {sheet === 'accept' && (
            <AcceptSheet defaultMode={t.mode ?? t.defaultMode} busy={busy} dateError={sheetError} onConfirm={accept} onClose={() => setSheet(null)} />
          )}
          {sheet === 'return' && <ReasonSheet copy={RETURN_COPY} busy={busy} serverError={sheetError} onConfirm={(r) => void sendBack(r)} onClose={() => setSheet(null)} />}
          {typeof sheet === 'object' && sheet && (
            <ReasonSheet copy={removeCopy(sheet.name)} busy={busy} serverError={sheetError} onConfirm={(r) => void removeItem(sheet, r)} onClose={() => setSheet(null)} />
          )}
        </>
      )}
    </PageContainer>
  )
}

export default function TaskDetailPage() {
  const { params } = useRouter()
  const { status, me } = useSession()
  const id = params.id ?? ''
  if (status === 'signed_in' && me?.org?.type === 'institution') {
    if (!id) return <PageContainer id='task-detail' error={new ApiError({ status: 404, code: 'TASK_NOT_FOUND', message: '没有指定检定任务' })} />
    return <Detail key={`${me.id}:${id}`} id={id} reviewer={hasRole(me, 'inst_reviewer')} verifier={hasRole(me, 'inst_verifier')} />
  }
  if (status === 'signed_in' && me) {
    return (
      <PageContainer id='task-detail'>
        <View className='qjt-card' id='task-detail-not-institution'>
          <Text className='qjt-muted'>检定任务只有检定机构的人员可以查看。</Text>
          <Button className='qjt-btn qjt-btn--plain qjt-gap-top' id='task-detail-to-bookings' onClick={() => go(ROUTES.bookings)}>
            查看我的预约
          </Button>
        </View>
      </PageContainer>
    )
  }
  return <PageContainer id='task-detail' requireLogin />
}
