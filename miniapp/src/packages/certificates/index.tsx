import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { CERTIFICATE_STATUS_LABELS, CERTIFICATE_STATUSES, type CertificateStatus, type MeView } from '@qjt/shared'
import { useCallback, useState } from 'react'
import CertificateCard from '@/components/CertificateCard'
import ChipBar from '@/components/ChipBar'
import ListFooter from '@/components/ListFooter'
import OrgActions from '@/components/OrgActions'
import PageContainer from '@/components/PageContainer'
import { ROUTES } from '@/constants/routes'
import { useRefreshOnShow } from '@/hooks/useAsync'
import { usePagedList } from '@/hooks/usePagedList'
import { listCertificates, type CertificateFilters } from '@/services/api/certificates'
import { errorMessage } from '@/services/errors'
import { useSession } from '@/services/session'
import { go } from '@/utils/nav'
import './index.scss'

const PAGE_SIZE = 10

const STATUS_CHIPS: { value: CertificateStatus | ''; label: string }[] = [
  { value: '', label: '全部' },
  ...CERTIFICATE_STATUSES.map((s) => ({ value: s, label: CERTIFICATE_STATUS_LABELS[s] })),
]

function List({ me }: { me: MeView }) {
  const [filters, setFilters] = useState<CertificateFilters>({})
  const [noText, setNoText] = useState('')
  const institution = me.org?.type === 'institution'
  const fetchPage = useCallback((page: number) => listCertificates(filters, page, PAGE_SIZE, { toast: false }), [filters])
  const list = usePagedList(fetchPage)
  useRefreshOnShow(() => void list.reload())
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh())
  })
  const filtered = !!filters.no || !!filters.status
  const search = (text: string) => setFilters((f) => ({ ...f, no: text.trim() || undefined }))

  return (
    <PageContainer
      id='certificates'
      className='certificates'
      loading={list.initialLoading}
      error={list.loaded ? null : list.error}
      onRetry={() => void list.reload()}
      empty={
        list.loaded && list.total === 0 && !filtered
          ? institution
            ? { message: '还没有签发的证书。记录经核验、批准后签发，会出现在这里。' }
            : { message: '还没有检定证书。预约检定并完成后，证书会出现在这里。', actionText: '去预约检定', onAction: () => go(ROUTES.bookings) }
          : null
      }
    >
      <View className='certificates__search'>
        <Input
          className='qjt-input certificates__input'
          id='certificates-search-input'
          value={noText}
          confirmType='search'
          maxlength={40}
          placeholder='输入证书编号查找'
          placeholderClass='qjt-input-placeholder'
          onInput={(e) => setNoText(e.detail.value)}
          onConfirm={(e) => search(e.detail.value)}
        />
        <Button className='qjt-btn qjt-btn--small certificates__btn' id='certificates-search-submit' onClick={() => search(noText)}>
          搜索
        </Button>
      </View>

      <ChipBar
        id='certificates-status'
        large
        options={STATUS_CHIPS.map((s) => ({
          id: `certificates-status-${s.value || 'all'}`,
          label: s.label,
          on: (filters.status ?? '') === s.value,
          plain: !s.value,
          onPick: () => setFilters((f) => ({ ...f, status: s.value || undefined })),
        }))}
      />

      <Text className='qjt-muted certificates__total' id='certificates-total'>
        {list.loading ? '正在查询…' : filtered ? `找到 ${list.total} 份证书` : `共 ${list.total} 份证书`}
      </Text>

      {list.error && list.loaded ? (
        <View className='qjt-card certificates__state' id='certificates-list-error'>
          <Text>{errorMessage(list.error)}</Text>
          <Button className='qjt-btn qjt-btn--plain qjt-btn--small' id='certificates-list-retry' onClick={() => void list.reload()}>
            重试
          </Button>
        </View>
      ) : null}

      {list.loaded && list.items.length === 0 && filtered && (
        <View className='qjt-card certificates__state' id='certificates-no-match'>
          <Text>没有符合条件的证书</Text>
          <Button
            className='qjt-btn qjt-btn--plain qjt-gap-top'
            id='certificates-clear'
            onClick={() => {
              setNoText('')
              setFilters({})
            }}
          >
            清除搜索和筛选
          </Button>
        </View>
      )}

      {list.items.map((c) => (
        <CertificateCard key={c.no} id={`certificate-card-${c.no}`} c={c} showUnit={institution} onClick={() => go(`${ROUTES.certificateDetail}?no=${encodeURIComponent(c.no)}`)} />
      ))}
      {list.items.length > 0 && (
        <ListFooter id='certificates-more' hasMore={list.hasMore} loadingMore={list.loadingMore} total={list.total} unit='份证书' onMore={() => void list.loadMore()} />
      )}
    </PageContainer>
  )
}

export default function CertificatesPage() {
  const { status, me } = useSession()
  if (status === 'signed_in' && me?.org && (me.org.type === 'unit' || me.org.type === 'institution')) {
    return <List key={me.id} me={me} />
  }
  if (status === 'signed_in' && me) {
    return (
      <PageContainer id='certificates'>
        {me.org ? (
          <View className='qjt-card' id='certificates-not-unit'>
            <Text className='qjt-muted'>检定证书属于送检单位和签发的检定机构。要查验一份证书，请扫描证书上的二维码。</Text>
          </View>
        ) : (
          <OrgActions idPrefix='certificates' intro='检定证书属于单位：请先注册单位，或用同事给的邀请码加入单位。' />
        )}
      </PageContainer>
    )
  }
  return <PageContainer id='certificates' requireLogin />
}
