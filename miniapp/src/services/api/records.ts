import type { Page, RecordEditInput, RecordInput, RecordStatus, RecordView } from '@qjt/shared'
import { request, type CallOptions } from '../request'

const path = (id: string) => `/records/${encodeURIComponent(id)}`

/** The institution's records in one state: 待核验 (recorded), 待批准 (checked), 已退回, 已批准. */
export function listRecords(status: RecordStatus | undefined, page: number, pageSize: number, opts?: CallOptions) {
  return request<Page<RecordView>>('/records', { ...opts, query: { status, page, pageSize } })
}

export function getRecord(id: string, opts?: CallOptions) {
  return request<RecordView>(path(id), opts)
}

/** The 检定员's data for one instrument of an accepted task; the server computes errors and the conclusion. */
export function createRecord(taskId: string, input: RecordInput, opts?: CallOptions) {
  return request<RecordView>(`/tasks/${encodeURIComponent(taskId)}/records`, { ...opts, method: 'POST', data: input })
}

/** Recorded again after a send-back, from the `version` the edit started at. */
export function updateRecord(id: string, input: RecordEditInput, opts?: CallOptions) {
  return request<RecordView>(path(id), { ...opts, method: 'PATCH', data: input })
}

/** The 核验员 signs (not the one who recorded it). */
export function checkRecord(id: string, version?: number, opts?: CallOptions) {
  return request<RecordView>(`${path(id)}/check`, { ...opts, method: 'POST', data: version === undefined ? {} : { version } })
}

/** Back to the 检定员 with the reason they read. */
export function sendBackRecord(id: string, reason: string, version?: number, opts?: CallOptions) {
  return request<RecordView>(`${path(id)}/send-back`, { ...opts, method: 'POST', data: version === undefined ? { reason } : { reason, version } })
}

/** The 批准人 signs and the certificate is issued; `validUntil` only where `needsValidUntil`. */
export function approveRecord(id: string, input: { validUntil?: string; version?: number }, opts?: CallOptions) {
  return request<RecordView>(`${path(id)}/approve`, { ...opts, method: 'POST', data: input })
}
