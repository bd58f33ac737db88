import { Button, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import PageContainer from '@/components/PageContainer'
import ServiceGrid from '@/components/ServiceGrid'
import { ROUTES } from '@/constants/routes'
import { go } from '@/utils/nav'
import './index.scss'

const SYSTEM = '中国电子质量监督(e-CQS)系统'
const CATEGORY = '计量类'

type Step = 'system' | 'category' | 'services'

function Choice({ id, title, desc, onClick }: { id: string; title: string; desc: string; onClick: () => void }) {
  return (
    <View className='consult__choice' id={id} hoverClass='consult__choice--pressed' onClick={onClick}>
      <View>
        <Text className='consult__choice-title'>{title}</Text>
        <Text className='consult__choice-desc'>{desc}</Text>
      </View>
      <View className='qjt-cell__arrow' />
    </View>
  )
}

function Trail({ step }: { step: Step }) {
  const parts = ['我要咨询', step !== 'system' && 'e-CQS系统', step === 'services' && CATEGORY].filter(Boolean)
  return <Text className='consult__trail'>{parts.join(' › ')}</Text>
}

/**
 * 你呼我应: 选择系统 → 选择类别 → the 计量类 services. Each step is its own page in the stack,
 * so the back button goes back one step.
 */
export default function ConsultPage() {
  const { params } = useRouter()
  const step: Step = params.step === 'category' || params.step === 'services' ? params.step : 'system'

  return (
    <PageContainer id='consult' className='consult'>
      <Trail step={step} />
      {step === 'system' && (
        <>
          <Text className='consult__heading'>请选择系统</Text>
          <Choice
            id='consult-system-ecqs'
            title={SYSTEM}
            desc='计量、特种设备、产品质量等监督服务'
            onClick={() => go(`${ROUTES.consult}?step=category`)}
          />
        </>
      )}
      {step === 'category' && (
        <>
          <Text className='consult__heading'>请选择类别</Text>
          <Choice
            id='consult-category-metrology'
            title={CATEGORY}
            desc='强制检定、计量器具台账、预约检定、检定机构'
            onClick={() => go(`${ROUTES.consult}?step=services`)}
          />
        </>
      )}
      {step === 'services' && (
        <>
          <Text className='consult__heading'>计量类服务</Text>
          <ServiceGrid idPrefix='consult' />
          <View className='qjt-card'>
            <Text className='consult__human-title'>人工咨询</Text>
            <Text className='qjt-muted consult__human-text'>
              在线人工咨询即将上线。现在有问题，可以先看常见问题，或直接拨打当地检定机构的电话。
            </Text>
            <Button className='qjt-btn qjt-btn--plain' id='consult-call' onClick={() => go(ROUTES.institutions)}>
              查看检定机构电话
            </Button>
          </View>
        </>
      )}
    </PageContainer>
  )
}
