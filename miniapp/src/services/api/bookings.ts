import type { BookingStatus, BookingView, Page } from '@qjt/shared'
import { request, type CallOptions } from '../request'

/** The 预约 list's filters, as `GET /bookings` takes them (`from`/`to` are 预约时间, China dates). */
export interface BookingFilters {
  no?: string
  status?: BookingStatus
  from?: string
  to?: string
}

const path = (id: string) => `/bookings/${encodeURIComponent(id)}`

/** Newest first. */
export function listBookings(filters: BookingFilters, page: number, pageSize: number, opts?: CallOptions) {
  return request<Page<BookingView>>('/bookings', {
    ...opts,
    query: { no: filters.no, status: filters.status, from: filters.from, to: filters.to, page, pageSize },
  })
}

export function getBooking(id: string, opts?: CallOptions) {
  return request<BookingView>(path(id), opts)
}

/** A draft (暂存) with its 预约编号. */
export function createBooking(instrumentIds: string[], opts?: CallOptions) {
  return request<BookingView>('/bookings', { ...opts, method: 'POST', data: { instrumentIds } })
}

/** The instrument list of a draft or returned booking, from the `version` the edit started at. */
export function updateBooking(id: string, instrumentIds: string[], version: number, opts?: CallOptions) {
  return request<BookingView>(path(id), { ...opts, method: 'PATCH', data: { instrumentIds, version } })
}

/** Drafts only. */
export function deleteBooking(id: string, opts?: CallOptions) {
  return request<void>(path(id), { ...opts, method: 'DELETE' })
}

/** Assigns institutions; a 422 names the instruments it could not place. */
export function submitBooking(id: string, version?: number, opts?: CallOptions) {
  return request<BookingView>(`${path(id)}/submit`, { ...opts, method: 'POST', data: version === undefined ? {} : { version } })
}

/** Until an institution accepts. */
export function withdrawBooking(id: string, version?: number, opts?: CallOptions) {
  return request<BookingView>(`${path(id)}/withdraw`, { ...opts, method: 'POST', data: version === undefined ? {} : { version } })
}
