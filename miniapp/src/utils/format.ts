/** Dates are shown in China time whatever the phone's zone: 2026-11-27, 2026-11-27 15:32. */
const CHINA_OFFSET_MS = 8 * 60 * 60 * 1000

function chinaParts(value: string | number | Date): string | null {
  const d = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(d.getTime())) return null
  return new Date(d.getTime() + CHINA_OFFSET_MS).toISOString()
}

export function formatDate(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return value
  const iso = chinaParts(value)
  return iso ? iso.slice(0, 10) : '—'
}

export function formatDateTime(value: string | number | Date | null | undefined): string {
  if (value === null || value === undefined || value === '') return '—'
  const iso = chinaParts(value)
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : '—'
}

/** 138 0013 8000 reads better aloud than 13800138000. */
export function formatPhone(phone: string | null | undefined): string {
  if (!phone) return '—'
  return /^1\d{10}$/.test(phone) ? `${phone.slice(0, 3)} ${phone.slice(3, 7)} ${phone.slice(7)}` : phone
}

/** A measured error as people write it: a sign before every non-zero value (+0.005, −0.02). */
export function formatSigned(value: string): string {
  if (value.startsWith('-')) return `−${value.slice(1)}`
  return /[1-9]/.test(value) ? `+${value}` : value
}
