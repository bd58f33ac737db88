import { PassThrough } from 'node:stream'
import { StatsOverdueExportQuerySchema, StatsOverdueQuerySchema, StatsOverviewQuerySchema } from '@qjt/shared'
import { defineRoute } from '../../core/route'
import { overdueFileName, writeOverdueWorkbook } from './export'

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'

/** For regulators, about their own division (an optional `regionCode` narrows it; outside it: 403). */
export const statsRoutes = [
  defineRoute({
    method: 'get',
    path: '/stats/overview',
    summary: '辖区统计：器具（按状态、检定状态、一级目录）、逾期数，当年预约（按状态）、检定合格率与按期检定率',
    tag: 'stats',
    access: 'stats.read',
    query: StatsOverviewQuerySchema,
    handler: ({ actor, query, services }) => services.stats.overview(actor, query),
  }),
  defineRoute({
    method: 'get',
    path: '/stats/overdue',
    summary: '辖区逾期器具，按地区、单位或一级目录分组，逾期数多的在前（分页）',
    tag: 'stats',
    access: 'stats.read',
    query: StatsOverdueQuerySchema,
    handler: ({ actor, query, services }) => services.stats.overdue(actor, query),
  }),
  defineRoute({
    method: 'get',
    path: '/stats/overdue/export',
    summary: '导出辖区逾期器具统计为 .xlsx（按单位分组时另附逾期器具明细）',
    tag: 'stats',
    access: 'stats.read',
    query: StatsOverdueExportQuerySchema,
    response: { description: '逾期器具统计 .xlsx（中文表头）', contentType: XLSX },
    handler: async ({ actor, query, services }, ctx) => {
      // Read before answering, so a division outside the caller's is still a 403, not a broken file.
      const report = await services.stats.overdueExport(actor, query)
      const { name, fallback } = overdueFileName(report)
      const out = new PassThrough()
      ctx.attachment(name, { fallback })
      ctx.set('Cache-Control', 'no-store')
      ctx.body = out
      writeOverdueWorkbook(report, out).catch((err: unknown) => {
        if (out.destroyed) ctx.state.log.info({ err }, 'overdue export stopped: the download was closed')
        else ctx.state.log.error({ err }, 'overdue export failed')
        out.destroy(err as Error)
      })
    },
  }),
]
