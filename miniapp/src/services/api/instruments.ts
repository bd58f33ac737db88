import type {
  BatchResult,
  ImportReport,
  InstrumentBatchInput,
  InstrumentBulkCreateInput,
  InstrumentCreateInput,
  InstrumentDetailView,
  InstrumentStatus,
  InstrumentUpdateInput,
  InstrumentView,
  Page,
  VerifyStatus,
} from '@qjt/shared'
import { request, type CallOptions, type Query } from '../request'
import { downloadFile, uploadFile, type PickedFile, type UploadProgress } from '../transfer'

/** The ledger's filters, as `GET /instruments` and the export take them. */
export interface InstrumentFilters {
  code?: string
  name?: string
  certificateNo?: string
  serialNo?: string
  status?: InstrumentStatus
  verifyStatus?: VerifyStatus
  institutionId?: string
  level2Code?: string
  validFrom?: string
  validTo?: string
  overdue?: boolean
}

function filterQuery(f: InstrumentFilters): Query {
  return {
    code: f.code,
    name: f.name,
    certificateNo: f.certificateNo,
    serialNo: f.serialNo,
    status: f.status,
    verifyStatus: f.verifyStatus,
    institutionId: f.institutionId,
    level2Code: f.level2Code,
    validFrom: f.validFrom,
    validTo: f.validTo,
    overdue: f.overdue === undefined ? undefined : String(f.overdue),
  }
}

export function listInstruments(filters: InstrumentFilters, page: number, pageSize: number, opts?: CallOptions) {
  return request<Page<InstrumentView>>('/instruments', { ...opts, query: { ...filterQuery(filters), page, pageSize } })
}

export function getInstrument(id: string, opts?: CallOptions) {
  return request<InstrumentDetailView>(`/instruments/${encodeURIComponent(id)}`, opts)
}

export function createInstrument(input: InstrumentCreateInput, opts?: CallOptions) {
  return request<InstrumentView>('/instruments', { ...opts, method: 'POST', data: input })
}

export function bulkCreateInstruments(input: InstrumentBulkCreateInput, opts?: CallOptions) {
  return request<{ items: InstrumentView[] }>('/instruments/bulk', { ...opts, method: 'POST', data: input })
}

/** `input` holds only the changed fields and the `version` the edit started from. */
export function updateInstrument(id: string, input: InstrumentUpdateInput, opts?: CallOptions) {
  return request<InstrumentView>(`/instruments/${encodeURIComponent(id)}`, { ...opts, method: 'PATCH', data: input })
}

export function deleteInstrument(id: string, opts?: CallOptions) {
  return request<void>(`/instruments/${encodeURIComponent(id)}`, { ...opts, method: 'DELETE' })
}

/** Without `serialNo` the server counts the source's serial on (JS-001 → JS-002). */
export function copyInstrument(id: string, serialNo?: string, opts?: CallOptions) {
  return request<InstrumentView>(`/instruments/${encodeURIComponent(id)}/copy`, {
    ...opts,
    method: 'POST',
    data: serialNo ? { serialNo } : {},
  })
}

export function batchInstruments(input: InstrumentBatchInput, opts?: CallOptions) {
  return request<BatchResult>('/instruments/batch', { ...opts, method: 'POST', data: input })
}

/** The ledger as .xlsx with the current filters: opened (weapp) or saved by the browser (H5). */
export function exportInstruments(filters: InstrumentFilters) {
  return downloadFile('/instruments/export', filterQuery(filters), '强检器具台账.xlsx')
}

export function downloadImportTemplate() {
  return downloadFile('/instruments/import-template', {}, '强检器具台账导入模板.xlsx')
}

export function importInstruments(file: PickedFile, onProgress: (p: UploadProgress) => void) {
  return uploadFile<ImportReport>('/instruments/import', file, onProgress)
}
