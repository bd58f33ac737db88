import type { OverdueGroup, OverdueRow, Page, StatsOverview } from '@qjt/shared'
import { request, type CallOptions } from '../request'
import { downloadFile } from '../transfer'

/** The regulator's division in figures; rates count the given year. */
export function getStatsOverview(year: number, opts?: CallOptions) {
  return request<StatsOverview>('/stats/overview', { ...opts, query: { year } })
}

export function listOverdue(groupBy: OverdueGroup, page: number, pageSize: number, opts?: CallOptions) {
  return request<Page<OverdueRow>>('/stats/overdue', { ...opts, query: { groupBy, page, pageSize } })
}

const GROUP_FILE: Record<OverdueGroup, string> = { region: '按地区', unit: '按单位', catalogue: '按目录' }

export function exportOverdue(groupBy: OverdueGroup) {
  return downloadFile('/stats/overdue/export', { groupBy }, `逾期器具统计（${GROUP_FILE[groupBy]}）.xlsx`)
}
