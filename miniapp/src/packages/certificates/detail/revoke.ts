import { CertificateRevokeSchema } from '@qjt/shared'
import type { ReasonCopy } from '@/components/ReasonSheet'

/** 撤销: the reason is required and kept with the certificate; the public check shows 已撤销. */
export const REVOKE_COPY: ReasonCopy = {
  idPrefix: 'cert-revoke',
  title: '撤销证书',
  label: '撤销原因',
  hint: '原因随证书保存，单位可以看到。',
  placeholder: '例如：检定数据录入错误，将重新检定',
  note: '撤销后扫码查验显示“已撤销”，单位的台账不再以这份证书为准。撤销不能恢复。',
  confirm: '撤销证书',
  confirming: '正在撤销…',
  schema: CertificateRevokeSchema.shape.reason,
}
