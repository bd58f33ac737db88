import { Button, View } from '@tarojs/components'
import Article, { type ArticleSection } from '@/components/Article'
import PageContainer from '@/components/PageContainer'
import { ROUTES } from '@/constants/routes'
import { go } from '@/utils/nav'

const SECTIONS: ArticleSection[] = [
  {
    id: 'what',
    title: '强检通能做什么',
    paragraphs: [
      '用于贸易结算、安全防护、医疗卫生、环境监测的计量器具（如电子计价秤、加油机、血压计、燃气表），国家规定必须定期强制检定，检定免费。',
      '强检通帮你的单位登记这些器具、按时预约检定、查看检定证书，并在到期前提醒你。',
    ],
  },
  {
    id: 'register',
    title: '第一步：注册单位',
    steps: [
      '打开“我的”，点击“注册单位”。',
      '填写单位名称、所在区县、详细地址、联系人和联系电话。有统一社会信用代码的请填写，没有的个体经营者可以不填。',
      '点击“提交注册”。注册成功后，你就是本单位的管理员。',
    ],
    paragraphs: ['填写一半离开也没关系，已填的内容会保留，下次打开接着填。'],
  },
  {
    id: 'invite',
    title: '第二步：邀请同事',
    steps: [
      '管理员在“我的 → 邀请同事”中选择有效期，点击“生成邀请码”。',
      '把 8 位邀请码或二维码发给同事。每个邀请码只能用一次。',
      '同事打开强检通，在“我的 → 加入单位”输入邀请码（或扫码），确认后即加入。',
      '不再需要的邀请码可以“作废”；同事离职时，在“成员管理”中移除。',
    ],
  },
  {
    id: 'ledger',
    title: '第三步：维护器具台账',
    badge: '即将上线',
    paragraphs: [
      '在“台账”中逐台登记器具：名称、类别、型号、出厂编号、使用地点、用途等，也可以用 Excel 模板批量导入。',
      '器具停用、报废时在台账中修改状态；检定后证书编号和有效期会自动写入台账。',
    ],
  },
  {
    id: 'booking',
    title: '第四步：预约检定',
    badge: '即将上线',
    paragraphs: [
      '在“预约”中选择要检定的器具并提交申请。系统按器具的使用地点和类别，自动交给负责的检定机构。',
      '检定机构受理后会告诉你检定日期和方式（送检或现场检定）；每一步都有微信消息通知。',
      '在此之前，需要检定的可以在“检定机构联系方式”中直接打电话预约。',
    ],
  },
  {
    id: 'certificates',
    title: '第五步：查看检定证书',
    badge: '即将上线',
    paragraphs: [
      '检定合格的器具会有检定证书，不合格的有检定结果通知书，都可以在强检通中查看、下载和转发。',
      '证书上的二维码任何人都能扫码验证真伪和有效期。器具过了有效期必须停止使用，直到重新检定合格。',
    ],
  },
  {
    id: 'help',
    title: '遇到问题',
    paragraphs: [
      '先看“常见问题”；也可以在“检定机构联系方式”中找到当地检定机构，一键拨打电话。',
      '看不清字时，在“我的”中打开“大字模式”。',
    ],
  },
]

export default function ManualPage() {
  return (
    <PageContainer id='manual'>
      <Article
        title='强检通使用手册'
        intro='写给器具使用单位：从注册到拿到检定证书，一步步怎么做。'
        sections={SECTIONS}
        footer={
          <View className='qjt-card'>
            <Button className='qjt-btn' id='manual-go-register' onClick={() => go(ROUTES.mine)}>
              去“我的”注册或加入单位
            </Button>
            <Button className='qjt-btn qjt-btn--plain' id='manual-go-faq' onClick={() => go(ROUTES.faq)}>
              查看常见问题
            </Button>
          </View>
        }
      />
    </PageContainer>
  )
}
