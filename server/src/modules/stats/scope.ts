import { countiesWithin, countyLineage, findRegion, type RegionLevel } from '@qjt/shared/regions'
import type { Actor } from '../../core/context'
import { AppError } from '../../core/errors'
import { orgIdOf } from '../../core/tenant'
import { Organization } from '../organizations/model'

/** The division a regulator's figures cover: its organization's, or one inside it it asked for. */
export interface Scope {
  regionCode: string
  regionName: string
  level: RegionLevel
  /** Every county inside: what instruments (`regionCode`, the county of use) are matched against. */
  counties: string[]
}

/**
 * The caller's division (a regulator organization's `regionCode`: a county, a city with all its
 * counties, a province with all of its), narrowed to `regionCode` when given. A division that does
 * not exist is 404; one outside the caller's is 403.
 */
export async function scopeOf(actor: Actor, regionCode?: string): Promise<Scope> {
  const org = await Organization.findById(orgIdOf(actor), { regionCode: 1 }).lean()
  const own = org ? toScope(org.regionCode) : null
  if (!own) throw new AppError('REGION_OUT_OF_SCOPE', '本单位没有有效的监管区域，请联系管理员')
  if (!regionCode || regionCode === own.regionCode) return own
  const asked = toScope(regionCode)
  if (!asked) throw new AppError('REGION_NOT_FOUND')
  const inside = new Set(own.counties)
  if (!asked.counties.every((c) => inside.has(c))) throw new AppError('REGION_OUT_OF_SCOPE')
  return asked
}

function toScope(code: string): Scope | null {
  const region = findRegion(code)
  const counties = countiesWithin(code)
  if (!region || counties.length === 0) return null
  return { regionCode: code, regionName: region.name, level: region.level, counties }
}

/**
 * A county as a regulator reads it in a list: its own name inside a city's division, with the
 * city's in front inside a province's (two counties of a province may share a name).
 */
export function countyLabel(code: string, scope: Pick<Scope, 'level'>): string {
  const [county, city] = countyLineage(code)
  if (!county) return findRegion(code)?.name ?? code
  return scope.level === 'province' && city && city.name !== county.name ? `${city.name} ${county.name}` : county.name
}
