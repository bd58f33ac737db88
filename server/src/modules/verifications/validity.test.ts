import { addMonthsClamped, approvalNeeds, certificateDates, periodEnd, type ApprovalEntries, type KindTerms } from './validity'

describe('有效期至 = verification date + period − 1 day', () => {
  const table: [string, number, string][] = [
    ['2026-11-27', 12, '2027-11-26'],
    ['2026-11-27', 6, '2027-05-26'],
    ['2026-01-01', 12, '2026-12-31'],
    ['2026-12-15', 1, '2027-01-14'],
    ['2026-03-01', 1, '2026-03-31'],
    // The same date a month on does not exist: the period runs to the end of that month.
    ['2026-01-31', 1, '2026-02-28'],
    ['2026-01-29', 1, '2026-02-28'],
    ['2026-01-28', 1, '2026-02-27'],
    ['2024-01-30', 1, '2024-02-29'], // leap year
    ['2024-02-29', 12, '2025-02-28'],
    ['2024-02-29', 48, '2028-02-28'],
    ['2026-03-31', 1, '2026-04-30'],
    ['2026-03-30', 1, '2026-04-29'],
    ['2026-08-31', 6, '2027-02-28'],
    ['2026-12-31', 12, '2027-12-30'],
  ]
  it.each(table)('%s + %i months → %s', (from, months, until) => {
    expect(periodEnd(from, months)).toBe(until)
  })

  it('a later start never ends earlier, and a month from January never runs into March', () => {
    const ends = Array.from({ length: 31 }, (_, i) => periodEnd(`2026-01-${String(i + 1).padStart(2, '0')}`, 1))
    expect(ends[0]).toBe('2026-01-31')
    expect(ends.every((until, i) => i === 0 || until >= ends[i - 1]!)).toBe(true)
    expect(ends.every((until) => until <= '2026-02-28')).toBe(true)
  })
})

describe('到期轮换日期 = purchase date + usage limit', () => {
  const table: [string, number, string][] = [
    ['2024-03-01', 72, '2030-03-01'],
    ['2020-02-29', 72, '2026-02-28'],
    ['2025-08-31', 6, '2026-02-28'],
  ]
  it.each(table)('%s + %i months → %s', (from, months, until) => {
    expect(addMonthsClamped(from, months)).toBe(until)
  })
})

const periodic = (periodMonths: number | null): KindTerms => ({ mode: 'periodic', periodMonths, usageLimitMonths: null })
const scrap: KindTerms = { mode: 'initial_only_scrap', periodMonths: null, usageLimitMonths: null }
const rotate = (usageLimitMonths: KindTerms['usageLimitMonths']): KindTerms => ({ mode: 'initial_only_rotate', periodMonths: 24, usageLimitMonths })
const water = rotate({ 'DN<=25': 72, '25<DN<=50': 48 })
const pass = { conclusion: 'pass' as const, verifiedAt: '2026-11-27' }
const fail = { conclusion: 'fail' as const, verifiedAt: '2026-11-27' }

describe('the dates of a certificate, and what the 批准人 must or may not enter', () => {
  // kind, record, purchasedAt, entries → dates, or the refusal's code and field
  const table: [string, KindTerms | null, typeof pass | typeof fail, string | null, ApprovalEntries, object][] = [
    ['periodic, 12 months', periodic(12), pass, null, {}, { validUntil: '2027-11-26', replaceBy: null }],
    ['periodic: a date entered over the catalogue’s period is refused', periodic(12), pass, null, { validUntil: '2028-01-01' }, { code: 'VALID_UNTIL_NOT_ALLOWED', path: 'validUntil' }],
    ['no period in the catalogue: the 批准人 must enter it', periodic(null), pass, null, {}, { code: 'VALID_UNTIL_REQUIRED', path: 'validUntil' }],
    ['no period: the entered date is used', periodic(null), pass, null, { validUntil: '2027-06-30' }, { validUntil: '2027-06-30' }],
    ['no period: a date not after the verification is refused', periodic(null), pass, null, { validUntil: '2026-11-27' }, { code: 'VALID_UNTIL_REQUIRED' }],
    ['mode unknown, no period: entered by hand', null, pass, null, { validUntil: '2027-11-26' }, { validUntil: '2027-11-26' }],
    ['mode unknown but a period: computed', { mode: null, periodMonths: 12, usageLimitMonths: null }, pass, null, {}, { validUntil: '2027-11-26' }],
    ['fail: a notice, no dates', periodic(12), fail, null, {}, { validUntil: null, replaceBy: null }],
    ['fail: a date entered is refused', periodic(null), fail, null, { validUntil: '2027-11-26' }, { code: 'VALID_UNTIL_NOT_ALLOWED' }],
    ['verified once, scrapped when inaccurate: no dates', scrap, pass, '2024-03-01', {}, { validUntil: null, replaceBy: null }],
    ['verified once: 有效期至 refused', scrap, pass, null, { validUntil: '2027-11-26' }, { code: 'VALID_UNTIL_NOT_ALLOWED', path: 'validUntil' }],
    ['rotate, limit by size: the class picked decides', water, pass, '2024-03-01', { usageClass: 'DN<=25' }, { validUntil: null, replaceBy: '2030-03-01', usageClass: 'DN<=25' }],
    ['rotate, by size, unknown purchase date: from the verification', water, pass, null, { usageClass: '25<DN<=50' }, { replaceBy: '2030-11-27' }],
    ['rotate, by size, no class picked', water, pass, '2024-03-01', {}, { code: 'USAGE_LIMIT_REQUIRED', path: 'usageClass' }],
    ['rotate, by size, a class the catalogue lacks', water, pass, '2024-03-01', { usageClass: 'DN>50' }, { code: 'USAGE_LIMIT_REQUIRED' }],
    ['rotate, by size, not a class but an object key', water, pass, '2024-03-01', { usageClass: 'constructor' }, { code: 'USAGE_LIMIT_REQUIRED' }],
    ['rotate, one limit', rotate(96), pass, '2025-01-31', {}, { replaceBy: '2033-01-31' }],
    ['rotate, one limit: an entered date is refused', rotate(96), pass, null, { replaceBy: '2030-01-01' }, { code: 'VALID_UNTIL_NOT_ALLOWED', path: 'replaceBy' }],
    ['rotate, no limit in the catalogue: entered', rotate(null), pass, null, { replaceBy: '2032-12-31' }, { replaceBy: '2032-12-31' }],
    ['rotate, no limit, nothing entered', rotate(null), pass, null, {}, { code: 'USAGE_LIMIT_REQUIRED', path: 'replaceBy' }],
    ['rotate: 有效期至 refused', water, pass, null, { validUntil: '2027-11-26', usageClass: 'DN<=25' }, { code: 'VALID_UNTIL_NOT_ALLOWED', path: 'validUntil' }],
    ['periodic: 到期轮换日期 refused', periodic(12), pass, null, { replaceBy: '2030-01-01' }, { code: 'VALID_UNTIL_NOT_ALLOWED', path: 'replaceBy' }],
  ]
  it.each(table)('%s', (_name, kind, record, purchasedAt, entries, expected) => {
    expect(certificateDates(kind, record, purchasedAt, entries)).toMatchObject(expected)
  })

  it('tells the client what to ask for', () => {
    expect(approvalNeeds(periodic(null), 'pass')).toEqual({ needsValidUntil: true, usageClasses: [], needsReplaceBy: false })
    expect(approvalNeeds(periodic(null), 'fail')).toEqual({ needsValidUntil: false, usageClasses: [], needsReplaceBy: false })
    expect(approvalNeeds(periodic(12), 'pass').needsValidUntil).toBe(false)
    expect(approvalNeeds(water, 'pass').usageClasses).toEqual([
      { key: 'DN<=25', months: 72 },
      { key: '25<DN<=50', months: 48 },
    ])
    expect(approvalNeeds(rotate(null), 'pass').needsReplaceBy).toBe(true)
    expect(approvalNeeds(scrap, 'pass')).toEqual({ needsValidUntil: false, usageClasses: [], needsReplaceBy: false })
  })
})
