import { z } from 'zod'

/**
 * Field builders that carry the Chinese field name into every message, so the form under the
 * field and the API's `details` say the same thing ("请填写联系人", "详细地址不能超过200个字").
 */
export function text(label: string, opts: { min?: number; max: number }) {
  const min = opts.min ?? 1
  const required = z.string({ error: `请填写${label}` }).trim().min(1, { error: `请填写${label}` })
  return (min > 1 ? required.min(min, { error: `${label}至少${min}个字` }) : required).max(opts.max, {
    error: `${label}不能超过${opts.max}个字`,
  })
}

/** An optional text field; an empty string counts as not given. */
export function optionalText(label: string, max: number) {
  return z.preprocess(
    emptyToUndefined,
    z.string({ error: `${label}格式不正确` }).trim().max(max, { error: `${label}不能超过${max}个字` }).optional(),
  )
}

/** An empty string (or null) counts as not given. */
export function emptyToUndefined(v: unknown) {
  return v === null || (typeof v === 'string' && v.trim() === '') ? undefined : v
}

export const MOBILE_PATTERN = /^1[3-9]\d{9}$/

export function mobile(label = '手机号') {
  return z
    .string({ error: `请填写${label}` })
    .trim()
    .min(1, { error: `请填写${label}` })
    .regex(MOBILE_PATTERN, { error: `${label}应为11位中国大陆手机号` })
}

/** A 6-digit GB/T 2260 code; whether it exists and its level are checked against the region data. */
export function regionCode(label = '行政区划') {
  return z
    .string({ error: `请选择${label}` })
    .trim()
    .min(1, { error: `请选择${label}` })
    .regex(/^\d{6}$/, { error: `${label}应为6位行政区划代码` })
}

/** Ids travel as 24-character hex strings (MongoDB ObjectIds). */
export const objectId = (label = '编号') =>
  z.string({ error: `缺少${label}` }).regex(/^[0-9a-f]{24}$/i, { error: `${label}格式不正确` })

export const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/

/** A date-only value `YYYY-MM-DD` (China time) that exists on the calendar. */
export function dateOnly(label: string) {
  return z
    .string({ error: `请选择${label}` })
    .regex(DATE_PATTERN, { error: `${label}格式应为YYYY-MM-DD` })
    .refine((v) => {
      const d = new Date(`${v}T00:00:00Z`)
      return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === v
    }, { error: `${label}不是有效日期` })
}
