import { z } from 'zod'
import { CATALOGUE_MODES, InstitutionsQuerySchema, RegionsQuerySchema } from '@qjt/shared'
import { defineRoute } from '../../core/route'

const months = z.number().int().nullable()

// Response shapes for the OpenAPI document (the presenter's types are what the code checks).
const CatalogueResponse = z.array(
  z.object({
    code: z.string(),
    name: z.string(),
    children: z.array(
      z.object({
        code: z.string(),
        name: z.string(),
        mode: z.enum(CATALOGUE_MODES).nullable().describe('null: 未经来源确认'),
        periodMonths: months.describe('检定周期（月）；null: 未经来源确认，由机构在证书上填写有效期至'),
        usageLimitMonths: z
          .union([z.number().int(), z.record(z.string(), z.number().int())])
          .nullable()
          .describe('限期使用的月数，或按规格分列的月数（如水表按口径）'),
        regulations: z.array(z.string()),
      }),
    ),
  }),
)

const RegionsResponse = z.array(z.object({ code: z.string(), name: z.string(), hasChildren: z.boolean() }))

const InstitutionsResponse = z.array(
  z.object({
    id: z.string(),
    name: z.string(),
    address: z.string(),
    phone: z.string().nullable(),
    regionCode: z.string(),
    regionName: z.string(),
    authorizations: z.array(z.object({ regionCode: z.string(), regionName: z.string(), level2Codes: z.array(z.string()) })),
  }),
)

const FaqsResponse = z.array(
  z.object({ id: z.string(), q: z.string(), a: z.string(), tags: z.array(z.string()), sources: z.array(z.string()) }),
)

export const referenceRoutes = [
  defineRoute({
    method: 'get',
    path: '/catalogue',
    summary: '强制检定目录（一级、二级目录及检定方式、周期、规程）',
    tag: 'reference',
    access: 'reference.read',
    response: CatalogueResponse,
    handler: ({ services }) => services.reference.catalogue(),
  }),
  defineRoute({
    method: 'get',
    path: '/catalogue/about',
    summary: '目录说明：来源、是否完整（complete: false 表示仅收录部分目录）',
    tag: 'reference',
    access: 'reference.read',
    handler: ({ services }) => services.reference.catalogueAbout(),
  }),
  defineRoute({
    method: 'get',
    path: '/regions',
    summary: '行政区划的下级（不带 parent 为省级）',
    tag: 'reference',
    access: 'reference.read',
    query: RegionsQuerySchema,
    response: RegionsResponse,
    handler: ({ query, services }) => services.reference.regions(query.parent),
  }),
  defineRoute({
    method: 'get',
    path: '/institutions',
    summary: '检定机构名录（可按行政区划筛选服务该地的机构）',
    tag: 'reference',
    access: 'reference.read',
    query: InstitutionsQuerySchema,
    response: InstitutionsResponse,
    handler: ({ query, services }) => services.reference.institutions(query.regionCode),
  }),
  defineRoute({
    method: 'get',
    path: '/faqs',
    summary: '常见问题',
    tag: 'reference',
    access: 'reference.read',
    response: FaqsResponse,
    handler: ({ services }) => services.reference.faqs(),
  }),
]
