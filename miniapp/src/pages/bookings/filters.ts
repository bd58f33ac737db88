import { BOOKING_STATUS_LABELS, BookingListQuerySchema, type BookingStatus } from '@qjt/shared'
import type { BookingFilters } from '@/services/api/bookings'

/** A removable chip for an active filter of the 筛选 sheet; the status has its own row of chips. */
export interface FilterChip {
  id: string
  text: string
  keys: (keyof BookingFilters)[]
}

export function dateRangeText(from?: string, to?: string): string {
  if (from && to) return `${from} 至 ${to}`
  return from ? `${from} 以后` : `${to} 以前`
}

export function activeChips(f: BookingFilters): FilterChip[] {
  const chips: FilterChip[] = []
  if (f.no) chips.push({ id: 'no', text: `预约编号：${f.no}`, keys: ['no'] })
  if (f.from || f.to) chips.push({ id: 'date', text: `预约时间：${dateRangeText(f.from, f.to)}`, keys: ['from', 'to'] })
  return chips
}

export function withoutKeys(f: BookingFilters, keys: (keyof BookingFilters)[]): BookingFilters {
  const next = { ...f }
  for (const k of keys) delete next[k]
  return next
}

/** 全部 first, then the national system's order. */
export const STATUS_CHIPS: { value: BookingStatus | ''; label: string }[] = [
  { value: '', label: '全部' },
  ...(Object.keys(BOOKING_STATUS_LABELS) as BookingStatus[]).map((value) => ({ value, label: BOOKING_STATUS_LABELS[value] })),
]

/** The search box's 预约编号, checked by the same rule the API uses. */
export function checkBookingNo(text: string): string | null {
  const value = text.trim()
  if (!value) return null
  const r = BookingListQuerySchema.safeParse({ no: value })
  return r.success ? null : (r.error.issues.find((i) => i.path[0] === 'no')?.message ?? '预约编号为13位数字')
}
