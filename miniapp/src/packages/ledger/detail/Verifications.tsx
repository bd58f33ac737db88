import { Text, View } from '@tarojs/components'
import { CERTIFICATE_TYPE_LABELS, formatChinaDateTime, type CertificateView, type InstrumentDetailView } from '@qjt/shared'
import { useCallback } from 'react'
import { CertificateExpiry } from '@/components/CertificateCard'
import { CertificateStatusTag, VerifyResultTag } from '@/components/StatusTag'
import { ROUTES } from '@/constants/routes'
import { useAsync } from '@/hooks/useAsync'
import { listCertificates } from '@/services/api/certificates'
import { go } from '@/utils/nav'

/** Enough for an instrument's whole life at one verification a year or two. */
const SHOWN = 20

const open = (no: string) => go(`${ROUTES.certificateDetail}?no=${encodeURIComponent(no)}`)

function CertificateRow({ c }: { c: CertificateView }) {
  return (
    <View className='ledger-detail__verification' id={`ledger-detail-cert-${c.no}`} hoverClass='ledger-detail__verification--pressed' onClick={() => open(c.no)}>
      <View className='qjt-row'>
        <View>
          <Text className='qjt-muted ledger-detail__cert-type'>{CERTIFICATE_TYPE_LABELS[c.type]}</Text>
          <Text className='ledger-detail__event-action'>{c.no}</Text>
        </View>
        <View className='ledger-detail__tags'>
          <VerifyResultTag result={c.conclusion} />
          <CertificateStatusTag status={c.status} />
        </View>
      </View>
      <Text className='qjt-muted'>
        检定于 {c.verifiedAt} · {c.institution.name}
      </Text>
      <View className='qjt-row'>
        <CertificateExpiry c={c} />
        <Text className='qjt-link ledger-detail__cert-open'>查看证书 ›</Text>
      </View>
    </View>
  )
}

/**
 * 检定记录: the instrument's certificates and notices, newest first, each opening its
 * certificate; the ledger's own list stands in while they load or when they cannot.
 */
export default function Verifications({ instrument }: { instrument: InstrumentDetailView }) {
  const load = useCallback(() => listCertificates({ instrumentId: instrument.id }, 1, SHOWN, { toast: false }), [instrument.id])
  const certs = useAsync(load)
  const items = certs.data?.items
  return (
    <View className='qjt-card' id='ledger-detail-verifications'>
      <Text className='qjt-section-title'>检定记录</Text>
      {items ? (
        items.length === 0 ? (
          <Text className='qjt-muted'>暂无检定记录</Text>
        ) : (
          items.map((c) => <CertificateRow key={c.no} c={c} />)
        )
      ) : instrument.verifications.length === 0 ? (
        <Text className='qjt-muted'>{certs.loading ? '正在加载检定记录…' : '暂无检定记录'}</Text>
      ) : (
        instrument.verifications.map((v) => (
          <View key={v.certificateNo} className='ledger-detail__verification' hoverClass='ledger-detail__verification--pressed' onClick={() => open(v.certificateNo)}>
            <View className='qjt-row'>
              <Text className='ledger-detail__event-action'>{v.certificateNo}</Text>
              <VerifyResultTag result={v.result} />
            </View>
            <Text className='qjt-muted'>
              {v.institutionName} · 检定于 {formatChinaDateTime(v.verifiedAt).slice(0, 10)}
              {v.validUntil ? ` · 有效期至 ${v.validUntil}` : ''}
            </Text>
          </View>
        ))
      )}
    </View>
  )
}
