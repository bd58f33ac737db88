import { Button, Text, View } from '@tarojs/components'
import PageContainer from '@/components/PageContainer'
import StatusTag from '@/components/StatusTag'
import { ROUTES } from '@/constants/routes'
import { go } from '@/utils/nav'
import './index.scss'

/** Not built yet: say so, and hand over to what already answers questions. */
export default function AssistantPage() {
  return (
    <PageContainer id='assistant' className='assistant'>
      <View className='qjt-card'>
        <View className='qjt-row'>
          <Text className='assistant__title'>智能问答正在建设中</Text>
          <StatusTag text='建设中' tone='warning' />
        </View>
        <Text className='assistant__text'>
          上线后，你可以直接用文字提问，例如“电子秤多久检定一次”，系统会根据常见问题和强制检定的规定回答，并注明依据。
        </Text>
        <Text className='assistant__text'>现在可以：</Text>
        <Button className='qjt-btn' id='assistant-faq' onClick={() => go(ROUTES.faq)}>
          查看常见问题
        </Button>
        <Button className='qjt-btn qjt-btn--plain' id='assistant-institutions' onClick={() => go(ROUTES.institutions)}>
          拨打检定机构电话
        </Button>
      </View>
    </PageContainer>
  )
}
