import type { CatalogueAbout, CatalogueItem as CatalogueItemView, FaqView, InstitutionView, RegionView } from '@qjt/shared'
import { countiesWithin, countyLineage, findRegion, regionChildren, type RegionLevel } from '@qjt/shared/regions'
import { AppError } from '../../core/errors'
import { Organization } from '../organizations/model'
import { loadAuthorizations, type AuthorizationLoadOptions, type AuthorizationLoadReport } from './authorization-loader'
import { Authorization } from './authorization.model'
import { allKindCodes, loadCatalogue, type CatalogueLoadOptions, type CatalogueLoadReport } from './catalogue-loader'
import { CATALOGUE_META_KEY, CatalogueItem, CatalogueMeta, type CatalogueItemDoc, type CatalogueMetaDoc } from './catalogue.model'
import { Faq, type FaqDoc } from './faq.model'
import {
  kindRef,
  presentCatalogueAbout,
  presentCatalogueItem,
  presentFaq,
  presentInstitution,
  presentRegion,
  type CatalogueKindRef,
} from './presenter'

/** The institution a verification task goes to, and which authorization row decided it. */
export interface AssignedInstitution {
  institutionId: string
  name: string
  shortCode: string | null
  /** The division of the deciding authorization: the county itself, its city or its province. */
  regionCode: string
  level: RegionLevel
}

const LEVEL_RANK: Record<RegionLevel, number> = { county: 0, city: 1, province: 2 }

const regionNotFound = () => new AppError('NOT_FOUND', '行政区划不存在')

/**
 * Reference data every feature reads: the catalogue, regions, the institution directory with the
 * regulator's authorization table, FAQs. Nothing here belongs to an organization, so nothing is
 * tenant-scoped; writes come only from the seed and administrator commands.
 */
export class ReferenceService {
  async catalogue(): Promise<CatalogueItemView[]> {
    const items = (await CatalogueItem.find().sort({ code: 1 }).lean()) as unknown as CatalogueItemDoc[]
    return items.map(presentCatalogueItem)
  }

  async catalogueAbout(): Promise<CatalogueAbout> {
    const [meta, items] = await Promise.all([
      CatalogueMeta.findOne({ key: CATALOGUE_META_KEY }).lean() as Promise<CatalogueMetaDoc | null>,
      CatalogueItem.find({}, { code: 1, 'children.code': 1 }).lean() as unknown as Promise<CatalogueItemDoc[]>,
    ])
    return presentCatalogueAbout(meta, items)
  }

  /**
   * Children of a division (provinces without `parent`); a county has none. An unknown `parent`
   * is 404 rather than an empty list, which would read as "a county" and hide a stale code.
   */
  regions(parent?: string): RegionView[] {
    if (parent && !findRegion(parent)) throw regionNotFound()
    return regionChildren(parent).map(presentRegion)
  }

  /**
   * The directory of institutions. With `regionCode`, those serving it: for a county, the ones
   * authorized for it, its city or its province (nearest first); for a city or province, also the
   * ones authorized for any division inside it, since someone browsing 阿拉善盟 looks for whoever
   * serves its counties.
   */
  async institutions(regionCode?: string): Promise<InstitutionView[]> {
    // institution id → level of its nearest authorization in scope (0 county … 2 province)
    let nearest: Map<string, number> | undefined
    if (regionCode) {
      const rows = await Authorization.find({ regionCode: { $in: regionScope(regionCode) } }, { institutionId: 1, regionLevel: 1 }).lean()
      nearest = new Map()
      for (const row of rows) {
        const id = String(row.institutionId)
        nearest.set(id, Math.min(nearest.get(id) ?? LEVEL_RANK.province, LEVEL_RANK[row.regionLevel]))
      }
      if (nearest.size === 0) return []
    }
    const orgs = await Organization.find(
      { type: 'institution', ...(nearest ? { _id: { $in: [...nearest.keys()] } } : {}) },
      { name: 1, address: 1, phone: 1, regionCode: 1 },
    )
      .sort({ regionCode: 1, name: 1, _id: 1 })
      .lean()
    const rank = (id: unknown) => nearest?.get(String(id)) ?? 0
    orgs.sort((a, b) => rank(a._id) - rank(b._id))
    const authorizations = await Authorization.find({ institutionId: { $in: orgs.map((o) => o._id) } }).lean()
    const byInstitution = new Map<string, typeof authorizations>()
    for (const a of authorizations) {
      const id = String(a.institutionId)
      byInstitution.set(id, [...(byInstitution.get(id) ?? []), a])
    }
    return orgs.map((org) => presentInstitution(org, byInstitution.get(String(org._id)) ?? []))
  }

  async faqs(): Promise<FaqView[]> {
    const items = (await Faq.find().sort({ order: 1, _id: 1 }).lean()) as FaqDoc[]
    return items.map(presentFaq)
  }

  /** The 一级/二级 pair of a kind code, or null when the catalogue has no such kind. */
  async findKind(level2Code: string): Promise<CatalogueKindRef | null> {
    return (await this.findKinds([level2Code])).get(level2Code) ?? null
  }

  /** Every kind code in the catalogue, in catalogue order. */
  kindCodes(): Promise<string[]> {
    return allKindCodes()
  }

  /** Several kinds in one query (imports, batch edits); unknown codes are absent from the map. */
  async findKinds(level2Codes: string[]): Promise<Map<string, CatalogueKindRef>> {
    const wanted = new Set(level2Codes)
    const items = (await CatalogueItem.find({ 'children.code': { $in: [...wanted] } }).lean()) as unknown as CatalogueItemDoc[]
    const found = new Map<string, CatalogueKindRef>()
    for (const item of items) {
      for (const kind of item.children) if (wanted.has(kind.code)) found.set(kind.code, kindRef(item, kind))
    }
    return found
  }

  /**
   * The institution that verifies kind `level2Code` used in county `countyCode` (就地就近): one
   * authorized for the county, else for its city, else for its province. Between two equally near
   * institutions the one created first wins, so the same instrument always goes to the same place.
   * Null when nobody is authorized or the code is not a county.
   */
  async institutionFor(countyCode: string, level2Code: string): Promise<AssignedInstitution | null> {
    return (await this.institutionsFor([{ countyCode, level2Code }]))[0] ?? null
  }

  /** `institutionFor` for many instruments with two queries; answers in the order asked. */
  async institutionsFor(pairs: { countyCode: string; level2Code: string }[]): Promise<(AssignedInstitution | null)[]> {
    const lineages = pairs.map((p) => countyLineage(p.countyCode).map((r) => r.code))
    const regionCodes = [...new Set(lineages.flat())]
    const kinds = [...new Set(pairs.map((p) => p.level2Code))]
    if (regionCodes.length === 0) return pairs.map(() => null)
    const rows = await Authorization.find({ regionCode: { $in: regionCodes }, level2Codes: { $in: kinds } }).lean()
    const institutions = await Organization.find(
      { _id: { $in: [...new Set(rows.map((r) => String(r.institutionId)))] }, type: 'institution' },
      { name: 1, shortCode: 1 },
    ).lean()
    const byId = new Map(institutions.map((o) => [String(o._id), o]))
    return pairs.map((pair, i) => {
      const lineage = lineages[i]!
      const candidates = rows
        .filter((r) => lineage.includes(r.regionCode) && r.level2Codes.includes(pair.level2Code) && byId.has(String(r.institutionId)))
        .sort(
          (a, b) =>
            lineage.indexOf(a.regionCode) - lineage.indexOf(b.regionCode) ||
            String(a.institutionId).localeCompare(String(b.institutionId)),
        )
      const best = candidates[0]
      if (!best) return null
      const org = byId.get(String(best.institutionId))!
      return {
        institutionId: String(org._id),
        name: org.name,
        shortCode: org.shortCode ?? null,
        regionCode: best.regionCode,
        level: best.regionLevel,
      }
    })
  }

  /** Replaces or extends the catalogue from a file in the shipped format; see `loadCatalogue`. */
  loadCatalogue(json: unknown, opts: CatalogueLoadOptions = { origin: 'import' }): Promise<CatalogueLoadReport> {
    return loadCatalogue(json, opts)
  }

  /** Replaces the named institutions' authorization tables; see `loadAuthorizations`. */
  loadAuthorizations(rows: unknown, opts?: AuthorizationLoadOptions): Promise<AuthorizationLoadReport> {
    return loadAuthorizations(rows, opts)
  }
}

/** Division codes whose authorizations make an institution serve `code` (see `institutions`). */
function regionScope(code: string): string[] {
  const region = findRegion(code)
  if (!region) throw regionNotFound()
  if (region.level === 'county') return countyLineage(code).map((r) => r.code)
  const inner = region.level === 'province' ? regionChildren(code).map((r) => r.code) : []
  const province = region.level === 'city' ? [region.parentCode!] : []
  return [...new Set([code, ...province, ...inner, ...countiesWithin(code)])]
}
