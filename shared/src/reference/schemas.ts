import { z } from 'zod'

export const RegionsQuerySchema = z.strictObject({
  parent: z.string().regex(/^\d{6}$/, { error: '上级行政区划代码应为6位数字' }).optional(),
})

export const InstitutionsQuerySchema = z.strictObject({
  regionCode: z.string().regex(/^\d{6}$/, { error: '行政区划代码应为6位数字' }).optional(),
})

export const CATALOGUE_MODES = ['periodic', 'initial_only_scrap', 'initial_only_rotate'] as const
export type CatalogueMode = (typeof CATALOGUE_MODES)[number]
export const CATALOGUE_MODE_LABELS: Record<CatalogueMode, string> = {
  periodic: '周期检定',
  initial_only_scrap: '只做首次强制检定，失准报废',
  initial_only_rotate: '只做首次强制检定，限期使用，到期轮换',
}

/**
 * How long an `initial_only_rotate` kind may be used: months, or months per size class where the
 * limit differs (`{ "DN<=25": 72, "25<DN<=50": 48 }`).
 */
export type UsageLimitMonths = number | Record<string, number> | null

/** A 二级目录 (kind). Values the sources did not confirm are null, never guessed. */
export interface CatalogueKind {
  code: string
  name: string
  mode: CatalogueMode | null
  periodMonths: number | null
  usageLimitMonths: UsageLimitMonths
  regulations: string[]
}

/** What the loaded catalogue is: `complete: false` while it holds only part of the official table. */
export interface CatalogueAbout {
  title: string | null
  complete: boolean
  about: string | null
  purposes: string[]
  itemCount: number
  kindCount: number
  updatedAt: string | null
}

/** A 一级目录 (item) with its kinds. */
export interface CatalogueItem {
  code: string
  name: string
  children: CatalogueKind[]
}

export interface RegionView {
  code: string
  name: string
  /** Whether children exist below it (false for counties). */
  hasChildren: boolean
}

export interface InstitutionView {
  id: string
  name: string
  address: string
  phone: string | null
  regionCode: string
  regionName: string
  /** What the regulator authorized it for: regions (any level) and catalogue kinds. */
  authorizations: { regionCode: string; regionName: string; level2Codes: string[] }[]
}

export interface FaqView {
  id: string
  q: string
  a: string
  tags: string[]
  sources: string[]
}
