import type { CatalogueAbout, CatalogueItem, CatalogueKind, FaqView, InstitutionView, RegionView } from '@qjt/shared'
import { regionChildren, regionFullName, type Region } from '@qjt/shared/regions'
import type { OrganizationDoc } from '../organizations/model'
import type { AuthorizationDoc } from './authorization.model'
import type { CatalogueItemDoc, CatalogueKindDoc, CatalogueMetaDoc, UsageLimit } from './catalogue.model'
import type { FaqDoc } from './faq.model'

/** A kind with the 一级目录 it belongs to: what a ledger row copies and what assignment needs. */
export interface CatalogueKindRef {
  level1Code: string
  level1Name: string
  level2Code: string
  level2Name: string
  nameConfirmed: boolean
  mode: CatalogueKindDoc['mode']
  periodMonths: number | null
  usageLimitMonths: UsageLimit
  regulations: string[]
}

export function presentKind(kind: CatalogueKindDoc): CatalogueKind {
  return {
    code: kind.code,
    name: kind.name,
    mode: kind.mode ?? null,
    periodMonths: kind.periodMonths ?? null,
    usageLimitMonths: kind.usageLimitMonths ?? null,
    regulations: [...kind.regulations],
  }
}

export function presentCatalogueItem(item: CatalogueItemDoc): CatalogueItem {
  return { code: item.code, name: item.name, children: item.children.map(presentKind) }
}

export function presentCatalogueAbout(meta: CatalogueMetaDoc | null, items: CatalogueItemDoc[]): CatalogueAbout {
  return {
    title: meta?.title ?? null,
    complete: meta?.complete ?? false,
    about: meta?.about ?? null,
    purposes: meta ? [...meta.purposes] : [],
    itemCount: items.length,
    kindCount: items.reduce((n, item) => n + item.children.length, 0),
    updatedAt: meta ? meta.updatedAt.toISOString() : null,
  }
}

export function kindRef(item: CatalogueItemDoc, kind: CatalogueKindDoc): CatalogueKindRef {
  return {
    level1Code: item.code,
    level1Name: item.name,
    level2Code: kind.code,
    level2Name: kind.name,
    nameConfirmed: kind.nameConfirmed,
    mode: kind.mode ?? null,
    periodMonths: kind.periodMonths ?? null,
    usageLimitMonths: kind.usageLimitMonths ?? null,
    regulations: [...kind.regulations],
  }
}

/**
 * Counties have no children by definition: a few cities (东莞, 中山, 儋州) list themselves as
 * their own county under the same code, and asking the table for that code's children again
 * would offer the county as its own child forever.
 */
export function presentRegion(region: Region): RegionView {
  return {
    code: region.code,
    name: region.name,
    hasChildren: region.level !== 'county' && regionChildren(region.code).length > 0,
  }
}

export function presentInstitution(
  org: Pick<OrganizationDoc, '_id' | 'name' | 'address' | 'phone' | 'regionCode'>,
  authorizations: Pick<AuthorizationDoc, 'regionCode' | 'level2Codes'>[],
): InstitutionView {
  return {
    id: String(org._id),
    name: org.name,
    address: org.address,
    phone: org.phone ?? null,
    regionCode: org.regionCode,
    regionName: regionFullName(org.regionCode),
    authorizations: [...authorizations]
      .sort((a, b) => a.regionCode.localeCompare(b.regionCode))
      .map((a) => ({ regionCode: a.regionCode, regionName: regionFullName(a.regionCode), level2Codes: [...a.level2Codes] })),
  }
}

export function presentFaq(faq: FaqDoc): FaqView {
  return { id: String(faq._id), q: faq.q, a: faq.a, tags: [...faq.tags], sources: [...faq.sources] }
}
