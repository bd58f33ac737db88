import { addDays, type CatalogueMode, type ErrorCode, type UsageLimitMonths, type VerifyResult } from '@qjt/shared'

/**
 * The dates a certificate carries, as plain rules tested as tables: 有效期至 of a periodic kind,
 * 到期轮换日期 of a kind used for a limited time, and what the 批准人 must (or may not) enter.
 */

const pad = (n: number) => String(n).padStart(2, '0')
const daysIn = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate()

function monthsLater(date: string, months: number): { year: number; month: number; day: number } {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number]
  const index = m - 1 + months
  return { year: y + Math.floor(index / 12), month: (index % 12) + 1, day: d }
}

/**
 * 有效期至 = verification date + period − 1 day: the day before the same date `months` later
 * (2026-11-27 + 12 → 2027-11-26). Where that month has no such date (2026-01-31 + 1 month), the
 * period runs to the end of that month (2026-02-28): it never ends more than `months` after it
 * started, nor earlier than the day before the month's last day.
 */
export function periodEnd(verifiedAt: string, months: number): string {
  const { year, month, day } = monthsLater(verifiedAt, months)
  const last = daysIn(year, month)
  if (day > last) return `${year}-${pad(month)}-${pad(last)}`
  return addDays(`${year}-${pad(month)}-${pad(day)}`, -1)
}

/** The same date `months` later, or that month's last day (2020-02-29 + 72 → 2026-02-28). */
export function addMonthsClamped(date: string, months: number): string {
  const { year, month, day } = monthsLater(date, months)
  return `${year}-${pad(month)}-${pad(Math.min(day, daysIn(year, month)))}`
}

/** What the catalogue says about a kind; null fields are unknown (no source confirmed them). */
export interface KindTerms {
  mode: CatalogueMode | null
  periodMonths: number | null
  usageLimitMonths: UsageLimitMonths
}

export interface ApprovalEntries {
  validUntil?: string
  usageClass?: string
  replaceBy?: string
}

export interface CertificateDates {
  validUntil: string | null
  replaceBy: string | null
  usageClass: string | null
}

export interface DateRefusal {
  code: ErrorCode
  message: string
  path: string
}

/** What the 批准人 has to enter for a record of this kind and conclusion. */
export function approvalNeeds(kind: KindTerms | null, conclusion: VerifyResult) {
  const mode = kind?.mode ?? null
  const pass = conclusion === 'pass'
  const rotate = pass && mode === 'initial_only_rotate'
  const limit = kind?.usageLimitMonths ?? null
  return {
    needsValidUntil: pass && isPeriodic(mode) && kind?.periodMonths == null,
    usageClasses: rotate && limit !== null && typeof limit === 'object' ? Object.entries(limit).map(([key, months]) => ({ key, months })) : [],
    needsReplaceBy: rotate && limit === null,
  }
}

/** Periodic, or not confirmed either way: then the institution decides 有效期至 by the regulation. */
const isPeriodic = (mode: CatalogueMode | null) => mode === 'periodic' || mode === null

/**
 * The dates of the certificate, or why the 批准人's entries are refused:
 * - 不合格 → 检定结果通知书: no 有效期至, nothing to enter;
 * - 周期检定 (or mode unknown): the catalogue's period decides 有效期至; without one the 批准人
 *   enters it (after the verification date), and never overrides one the catalogue has;
 * - 只做首次强制检定，失准报废: no 有效期至 — valid until it is found inaccurate;
 * - 只做首次强制检定，限期使用，到期轮换: no 有效期至; 到期轮换日期 = purchase date (or, when
 *   unknown, the verification date) + the usage limit — a size class the 批准人 picks where the
 *   catalogue's limit depends on size, a date the 批准人 enters where the catalogue has none.
 */
export function certificateDates(
  kind: KindTerms | null,
  record: { conclusion: VerifyResult; verifiedAt: string },
  purchasedAt: string | null,
  entries: ApprovalEntries,
): CertificateDates | DateRefusal {
  const mode = kind?.mode ?? null
  const none: CertificateDates = { validUntil: null, replaceBy: null, usageClass: null }
  const notAllowed = (path: keyof ApprovalEntries, message: string): DateRefusal => ({ code: 'VALID_UNTIL_NOT_ALLOWED', message, path })

  if (record.conclusion === 'fail') {
    const given = (['validUntil', 'replaceBy', 'usageClass'] as const).find((k) => entries[k])
    return given ? notAllowed(given, '检定结果为不合格，出具检定结果通知书，没有有效期至') : none
  }
  if (mode === 'initial_only_scrap' || mode === 'initial_only_rotate') {
    if (entries.validUntil) return notAllowed('validUntil', '该类器具只做首次强制检定，证书没有有效期至')
  }
  if (mode === 'initial_only_scrap') {
    const given = (['replaceBy', 'usageClass'] as const).find((k) => entries[k])
    return given ? notAllowed(given, '该类器具只做首次强制检定，失准报废，没有到期轮换日期') : none
  }
  if (mode === 'initial_only_rotate') return rotation(kind!, record.verifiedAt, purchasedAt, entries)

  if (entries.replaceBy || entries.usageClass) {
    return notAllowed(entries.replaceBy ? 'replaceBy' : 'usageClass', '周期检定的器具没有到期轮换日期')
  }
  const period = kind?.periodMonths ?? null
  if (period !== null) {
    if (entries.validUntil) return notAllowed('validUntil', `目录规定该类器具检定周期为${period}个月，有效期至由系统计算，不能手工填写`)
    return { ...none, validUntil: periodEnd(record.verifiedAt, period) }
  }
  if (!entries.validUntil) return { code: 'VALID_UNTIL_REQUIRED', message: '目录中没有该类器具的检定周期，请按检定规程填写有效期至', path: 'validUntil' }
  if (entries.validUntil <= record.verifiedAt) return { code: 'VALID_UNTIL_REQUIRED', message: '有效期至应晚于检定日期', path: 'validUntil' }
  return { ...none, validUntil: entries.validUntil }
}

function rotation(kind: KindTerms, verifiedAt: string, purchasedAt: string | null, entries: ApprovalEntries): CertificateDates | DateRefusal {
  const limit = kind.usageLimitMonths
  const from = purchasedAt ?? verifiedAt
  const refuse = (path: keyof ApprovalEntries, message: string): DateRefusal => ({ code: 'USAGE_LIMIT_REQUIRED', message, path })
  if (limit === null) {
    if (entries.usageClass) return refuse('usageClass', '目录中没有该类器具的使用期限类别，请直接填写到期轮换日期')
    if (!entries.replaceBy) return refuse('replaceBy', '目录中没有该类器具的使用期限，请填写到期轮换日期')
    if (entries.replaceBy <= verifiedAt) return refuse('replaceBy', '到期轮换日期应晚于检定日期')
    return { validUntil: null, replaceBy: entries.replaceBy, usageClass: null }
  }
  if (entries.replaceBy) {
    return { code: 'VALID_UNTIL_NOT_ALLOWED', message: '到期轮换日期由目录规定的使用期限计算，不能手工填写', path: 'replaceBy' }
  }
  if (typeof limit === 'number') {
    if (entries.usageClass) return { code: 'VALID_UNTIL_NOT_ALLOWED', message: '该类器具的使用期限不分类别', path: 'usageClass' }
    return { validUntil: null, replaceBy: addMonthsClamped(from, limit), usageClass: null }
  }
  const classes = Object.keys(limit)
  const months = entries.usageClass && Object.hasOwn(limit, entries.usageClass) ? limit[entries.usageClass] : undefined
  if (months === undefined) return refuse('usageClass', `请选择器具的使用期限类别：${classes.join('、')}`)
  return { validUntil: null, replaceBy: addMonthsClamped(from, months), usageClass: entries.usageClass! }
}
