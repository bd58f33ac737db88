import { Text, View } from '@tarojs/components'
import { ROUTES } from '@/constants/routes'
import { go } from '@/utils/nav'
import { scanCertificate } from '@/utils/verifyLink'
import './index.scss'

interface Service {
  id: string
  /** One character in a badge stands in for an icon: readable, and no image to download. */
  mark: string
  title: string
  desc: string
  url?: string
  onTap?: () => void
}

const SERVICES: Service[] = [
  { id: 'ledger', mark: '账', title: '强检器具台账维护', desc: '登记在用的器具', url: ROUTES.ledger },
  { id: 'booking', mark: '约', title: '强检器具预约申请', desc: '申请上门或送检', url: ROUTES.bookings },
  { id: 'assistant', mark: '问', title: '智能问答', desc: '问强检相关问题', url: ROUTES.assistant },
  { id: 'faq', mark: '答', title: '常见问题', desc: '政策与办理答疑', url: ROUTES.faq },
  { id: 'manual', mark: '册', title: '用户手册', desc: '一步步教你使用', url: ROUTES.manual },
  { id: 'certificates', mark: '证', title: '检定证书', desc: '查看、下载证书', url: ROUTES.certificates },
  { id: 'scan', mark: '验', title: '证书查验', desc: '扫码辨别真伪', onTap: () => void scanCertificate() },
  { id: 'institutions', mark: '电', title: '检定机构联系方式', desc: '地址电话一键拨打', url: ROUTES.institutions },
]

/** The 计量类 services, on 首页 and at the end of the consult flow. */
export default function ServiceGrid({ idPrefix }: { idPrefix: string }) {
  return (
    <View className='service-grid'>
      {SERVICES.map((s) => (
        <View key={s.id} id={`${idPrefix}-${s.id}`} className='service-grid__item' hoverClass='service-grid__item--pressed' onClick={() => (s.onTap ? s.onTap() : s.url && go(s.url))}>
          <Text className='service-grid__mark'>{s.mark}</Text>
          <Text className='service-grid__title'>{s.title}</Text>
          <Text className='service-grid__desc'>{s.desc}</Text>
        </View>
      ))}
    </View>
  )
}
