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
    steps: [
      '打开“台账”，点击“新增器具”，逐台登记：名称、一级/二级目录、型号、出厂编号、使用地点、用途等。',
      '同一型号的器具很多时（如摊位用的电子秤），用“批量新增”一次登记多台，出厂编号按规律自动编排。',
      '器具多的单位可以“导入”：先下载模板，按模板填好 Excel 再上传，出错的行会逐行说明原因；同一个文件再传一次不会重复登记。',
      '器具停用、报废时在详情页修改状态；每次修改都有记录可查。',
    ],
    paragraphs: ['检定后，检定机构、证书编号和有效期至会自动写入台账；过了有效期的器具会标红。'],
  },
  {
    id: 'booking',
    title: '第四步：预约检定',
    steps: [
      '打开“预约”，新建预约单，点击“选择器具”勾选要检定的器具（停用、报废或已在预约中的器具不能选）。',
      '点击“提交申请”。系统按器具的使用地点和类别，自动交给负责的检定机构；允许接收微信消息，受理结果会第一时间通知你。',
      '检定机构受理后，预约单上会显示检定日期、检定方式（送检或现场检定）、机构地址和电话，点电话可直接拨打。',
      '被退回的预约单按退回原因修改后可以重新提交；检定机构受理前可以撤销。',
    ],
  },
  {
    id: 'certificates',
    title: '第五步：查看检定证书',
    steps: [
      '检定完成后，在“我的 → 我的证书”查看：合格的器具有检定证书，不合格的有检定结果通知书。',
      '在证书详情点击“查看PDF”可以下载、转发。',
      '证书上的二维码任何人都能扫码，查验真伪、是否在有效期内、是否已撤销。',
    ],
    paragraphs: ['有效期至前 30 天、7 天、1 天和过期当天，强检通会发微信消息提醒你及时预约。器具过了有效期必须停止使用，直到重新检定合格。'],
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
