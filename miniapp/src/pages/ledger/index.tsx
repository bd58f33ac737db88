import ComingSoon from '@/components/ComingSoon'
import PageContainer from '@/components/PageContainer'

export default function LedgerPage() {
  return (
    <PageContainer id='ledger'>
      <ComingSoon
        idPrefix='ledger'
        title='强检器具台账'
        summary='台账用来登记单位在用的强制检定计量器具（如电子计价秤、加油机、血压计），记录每台器具的检定情况。这项功能正在开发，即将上线。'
        points={[
          '新增、复制、修改器具，按名称、器具编码、证书编号查询',
          '停用、启用、报废器具，器具状态一目了然',
          '用 Excel 模板批量导入，导出台账',
          '有效期到期前 30 天、7 天、1 天提醒送检',
        ]}
      />
    </PageContainer>
  )
}
