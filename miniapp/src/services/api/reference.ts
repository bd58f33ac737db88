import type { CatalogueItem, FaqView, InstitutionView, RegionView } from '@qjt/shared'
import { request, type CallOptions } from '../request'

/** Children of a division; provinces when `parent` is omitted. */
export function listRegions(parent?: string, opts?: CallOptions) {
  return request<RegionView[]>('/regions', { ...opts, query: { parent } })
}

export function listCatalogue(opts?: CallOptions) {
  return request<CatalogueItem[]>('/catalogue', opts)
}

export function listInstitutions(regionCode?: string, opts?: CallOptions) {
  return request<InstitutionView[]>('/institutions', { ...opts, query: { regionCode } })
}

export function listFaqs(opts?: CallOptions) {
  return request<FaqView[]>('/faqs', opts)
}
