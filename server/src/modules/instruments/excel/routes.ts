import { PassThrough } from 'node:stream'
import { z } from 'zod'
import { InstrumentListQuerySchema } from '@qjt/shared'
import { defineRoute } from '../../../core/route'
import { exportFileName, exportLedger } from './export'
import { importLedger } from './import'
import { buildImportTemplate } from './template'
import { receiveUpload } from './upload'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/**
 * The list's filters without paging. zod refuses `.omit()` on the list's schema because it
 * carries a refinement, so the filters are taken from its shape and the refinement is repeated.
 */
const { page: _page, pageSize: _pageSize, ...filterShape } = InstrumentListQuerySchema.shape
export const LedgerExportQuerySchema = z.strictObject(filterShape).refine((q) => !q.validFrom || !q.validTo || q.validFrom <= q.validTo, {
  error: '有效期起不能晚于有效期止',
  path: ['validTo'],
})

const ImportReportSchema = z.object({
  created: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  failed: z.array(z.object({ row: z.number().int(), errors: z.array(z.object({ column: z.string(), message: z.string() })) })),
  skippedInBooking: z.array(z.object({ row: z.number().int(), code: z.string() })),
})

/** Mounted before the ledger's `/instruments/:id` routes, which would otherwise take these paths. */
export const instrumentExcelRoutes = [
  defineRoute({
    method: 'get',
    path: '/instruments/export',
    summary: '导出台账（与台账查询相同的筛选条件，不分页）为 .xlsx',
    tag: 'instruments',
    access: 'ledger.read',
    query: LedgerExportQuerySchema,
    response: { description: '台账 .xlsx（中文表头与取值）', contentType: XLSX },
    handler: ({ actor, query, services }, ctx) => {
      const { name, fallback } = exportFileName(services.instruments.today())
      const out = new PassThrough()
      ctx.attachment(name, { fallback })
      ctx.set('Cache-Control', 'no-store')
      ctx.body = out
      // Streams after the handler returns; a failure now can only cut the download short.
      exportLedger(services, out, actor, query).catch((err: unknown) => {
        if (out.destroyed) ctx.state.log.info({ err }, 'ledger export stopped: the download was closed')
        else ctx.state.log.error({ err }, 'ledger export failed')
        out.destroy(err as Error)
      })
    },
  }),
  defineRoute({
    method: 'get',
    path: '/instruments/import-template',
    summary: '下载台账导入模板（.xlsx，含填写说明和下拉选项）',
    tag: 'instruments',
    access: 'ledger.write',
    response: { description: '导入模板 .xlsx', contentType: XLSX },
    handler: async ({ services }, ctx) => {
      const template = await buildImportTemplate(services)
      ctx.attachment('台账导入模板.xlsx', { fallback: 'ledger-import-template.xlsx' })
      ctx.body = template
    },
  }),
  defineRoute({
    method: 'post',
    path: '/instruments/import',
    summary: '导入台账（multipart/form-data，字段 file，.xlsx，最大10MB、10000行；按二级目录+出厂编号更新已有器具，逐行报告错误）',
    tag: 'instruments',
    access: 'ledger.write',
    response: ImportReportSchema,
    handler: async ({ actor, services }, ctx) => {
      const { file, fileName } = await receiveUpload(ctx)
      return importLedger(services, actor, file, { fileName })
    },
  }),
]
