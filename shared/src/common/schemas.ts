import { z } from 'zod'
import { objectId } from './fields'

export const PAGE_SIZE_DEFAULT = 10
export const PAGE_SIZE_MAX = 100

/** `?page=1&pageSize=10`, as every list takes it. */
export const PageQuerySchema = z.strictObject({
  page: z.coerce.number({ error: '页码应为正整数' }).int({ error: '页码应为正整数' }).min(1, { error: '页码应为正整数' }).default(1),
  pageSize: z.coerce
    .number({ error: '每页条数应为正整数' })
    .int({ error: '每页条数应为正整数' })
    .min(1, { error: '每页条数应为正整数' })
    .max(PAGE_SIZE_MAX, { error: `每页最多${PAGE_SIZE_MAX}条` })
    .default(PAGE_SIZE_DEFAULT),
})
export type PageQuery = z.infer<typeof PageQuerySchema>

export interface Page<T> {
  items: T[]
  total: number
  page: number
  pageSize: number
}

export const IdParamsSchema = z.strictObject({ id: objectId() })
export type IdParams = z.infer<typeof IdParamsSchema>
