import { z, type ZodType } from 'zod'
import type { FieldError } from '@qjt/shared'
import { AppError } from './errors'

/**
 * Turns zod issues into the API's field details (`items.2.serialNo`): one message per field, the
 * first rule it broke ("请填写单位名称" rather than also "单位名称至少2个字").
 */
export function toFieldErrors(error: z.ZodError): FieldError[] {
  const byPath = new Map<string, string>()
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('.')
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const path = base ? `${base}.${key}` : key
        if (!byPath.has(path)) byPath.set(path, `不支持的字段：${key}`)
      }
    } else if (!byPath.has(base)) {
      byPath.set(base, issue.message)
    }
  }
  return [...byPath].map(([path, message]) => ({ path, message }))
}

/**
 * Parses one part of a request with its schema. A failure is a 400 whose message is the first
 * field's, so a client that only shows `message` still says what to fix.
 */
export function parseOrThrow<T>(schema: ZodType<T>, value: unknown): T {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const details = toFieldErrors(result.error)
  throw new AppError('VALIDATION_FAILED', details[0]?.message, details)
}

/** Parts of a request a route did not declare must be empty. */
export const EmptySchema = z.strictObject({})
