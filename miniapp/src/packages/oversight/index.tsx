import { Button, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import {
  BOOKING_STATUS_LABELS,
  BOOKING_STATUSES,
  chinaToday,
  INSTRUMENT_STATUS_LABELS,
  INSTRUMENT_STATUSES,
  VERIFY_STATUS_LABELS,
  VERIFY_STATUSES,
  type MeView,
  type StatsOverview,
} from '@qjt/shared'
import { useCallback, useState } from 'react'
import ChoiceChips from '@/components/ChoiceChips'
import PageContainer from '@/components/PageContainer'
import { ROUTES } from '@/constants/routes'
import { useAsync, useRefreshOnShow } from '@/hooks/useAsync'
import { exportOverdue, getStatsOverview } from '@/services/api/stats'
import { errorMessage } from '@/services/errors'
import { hasRole, useSession } from '@/services/session'
import { cx } from '@/utils/cx'
import { toast } from '@/utils/feedback'
import { go } from '@/utils/nav'
import Bars, { Rate, type Bar } from './Bars'
import './index.scss'

/** The same colour per status word as the tags everywhere else. */
const INSTRUMENT_TONES = { new: 'primary', in_use: 'success', disabled: 'warning', scrapped: 'muted' } as const
const VERIFY_TONES = { unverified: 'muted', booked: 'primary', verifying: 'warning', verified: 'success' } as const
const BOOKING_TONES = { draft: 'muted', submitted: 'primary', accepted: 'info', returned: 'danger', in_progress: 'warning', completed: 'success', withdrawn: 'muted' } as const

function Figure({ label, value, tone, id }: { label: string; value: string; tone?: 'danger'; id: string }) {
  return (
    <View className={cx('oversight__figure', { 'oversight__figure--danger': tone === 'danger' })} id={id}>
      <Text className='oversight__figure-value'>{value}</Text>
      <Text className='oversight__figure-label'>{label}</Text>
    </View>
  )
}

const pct = (v: number | null) => (v === null ? '暂无' : `${Math.round(v * 1000) / 10}%`)

function Overview({ s }: { s: StatsOverview }) {
  const byStatus: Bar[] = INSTRUMENT_STATUSES.map((k) => ({ key: k, label: INSTRUMENT_STATUS_LABELS[k], value: s.instruments.byStatus[k] ?? 0, tone: INSTRUMENT_TONES[k] }))
  const byVerify: Bar[] = VERIFY_STATUSES.map((k) => ({ key: k, label: VERIFY_STATUS_LABELS[k], value: s.instruments.byVerifyStatus[k] ?? 0, tone: VERIFY_TONES[k] }))
  const bookings: Bar[] = BOOKING_STATUSES.filter((k) => k !== 'draft').map((k) => ({ key: k, label: BOOKING_STATUS_LABELS[k], value: s.bookings.byStatus[k] ?? 0, tone: BOOKING_TONES[k] }))
  const catalogue: Bar[] = s.byCatalogue.map((c) => ({ key: c.level1Code, label: c.level1Name, value: c.count, note: c.overdue ? `逾期 ${c.overdue}` : undefined, tone: c.overdue ? 'danger' : 'primary' }))

  return (
    <>
      <View className='oversight__figures'>
        <Figure label='在册器具' value={`${s.instruments.total}`} id='oversight-total' />
        <Figure label='逾期未检' value={`${s.instruments.overdue}`} tone={s.instruments.overdue ? 'danger' : undefined} id='oversight-overdue' />
        <Figure label='检定合格率' value={pct(s.passRate)} id='oversight-pass-rate' />
        <Figure label='按期检定率' value={pct(s.onTimeRate)} id='oversight-on-time-rate' />
      </View>

      {s.instruments.overdue > 0 && (
        <View className='oversight__alert' id='oversight-alert' onClick={() => go(ROUTES.overdue)}>
          <Text>
            有 {s.instruments.overdue} 台器具超过有效期未检定（计量法第九条：须停止使用）
          </Text>
          <Text className='oversight__alert-go'>查看 ›</Text>
        </View>
      )}

      <View className='qjt-card'>
        <Text className='qjt-section-title'>{s.year} 年检定情况</Text>
        <Rate label='检定合格率' value={s.passRate} basis={`全年检定 ${s.verifications} 台次中合格的比例`} id='oversight-rate-pass' />
        <Rate label='按期检定率' value={s.onTimeRate} basis='在有效期内（或首次）完成检定的比例' id='oversight-rate-on-time' />
      </View>

      <View className='qjt-card'>
        <Text className='qjt-section-title'>器具状态（共 {s.instruments.total} 台）</Text>
        <Bars rows={byStatus} unit='台' id='oversight-status' />
      </View>

      <View className='qjt-card'>
        <Text className='qjt-section-title'>检定状态</Text>
        <Bars rows={byVerify} unit='台' id='oversight-verify' />
      </View>

      <View className='qjt-card'>
        <Text className='qjt-section-title'>按目录（一级）</Text>
        <Bars rows={catalogue} unit='台' id='oversight-catalogue' />
      </View>

      <View className='qjt-card'>
        <Text className='qjt-section-title'>
          {s.year} 年预约（共 {s.bookings.total} 单）
        </Text>
        <Bars rows={bookings} unit='单' id='oversight-bookings' />
      </View>
    </>
  )
}

function Oversight({ me }: { me: MeView }) {
  const thisYear = Number(chinaToday().slice(0, 4))
  const years = [thisYear, thisYear - 1, thisYear - 2].map((y) => ({ value: String(y), label: `${y}年` }))
  const [year, setYear] = useState(String(thisYear))
  const [exporting, setExporting] = useState(false)
  const load = useCallback(() => getStatsOverview(Number(year), { toast: false }), [year])
  const stats = useAsync<StatsOverview>(load)
  useRefreshOnShow(() => void stats.reload())
  usePullDownRefresh(() => {
    void stats.reload().finally(() => Taro.stopPullDownRefresh())
  })

  const exportXlsx = async () => {
    if (exporting) return
    setExporting(true)
    try {
      const res = await exportOverdue('region')
      toast(`已导出 ${res.fileName}`, 'success')
    } catch (err) {
      toast(errorMessage(err))
    } finally {
      setExporting(false)
    }
  }

  const s = stats.data
  return (
    <PageContainer
      id='oversight'
      className='oversight'
      loading={stats.initialLoading}
      error={s ? null : stats.error}
      onRetry={() => void stats.reload()}
      footer={
        <View className='oversight__footer'>
          <Button className='qjt-btn qjt-btn--plain' id='oversight-export' disabled={exporting} onClick={() => void exportXlsx()}>
            {exporting ? '正在导出…' : '导出Excel'}
          </Button>
          <Button className='qjt-btn' id='oversight-to-overdue' onClick={() => go(ROUTES.overdue)}>
            逾期器具明细
          </Button>
        </View>
      }
    >
      <View className='oversight__head'>
        <Text className='oversight__region'>{s?.regionName ?? me.org?.name}</Text>
        <ChoiceChips id='oversight-year' options={years} value={year} onChange={(v) => v && setYear(v)} />
      </View>
      {stats.loading && s && <Text className='qjt-muted'>正在更新…</Text>}
      {s && <Overview s={s} />}
    </PageContainer>
  )
}

export default function OversightPage() {
  const { status, me } = useSession()
  if (status === 'signed_in' && me && hasRole(me, 'regulator')) return <Oversight key={me.id} me={me} />
  if (status === 'signed_in' && me) {
    return (
      <PageContainer id='oversight'>
        <View className='qjt-card' id='oversight-not-regulator'>
          <Text className='qjt-muted'>监管统计供市场监督管理部门的监管人员使用。</Text>
        </View>
      </PageContainer>
    )
  }
  return <PageContainer id='oversight' requireLogin />
}
