import {
  CertificateListQuerySchema,
  CertificateNoParamsSchema,
  CertificateRevokeSchema,
  PublicLookupQuerySchema,
} from '@qjt/shared'
import { defineRoute } from '../../core/route'

export const certificateRoutes = [
  defineRoute({
    method: 'get',
    path: '/certificates',
    summary: '证书列表：单位看本单位的，检定机构看本机构出具的（按证书编号、器具、状态筛选，最新在前）',
    tag: 'certificates',
    access: 'certificate.read',
    query: CertificateListQuerySchema,
    handler: ({ actor, query, services }) => services.certificates.list(actor, query),
  }),
  defineRoute({
    method: 'get',
    path: '/certificates/:no',
    summary: '证书详情（含二维码地址 verifyUrl 与扫码查验次数）；仅本单位与出具机构可见',
    tag: 'certificates',
    access: 'certificate.read',
    params: CertificateNoParamsSchema,
    handler: ({ actor, params, services }) => services.certificates.view(actor, params.no),
  }),
  defineRoute({
    method: 'get',
    path: '/certificates/:no/pdf',
    summary: '下载证书 PDF（检定证书或检定结果通知书，A4，含二维码）',
    tag: 'certificates',
    access: 'certificate.read',
    params: CertificateNoParamsSchema,
    response: { description: '证书 PDF', contentType: 'application/pdf' },
    handler: async ({ actor, params, services }, ctx) => {
      const { pdf, name, fallback } = await services.certificates.pdf(actor, params.no)
      ctx.attachment(name, { fallback })
      ctx.type = 'application/pdf'
      ctx.set('Cache-Control', 'private, no-store')
      ctx.body = pdf
    },
  }),
  defineRoute({
    method: 'post',
    path: '/certificates/:no/revoke',
    summary: '撤销证书（出具机构的批准人；须填写原因；扫码查验随即显示已撤销）',
    tag: 'certificates',
    access: 'certificate.revoke',
    params: CertificateNoParamsSchema,
    body: CertificateRevokeSchema,
    handler: ({ actor, params, body, services }) => services.certificates.revoke(actor, params.no, body),
  }),
  defineRoute({
    method: 'get',
    path: '/public/certificates/:no',
    summary: '扫码查验证书（无需登录，按来源地址限流）：签名正确时返回关键信息与状态，否则只返回 genuine: false',
    tag: 'certificates',
    access: 'public',
    params: CertificateNoParamsSchema,
    query: PublicLookupQuerySchema,
    handler: async ({ params, query, services }, ctx) => {
      ctx.set('Cache-Control', 'no-store')
      return services.certificates.check(params.no, query.sig, ctx.ip)
    },
  }),
]
