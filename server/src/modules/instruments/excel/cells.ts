import type { CellValue } from 'exceljs'
import type { CatalogueItem } from '@qjt/shared'

/**
 * Reading what people type into the template back into the form's values. Cells are forgiving
 * about form (a label or its code, a date cell or text, `01` that Excel turned into 1); whether
 * the value is then acceptable is the form's schema's business, not theirs.
 */

export type Plain = string | number | boolean | Date | undefined

/** A cell's value as the user sees it: rich text joined, a formula's last result, a link's text. */
export function plainValue(value: CellValue): Plain {
  if (value === null || value === undefined) return undefined
  if (value instanceof Date || typeof value !== 'object') return value
  if ('richText' in value) return value.richText.map((r) => r.text).join('')
  if ('result' in value) return plainValue((value.result ?? null) as CellValue)
  if ('text' in value) return plainValue(value.text as CellValue)
  if ('error' in value) return value.error
  return undefined
}

export const isBlank = (v: Plain) => v === undefined || (typeof v === 'string' && v.trim() === '')

/** Trimmed text, or undefined when empty. */
export function textOf(v: Plain): string | undefined {
  if (v === undefined) return undefined
  if (v instanceof Date) return utcDate(v)
  const text = String(v).trim()
  return text === '' ? undefined : text
}

/**
 * Excel keeps a date as a day count with no time zone: the calendar date the user sees. exceljs
 * hands it over as that wall-clock time read as UTC (a date typed as 2024-03-01 arrives as
 * 2024-03-01T00:00Z), so the UTC calendar date is the China date the user meant — whereas
 * converting the instant to China time would move a cell with a late time to the next day.
 */
const utcDate = (d: Date) => d.toISOString().slice(0, 10)

/** Excel's day 0 in its 1900 date system (serials count from here, past its 1900-02-29 bug). */
const EXCEL_EPOCH = Date.UTC(1899, 11, 30)
const MAX_SERIAL = 2_958_465 // 9999-12-31

/**
 * A date column's value as `YYYY-MM-DD` when it reads as a date; otherwise the text as typed,
 * for the schema to refuse with its own message.
 */
export function dateOf(v: Plain): string | undefined {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'invalid' : utcDate(v)
  // A date typed into a cell formatted as a number.
  if (typeof v === 'number' && v >= 1 && v <= MAX_SERIAL) return utcDate(new Date(EXCEL_EPOCH + Math.floor(v) * 86_400_000))
  const text = textOf(v)
  if (text === undefined) return undefined
  const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/.exec(text)
  return m ? `${m[1]}-${m[2]!.padStart(2, '0')}-${m[3]!.padStart(2, '0')}` : text
}

export type Parsed = { value: string | number | undefined; error?: undefined } | { value?: undefined; error: string }

/** An enumeration cell: its Chinese label (or, for people who know them, the code). */
export function choiceOf(v: Plain, labels: Record<string, string>, header: string): Parsed {
  const text = textOf(v)
  if (text === undefined) return { value: undefined }
  for (const [code, label] of Object.entries(labels)) if (text === label || text === code) return { value: code }
  return { error: `${header}应为：${Object.values(labels).join('、')}` }
}

export interface CatalogueLookup {
  /** Code → name, per level: 一级目录 (2 digits), 二级目录 (4 digits). */
  level1: Map<string, string>
  level2: Map<string, string>
}

export function catalogueLookup(items: CatalogueItem[]): CatalogueLookup {
  const level1 = new Map<string, string>()
  const level2 = new Map<string, string>()
  for (const item of items) {
    level1.set(item.code, item.name)
    for (const kind of item.children) level2.set(kind.code, kind.name)
  }
  return { level1, level2 }
}

/**
 * A 一级/二级目录 cell: `0101 非自动衡器` or `0101` (the code decides; the name is only for
 * people), or a name that is exactly one entry's of that level.
 */
export function catalogueCodeOf(v: Plain, known: Map<string, string>, digits: 2 | 4, header: string): Parsed {
  const text = typeof v === 'number' && Number.isInteger(v) ? String(v).padStart(digits, '0') : textOf(v)
  if (text === undefined) return { value: undefined }
  const code = new RegExp(`^(\\d{${digits}})(?:\\s|$)`).exec(text)?.[1]
  if (code) return known.has(code) ? { value: code } : { error: `${header}不在强制检定目录中：${code}` }
  const named = [...known].filter(([, name]) => name === text).map(([c]) => c)
  if (named.length === 1) return { value: named[0] }
  if (named.length > 1) return { error: `${header}“${text}”对应多个目录，请填写代码` }
  return { error: `${header}不在强制检定目录中：${text}` }
}

/** A 使用地点行政区划 cell: `152921 阿拉善左旗` or `152921`; the code decides. */
export function regionCodeOf(v: Plain, header: string): Parsed {
  const text = textOf(v)
  if (text === undefined) return { value: undefined }
  const code = /^(\d{6})(?:\s|$)/.exec(text)?.[1]
  return code ? { value: code } : { error: `${header}应为区县的6位代码，如 152921 阿拉善左旗` }
}
