import { z, type ZodType } from 'zod'
import type { FieldError } from '@qjt/shared'
import { AppError } from './errors'

/** Turns zod issues into the API's field details (`items.2.serialNo`). */
export function toFieldErrors(error: z.ZodError, prefix?: string): FieldError[] {
  return error.issues.flatMap((issue) => {
    const base = [prefix, ...issue.path.map(String)].filter(Boolean).join('.')
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: base ? `${base}.${key}` : key, message: `不支持的字段：${key}` }))
    }
    return [{ path: base, message: issue.message }]
  })
}

/**
 * Parses one part of a request with its schema. A failure is a 400 whose message is the first
 * field's, so a client that only shows `message` still says what to fix.
 */
export function parseOrThrow<T>(schema: ZodType<T>, value: unknown, part: 'params' | 'query' | 'body'): T {
  const result = schema.safeParse(value)
  if (result.success) return result.data
  const details = toFieldErrors(result.error, part === 'body' ? undefined : undefined)
  throw new AppError('VALIDATION_FAILED', details[0]?.message, details)
}

/** Parts of a request a route did not declare must be empty. */
export const EmptySchema = z.strictObject({})
