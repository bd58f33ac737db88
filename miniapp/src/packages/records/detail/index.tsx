import { Button, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { formatChinaDateTime, RECORD_ACTION_LABELS, type MeView, type RecordView } from '@qjt/shared'
import { useCallback, useState } from 'react'
import PageContainer from '@/components/PageContainer'
import { RecordStatusTag, VerifyResultTag } from '@/components/StatusTag'
import { environmentText, Fact, PointsTable, Signatures, StandardsList } from '@/components/VerificationData'
import { ROUTES } from '@/constants/routes'
import { useAsync, useRefreshOnShow } from '@/hooks/useAsync'
import { approveRecord, checkRecord, getRecord, sendBackRecord } from '@/services/api/records'
import { ApiError, errorMessage } from '@/services/errors'
import { hasRole, useSession } from '@/services/session'
import { cx } from '@/utils/cx'
import { confirmAction, toast } from '@/utils/feedback'
import { go } from '@/utils/nav'
import ReasonSheet from '@/components/ReasonSheet'
import { ApproveSheet, SEND_BACK_COPY, type ApproveInput } from './Sheets'
import './index.scss'

type Sheet = 'approve' | 'sendBack' | null

/** What this user may do with the record now, and why not when they may not. */
function actionsFor(r: RecordView, me: MeView) {
  const verifier = hasRole(me, 'inst_verifier')
  const approver = hasRole(me, 'inst_approver')
  if (r.status === 'recorded') {
    if (!verifier) return { kind: 'none' as const, why: '等待检定员（核验员）核验' }
    // The one who recorded it may still correct it until someone checks it.
    if (r.verifier.userId === me.id) return { kind: 'own' as const, why: '这条记录由你录入，须由另一位检定员核验' }
    return { kind: 'check' as const, why: null }
  }
  if (r.status === 'checked') {
    if (!approver) return { kind: 'none' as const, why: '等待批准人批准' }
    return { kind: 'approve' as const, why: null }
  }
  if (r.status === 'sent_back') {
    if (!verifier) return { kind: 'none' as const, why: '已退回检定员修改' }
    return { kind: 'redo' as const, why: null }
  }
  return { kind: 'done' as const, why: null }
}

function Detail({ id, me }: { id: string; me: MeView }) {
  const load = useCallback(() => getRecord(id, { toast: false }), [id])
  const detail = useAsync<RecordView>(load)
  const [sheet, setSheet] = useState<Sheet>(null)
  const [busy, setBusy] = useState(false)
  const [sheetErrors, setSheetErrors] = useState<Record<string, string>>({})
  // The server's own words when it refuses (e.g. the same person signing twice).
  const [refused, setRefused] = useState<string | null>(null)
  useRefreshOnShow(() => void detail.reload())
  usePullDownRefresh(() => {
    void detail.reload().finally(() => Taro.stopPullDownRefresh())
  })
  const r = detail.data

  const act = async (run: () => Promise<RecordView>, done: string) => {
    setBusy(true)
    setRefused(null)
    try {
      const next = await run()
      detail.setData(() => next)
      setSheet(null)
      toast(done, 'success')
    } catch (err) {
      // Field problems stay in the open sheet, under their fields.
      if (sheet && err instanceof ApiError && err.details.length) {
        const byField: Record<string, string> = {}
        for (const d of err.details) byField[d.path] ??= d.message
        setSheetErrors(byField)
        return
      }
      setSheet(null)
      setRefused(errorMessage(err))
      // Someone else acted first: show what it is now.
      if (err instanceof ApiError && err.status === 409) void detail.reload()
    } finally {
      setBusy(false)
    }
  }

  const open = (which: Sheet) => {
    setSheetErrors({})
    setRefused(null)
    setSheet(which)
  }

  const check = async () => {
    if (!r || busy) return
    const ok = await confirmAction({ title: '核验通过并签名？', content: '签名后记录交批准人批准，你的姓名和时间会印在证书上。', confirmText: '签名' })
    if (ok) void act(() => checkRecord(r.id, r.version, { toast: false }), '已核验签名')
  }

  const sendBack = async (reason: string) => {
    if (!r || busy) return
    const ok = await confirmAction({ title: '退回这条记录？', content: '退回后检定员要按你写的原因修改，再从核验开始。', confirmText: '退回', danger: true })
    if (ok) void act(() => sendBackRecord(r.id, reason, r.version, { toast: false }), '已退回')
  }

  const approve = (input: ApproveInput) => {
    if (!r || busy) return
    void act(() => approveRecord(r.id, { ...input, version: r.version }, { toast: false }), '已批准，证书已签发')
  }

  const actions = r ? actionsFor(r, me) : null
  let footer = null
  if (r && actions) {
    const off = busy || !!actions.why
    let buttons = null
    if (actions.kind === 'check' || actions.kind === 'approve') {
      buttons = (
        <View className='record-detail__buttons'>
          <Button className={cx('qjt-btn qjt-btn--danger record-detail__back', { 'qjt-btn--disabled': off })} id='record-detail-sendback' disabled={off} onClick={() => open('sendBack')}>
            退回
          </Button>
          {actions.kind === 'check' ? (
            <Button className={cx('qjt-btn record-detail__main', { 'qjt-btn--disabled': off })} id='record-detail-check' disabled={off} onClick={() => void check()}>
              核验通过，签名
            </Button>
          ) : (
            <Button className={cx('qjt-btn record-detail__main', { 'qjt-btn--disabled': off })} id='record-detail-approve' disabled={off} onClick={() => open('approve')}>
              批准并签发
            </Button>
          )}
        </View>
      )
    } else if (actions.kind === 'own') {
      buttons = (
        <Button className='qjt-btn qjt-btn--plain' id='record-detail-edit' onClick={() => go(`${ROUTES.recordForm}?id=${r.id}`)}>
          修改检定数据
        </Button>
      )
    } else if (actions.kind === 'redo') {
      buttons = (
        <Button className='qjt-btn' id='record-detail-redo' onClick={() => go(`${ROUTES.recordForm}?id=${r.id}`)}>
          修改检定数据
        </Button>
      )
    } else if (actions.kind === 'done' && r.certificateNo) {
      const no = r.certificateNo
      buttons = (
        <Button className='qjt-btn' id='record-detail-certificate' onClick={() => go(`${ROUTES.certificateDetail}?no=${encodeURIComponent(no)}`)}>
          查看证书 {no}
        </Button>
      )
    }
    if (buttons || actions.why || refused) {
      footer = (
        <View>
          {refused && (
            <Text className='record-detail__refused' id='record-detail-refused'>
              {refused}
            </Text>
          )}
          {actions.why && !refused && (
            <Text className='record-detail__why' id='record-detail-why'>
              {actions.why}
            </Text>
          )}
          {buttons}
        </View>
      )
    }
  }

  return (
    <PageContainer
      id='record-detail'
      className={cx('record-detail', { 'record-detail--tall': !!footer && (!!actions?.why || !!refused) })}
      loading={detail.initialLoading}
      error={r ? null : detail.error}
      onRetry={() => void detail.reload()}
      footer={footer}
    >
      {r && (
        <>
          <View className='qjt-card' id='record-detail-head'>
            <View className='record-detail__head'>
              <Text className='record-detail__name'>{r.instrument.name}</Text>
              <RecordStatusTag status={r.status} id='record-detail-status' />
            </View>
            <Text className='record-detail__line'>器具编码 {r.instrument.code}</Text>
            <Text className='record-detail__line'>
              出厂编号 {r.instrument.serialNo} · {r.instrument.level2Name}
              {r.instrument.model ? ` · ${r.instrument.model}` : ''}
            </Text>
            <View className={cx('record-detail__conclusion', r.conclusion === 'pass' ? 'record-detail__conclusion--pass' : 'record-detail__conclusion--fail')} id='record-detail-conclusion'>
              <Text className='record-detail__conclusion-label'>检定结论</Text>
              <VerifyResultTag result={r.conclusion} />
            </View>
            {r.failures.length > 0 && (
              <View className='record-detail__failures' id='record-detail-failures'>
                {r.failures.map((f) => (
                  <Text key={f} className='record-detail__failure'>
                    · {f}
                  </Text>
                ))}
              </View>
            )}
            {r.status === 'sent_back' && r.sendBackReason && (
              <View className='record-detail__reason' id='record-detail-reason'>
                <Text className='record-detail__reason-label'>退回原因</Text>
                <Text>{r.sendBackReason}</Text>
              </View>
            )}
          </View>

          <View className='qjt-card'>
            <Text className='qjt-section-title'>检定数据</Text>
            <Text className='qjt-muted record-detail__note'>误差 = 示值 − 标称值，由系统计算</Text>
            <PointsTable points={r.points} id='record-detail-points' />
          </View>

          <View className='qjt-card' id='record-detail-signatures'>
            <Text className='qjt-section-title'>签名</Text>
            <Signatures verifier={r.verifier} checker={r.checker} approver={r.approver} idPrefix='record-detail' />
          </View>

          <View className='qjt-card'>
            <Text className='qjt-section-title'>检定信息</Text>
            <Fact label='送检单位'>
              <Text>{r.unitName}</Text>
            </Fact>
            <Fact label='预约编号'>
              <Text>{r.bookingNo}</Text>
            </Fact>
            <Fact label='检定规程'>
              <Text>{r.regulation}</Text>
            </Fact>
            <Fact label='检定日期' id='record-detail-date'>
              <Text>{r.verifiedAt}</Text>
            </Fact>
            <Fact label='检定地点'>
              <Text>{r.place}</Text>
            </Fact>
            <Fact label='环境条件'>
              <Text>{environmentText(r.environment)}</Text>
            </Fact>
            <Fact label='外观检查'>
              <Text>{r.inspection.passed ? '合格' : `不合格：${r.inspection.reason ?? ''}`}</Text>
            </Fact>
          </View>

          <View className='qjt-card'>
            <Text className='qjt-section-title'>计量标准器</Text>
            <StandardsList standards={r.standards} />
          </View>

          {r.history && r.history.length > 0 && (
            <View className='qjt-card' id='record-detail-history'>
              <Text className='qjt-section-title'>办理记录</Text>
              {r.history.map((h, i) => (
                <View key={i} className='record-detail__event'>
                  <View className='qjt-row'>
                    <Text className='record-detail__event-action'>{RECORD_ACTION_LABELS[h.action] ?? h.action}</Text>
                    <Text className='qjt-muted'>{h.by}</Text>
                  </View>
                  <Text className='qjt-muted'>{formatChinaDateTime(h.at)}</Text>
                  {h.note && <Text className='record-detail__event-note'>{h.note}</Text>}
                </View>
              ))}
            </View>
          )}

          {sheet === 'sendBack' && <ReasonSheet copy={SEND_BACK_COPY} busy={busy} serverError={sheetErrors.reason ?? null} onConfirm={(reason) => void sendBack(reason)} onClose={() => setSheet(null)} />}
          {sheet === 'approve' && <ApproveSheet record={r} busy={busy} serverErrors={sheetErrors} onConfirm={approve} onClose={() => setSheet(null)} />}
        </>
      )}
    </PageContainer>
  )
}

export default function RecordDetailPage() {
  const { params } = useRouter()
  const { status, me } = useSession()
  const id = params.id ?? ''
  if (status === 'signed_in' && me?.org?.type === 'institution') {
    if (!id) return <PageContainer id='record-detail' error={new ApiError({ status: 404, code: 'NOT_FOUND', message: '没有指定检定记录' })} />
    return <Detail key={`${me.id}:${id}`} id={id} me={me} />
  }
  if (status === 'signed_in' && me) {
    return (
      <PageContainer id='record-detail'>
        <View className='qjt-card' id='record-detail-not-institution'>
          <Text className='qjt-muted'>检定记录只有检定机构的人员可以查看。检定完成后，单位可以在“检定证书”里查看结果。</Text>
          <Button className='qjt-btn qjt-btn--plain qjt-gap-top' id='record-detail-to-certificates' onClick={() => go(ROUTES.certificates)}>
            查看检定证书
          </Button>
        </View>
      </PageContainer>
    )
  }
  return <PageContainer id='record-detail' requireLogin />
}
