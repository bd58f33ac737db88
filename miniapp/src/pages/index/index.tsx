import { Text, View } from '@tarojs/components'
import MessageEntry from '@/components/MessageEntry'
import PageContainer from '@/components/PageContainer'
import { ROUTES } from '@/constants/routes'
import { useTabBarState } from '@/hooks/useTabBarState'
import { hasRole, useSession } from '@/services/session'
import { go } from '@/utils/nav'
import ServiceGrid from '@/components/ServiceGrid'
import './index.scss'

/** The service hub behind the 你呼我应 entry. */
export default function HomePage() {
  useTabBarState()
  const { me } = useSession()
  return (
    <PageContainer id='home' className='home'>
      <View className='home__hero'>
        <Text className='home__name'>强检通</Text>
        <Text className='home__slogan'>强制检定计量器具 · 台账、预约、证书一站办理</Text>
      </View>

      <View className='home__consult' id='home-consult' hoverClass='home__consult--pressed' onClick={() => go(ROUTES.consult)}>
        <View>
          <Text className='home__consult-title'>我要咨询</Text>
          <Text className='home__consult-desc'>你呼我应 · 计量类咨询服务</Text>
        </View>
        <View className='home__consult-go'>
          <Text>去咨询</Text>
        </View>
      </View>

      {hasRole(me, 'regulator') && (
        <View className='qjt-card home__work' id='home-oversight' hoverClass='home__work--pressed' onClick={() => go(ROUTES.oversight)}>
          <View>
            <Text className='home__work-title'>监管统计</Text>
            <Text className='qjt-muted'>辖区器具、逾期未检、合格率与按期率</Text>
          </View>
          <View className='qjt-cell__arrow' />
        </View>
      )}

      <MessageEntry idPrefix='home' />

      <Text className='qjt-section-title'>计量服务</Text>
      <ServiceGrid idPrefix='home' />
    </PageContainer>
  )
}
