import { Button, Text, View } from '@tarojs/components'
import ComingSoon from '@/components/ComingSoon'
import PageContainer from '@/components/PageContainer'
import { ROUTES } from '@/constants/routes'
import { go } from '@/utils/nav'

export default function BookingsPage() {
  return (
    <PageContainer id='bookings'>
      <ComingSoon
        idPrefix='bookings'
        title='强检器具预约申请'
        summary='从台账里选择要检定的器具，提交预约申请，系统按器具的使用地点和类别分配检定机构。这项功能正在开发，即将上线。'
        points={[
          '选择器具，暂存或提交预约单',
          '查看受理、检定进度，被退回时修改后重新提交',
          '检定完成后查看、下载检定证书',
          '每一步都有微信消息通知',
        ]}
        extra={
          <View className='qjt-card'>
            <Text className='qjt-muted'>现在需要检定器具，可以先直接联系当地的检定机构。</Text>
            <Button className='qjt-btn qjt-btn--plain qjt-gap-top' id='btn-bookings-institutions' onClick={() => go(ROUTES.institutions)}>
              查看检定机构电话
            </Button>
          </View>
        }
      />
    </PageContainer>
  )
}
