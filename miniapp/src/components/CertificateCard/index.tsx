import { Text, View } from '@tarojs/components'
import { CERTIFICATE_STATUS_LABELS, CERTIFICATE_TYPE_LABELS, type CertificateView } from '@qjt/shared'
import ExpiryText from '@/components/ExpiryText'
import { CertificateStatusTag, VerifyResultTag } from '@/components/StatusTag'
import './index.scss'

/**
 * 有效期至 with its urgency while the certificate stands; a revoked or replaced one says so
 * instead, and a 检定结果通知书 has no 有效期至 at all.
 */
export function CertificateExpiry({ c, large }: { c: Pick<CertificateView, 'type' | 'status' | 'validUntil'>; large?: boolean }) {
  if (c.type === 'notice') return <Text className='cert-card__notice'>器具不合格：须修理或更换后重新检定</Text>
  if (c.status === 'valid' || c.status === 'expired') return <ExpiryText validUntil={c.validUntil} overdue={c.status === 'expired'} large={large} plainValid />
  return (
    <Text className='cert-card__facts'>
      有效期至 {c.validUntil ?? '—'}（{CERTIFICATE_STATUS_LABELS[c.status]}，不再有效）
    </Text>
  )
}

/** One certificate: its number, the instrument, the conclusion and 有效期至 with its urgency. */
export default function CertificateCard({ c, id, showUnit, onClick }: { c: CertificateView; id: string; showUnit: boolean; onClick: () => void }) {
  return (
    <View className='qjt-card cert-card' id={id} hoverClass='cert-card--pressed' onClick={onClick}>
      <View className='cert-card__main'>
        <View className='cert-card__head'>
          <View>
            <Text className='cert-card__type'>{CERTIFICATE_TYPE_LABELS[c.type]}</Text>
            <Text className='cert-card__no'>{c.no}</Text>
          </View>
          <CertificateStatusTag status={c.status} />
        </View>
        <View className='cert-card__instrument'>
          <Text className='cert-card__name'>{c.instrument.name}</Text>
          <VerifyResultTag result={c.conclusion} />
        </View>
        <Text className='cert-card__facts'>
          出厂编号 {c.instrument.serialNo} · {c.instrument.level2Name}
        </Text>
        {showUnit && <Text className='cert-card__facts'>送检单位 {c.unit.name}</Text>}
        <Text className='cert-card__facts'>
          检定于 {c.verifiedAt} · {c.institution.name}
        </Text>
        <CertificateExpiry c={c} />
      </View>
      <View className='qjt-cell__arrow' />
    </View>
  )
}

