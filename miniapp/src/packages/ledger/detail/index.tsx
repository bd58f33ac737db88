import { Button, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { INSTRUMENT_FIELD_LABELS as L, type InstrumentDetailView } from '@qjt/shared'
import { useCallback, useEffect, useState } from 'react'
import { catalogueLabel } from '@/components/CataloguePicker'
import ExpiryText from '@/components/ExpiryText'
import OrgActions from '@/components/OrgActions'
import PageContainer from '@/components/PageContainer'
import { InstrumentStatusTag, VerifyResultTag, VerifyStatusTag } from '@/components/StatusTag'
import { ROUTES } from '@/constants/routes'
import { useAsync, useRefreshOnShow } from '@/hooks/useAsync'
import { batchInstruments, deleteInstrument, getInstrument } from '@/services/api/instruments'
import { ApiError } from '@/services/errors'
import { useSession } from '@/services/session'
import { askSubscribe, prefetchSubscribeTemplates } from '@/services/subscribe'
import { cx } from '@/utils/cx'
import { confirmAction, toast } from '@/utils/feedback'
import { back, go } from '@/utils/nav'
import { isWeapp } from '@/utils/platform'
import { displayValue } from '../shared/labels'
import { Timeline, useCatalogueNames } from './History'
import Verifications from './Verifications'
import './index.scss'

function Fact({ label, value, id }: { label: string; value: string | null | undefined; id?: string }) {
  return (
    <View className='ledger-detail__fact' id={id}>
      <Text className='ledger-detail__fact-label'>{label}</Text>
      <Text className='ledger-detail__fact-value'>{value || '—'}</Text>
    </View>
  )
}

function Detail({ id }: { id: string }) {
  const load = useCallback(() => getInstrument(id, { toast: false }), [id])
  const detail = useAsync<InstrumentDetailView>(load, !!id)
  const [busy, setBusy] = useState(false)
  useRefreshOnShow(() => void detail.reload())
  usePullDownRefresh(() => {
    void detail.reload().finally(() => Taro.stopPullDownRefresh())
  })
  const names = useCatalogueNames(detail.data?.audit)
  const i = detail.data
  useEffect(prefetchSubscribeTemplates, [])

  // A subscribe grant is good for one message: each tap allows one reminder (7 天, 1 天 or 逾期).
  const subscribe = async () => {
    const accepted = await askSubscribe('atLedger')
    if (accepted === null) toast('微信提醒暂不可用')
    else if (accepted > 0) toast('已开启：到期前会用微信消息提醒你一次', 'success')
    else toast('没有开启微信提醒，到期提醒仍会出现在消息里')
  }

  const run = async (action: 'disable' | 'enable' | 'scrap') => {
    if (!i || busy) return
    const word = { disable: '停用', enable: '启用', scrap: '报废' }[action]
    if (action !== 'enable') {
      const ok = await confirmAction({
        title: `${word}这台器具？`,
        content: action === 'scrap' ? '报废不能撤销：报废后不能再修改、启用或预约检定。' : '停用后不能预约检定，需要时可以再启用。',
        confirmText: word,
        danger: action === 'scrap',
      })
      if (!ok) return
    }
    setBusy(true)
    try {
      const res = await batchInstruments({ action, ids: [i.id] })
      const refused = res.refused[0]
      if (refused) toast(refused.message)
      else toast(`已${word}`, 'success')
      await detail.reload()
    } catch {
      // The request client has already said why.
    } finally {
      setBusy(false)
    }
  }

  const remove = async () => {
    if (!i || busy) return
    const ok = await confirmAction({
      title: '删除这台器具？',
      content: '删除后这台器具连同修改记录一并删除，不能恢复。',
      confirmText: '删除',
      danger: true,
    })
    if (!ok) return
    setBusy(true)
    try {
      await deleteInstrument(i.id)
      toast('已删除', 'success')
      setTimeout(() => back(ROUTES.ledger), 700)
    } catch {
      // The request client has already said why.
    } finally {
      setBusy(false)
    }
  }

  const inBooking = !!i?.openBookingId
  const scrapped = i?.status === 'scrapped'
  const bookingReason = '器具在未完成的预约中，预约完成后才能进行此操作'

  return (
    <PageContainer
      id='ledger-detail'
      className='ledger-detail'
      loading={detail.initialLoading}
      error={i ? null : detail.error}
      onRetry={() => void detail.reload()}
      footer={
        i ? (
          <View className='ledger-detail__footer'>
            <Button
              className={cx('qjt-btn', { 'qjt-btn--disabled': scrapped })}
              id='ledger-detail-edit'
              disabled={scrapped}
              onClick={() => go(`${ROUTES.instrumentForm}?mode=edit&id=${i.id}`)}
            >
              修改
            </Button>
            <Button className='qjt-btn qjt-btn--plain' id='ledger-detail-copy' onClick={() => go(`${ROUTES.instrumentForm}?mode=copy&id=${i.id}`)}>
              复制
            </Button>
          </View>
        ) : undefined
      }
    >
      {i && (
        <>
          <View className='qjt-card' id='ledger-detail-head'>
            <View className='ledger-detail__head'>
              <Text className='ledger-detail__name'>{i.name}</Text>
              <View className='ledger-detail__tags'>
                <InstrumentStatusTag status={i.status} />
                <VerifyStatusTag status={i.verifyStatus} />
                {i.verifyResult && <VerifyResultTag result={i.verifyResult} />}
              </View>
            </View>
            <Text className='qjt-muted ledger-detail__code'>器具编码 {i.code}</Text>
            <ExpiryText validUntil={i.validUntil} overdue={i.overdue} large id='ledger-detail-expiry' />
            {isWeapp && i.validUntil && !scrapped && (
              <View className='ledger-detail__remind'>
                <Text className='qjt-muted'>有效期至前用微信消息提醒你，以免逾期。</Text>
                <Button className='qjt-btn qjt-btn--plain qjt-btn--small' id='ledger-detail-subscribe' onClick={() => void subscribe()}>
                  接收到期提醒
                </Button>
              </View>
            )}
            {scrapped && <Text className='ledger-detail__why'>器具已报废，不能再修改、启用或预约。</Text>}
            {inBooking && <Text className='ledger-detail__why'>器具在未完成的预约中：预约完成前不能报废、删除，也不能修改目录和使用地点。</Text>}
          </View>

          <View className='qjt-card'>
            <Text className='qjt-section-title'>器具信息</Text>
            <Fact label={L.name} value={i.name} />
            <Fact label={L.kind} value={displayValue('kind', i.kind)} />
            <Fact label={L.level1Code} value={i.level1Name} />
            <Fact label={L.level2Code} value={catalogueLabel({ level2Name: i.level2Name, level2Code: i.level2Code })} />
            <Fact label={L.model} value={i.model} />
            <Fact label={L.range} value={i.range} />
            <Fact label={L.accuracyClass} value={i.accuracyClass} />
            <Fact label={L.serialNo} value={i.serialNo} />
            <Fact label={L.manufacturer} value={i.manufacturer} />
            <Fact label={L.origin} value={displayValue('origin', i.origin)} />
            <Fact label={L.quantity} value={`${i.quantity}`} />
            <Fact label={L.purchasedAt} value={i.purchasedAt} />
          </View>

          <View className='qjt-card'>
            <Text className='qjt-section-title'>使用信息</Text>
            <Fact label={L.usage} value={displayValue('usage', i.usage)} />
            <Fact label={L.regionCode} value={i.regionName} />
            <Fact label={L.location} value={i.location} />
            <Fact label={L.deliveryMode} value={displayValue('deliveryMode', i.deliveryMode)} />
          </View>

          <View className='qjt-card'>
            <Text className='qjt-section-title'>检定信息</Text>
            <Fact label={L.validUntil} value={i.validUntil} />
            <Fact label={L.institutionName} value={i.institutionName} />
            <Fact label={L.certificateNo} value={i.certificateNo} />
            <Fact label={L.verifyStatus} value={displayValue('verifyStatus', i.verifyStatus)} />
            <Fact label={L.verifyResult} value={i.verifyResult ? displayValue('verifyResult', i.verifyResult) : '—'} />
          </View>

          <Verifications instrument={i} />

          <View className='qjt-card'>
            <Text className='qjt-section-title'>修改记录</Text>
            <Timeline entries={i.audit} names={names} />
          </View>

          <View className='qjt-card' id='ledger-detail-actions'>
            <Text className='qjt-section-title'>器具状态</Text>
            {(i.status === 'disabled' || i.status === 'new') && (
              <Action id='ledger-detail-enable' text='启用' hint='启用后器具为“在用”，可以预约检定。' busy={busy} reason={null} onClick={() => void run('enable')} />
            )}
            {i.status !== 'disabled' && (
              <Action
                id='ledger-detail-disable'
                text='停用'
                hint='暂时不用的器具停用后不能预约，需要时可以再启用。'
                busy={busy}
                reason={scrapped ? '器具已报废，不能再停用或启用' : null}
                onClick={() => void run('disable')}
              />
            )}
            <Action
              id='ledger-detail-scrap'
              text='报废'
              danger
              hint='失准或不再使用的器具报废。报废不能撤销。'
              busy={busy}
              reason={scrapped ? '器具已报废' : inBooking ? bookingReason : null}
              onClick={() => void run('scrap')}
            />
            <Action
              id='ledger-detail-delete'
              text='删除'
              danger
              hint='登记错了才删除：删除后连同修改记录一并删除。'
              busy={busy}
              reason={inBooking ? bookingReason : null}
              onClick={() => void remove()}
            />
          </View>
        </>
      )}
    </PageContainer>
  )
}

function Action(p: { id: string; text: string; hint: string; reason: string | null; busy: boolean; danger?: boolean; onClick: () => void }) {
  const off = !!p.reason || p.busy
  return (
    <View className='ledger-detail__action'>
      <Button
        className={cx('qjt-btn', p.danger ? 'qjt-btn--danger' : 'qjt-btn--plain', { 'qjt-btn--disabled': off })}
        id={p.id}
        disabled={off}
        onClick={p.onClick}
      >
        {p.text}
      </Button>
      <Text className={cx('ledger-detail__action-hint', { 'ledger-detail__action-hint--why': !!p.reason })} id={`${p.id}-hint`}>
        {p.reason ?? p.hint}
      </Text>
    </View>
  )
}

export default function DetailPage() {
  const { params } = useRouter()
  const { status, me } = useSession()
  const id = params.id ?? ''
  if (status === 'signed_in' && me?.org) {
    if (!id) {
      return <PageContainer id='ledger-detail' error={new ApiError({ status: 404, code: 'INSTRUMENT_NOT_FOUND', message: '没有指定器具' })} />
    }
    return <Detail id={id} />
  }
  if (status === 'signed_in' && me) {
    return (
      <PageContainer id='ledger-detail'>
        <OrgActions idPrefix='ledger-detail' />
      </PageContainer>
    )
  }
  return <PageContainer id='ledger-detail' requireLogin />
}
