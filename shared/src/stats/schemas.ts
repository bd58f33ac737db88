import { z } from 'zod'
import { emptyToUndefined } from '../common/fields'
import { PageQuerySchema } from '../common/schemas'
import type { BookingStatus } from '../bookings/enums'
import type { InstrumentStatus, VerifyStatus } from '../instruments/enums'

/** `GET /stats/overview?year=`: figures for the regulator's division (and a year for rates). */
export const StatsOverviewQuerySchema = z.strictObject({
  year: z.preprocess(emptyToUndefined, z.coerce.number().int().min(2000).max(2100).optional()),
  regionCode: z.preprocess(emptyToUndefined, z.string().regex(/^\d{6}$/, { error: '行政区划代码应为6位数字' }).optional()),
})
export type StatsOverviewQuery = z.infer<typeof StatsOverviewQuerySchema>

export const OVERDUE_GROUPS = ['region', 'unit', 'catalogue'] as const
export type OverdueGroup = (typeof OVERDUE_GROUPS)[number]
export const OVERDUE_GROUP_LABELS: Record<OverdueGroup, string> = { region: '按地区', unit: '按单位', catalogue: '按目录' }

/** `GET /stats/overdue`: overdue instruments grouped, paged; `.xlsx` at `/stats/overdue/export`. */
export const StatsOverdueQuerySchema = PageQuerySchema.extend({
  groupBy: z.enum(OVERDUE_GROUPS, { error: '请选择分组方式' }).default('region'),
  regionCode: z.preprocess(emptyToUndefined, z.string().regex(/^\d{6}$/, { error: '行政区划代码应为6位数字' }).optional()),
})
export type StatsOverdueQuery = z.infer<typeof StatsOverdueQuerySchema>

/** `GET /stats/overdue/export`: the same grouping and division, every group (no paging). */
export const StatsOverdueExportQuerySchema = StatsOverdueQuerySchema.omit({ page: true, pageSize: true })
export type StatsOverdueExportQuery = z.infer<typeof StatsOverdueExportQuerySchema>

export interface StatsOverview {
  regionCode: string
  regionName: string
  year: number
  instruments: { total: number; byStatus: Record<InstrumentStatus, number>; byVerifyStatus: Record<VerifyStatus, number>; overdue: number }
  byCatalogue: { level1Code: string; level1Name: string; count: number; overdue: number }[]
  bookings: { total: number; byStatus: Record<BookingStatus, number> }
  /** Share of the year's verifications that passed, 0–1; null without any. */
  passRate: number | null
  /** Share of the year's verifications done by 有效期至 (or first ones), 0–1; null without any. */
  onTimeRate: number | null
  verifications: number
}

export interface OverdueRow {
  key: string
  label: string
  count: number
  /** For unit rows: where and whom to call. */
  regionName?: string
  contactPhone?: string
}
