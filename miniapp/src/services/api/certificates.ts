import type { CertificateStatus, CertificateView, Page, PublicCertificateView } from '@qjt/shared'
import { request, type CallOptions } from '../request'
import { downloadFile } from '../transfer'

export interface CertificateFilters {
  no?: string
  instrumentId?: string
  status?: CertificateStatus
}

const path = (no: string) => `/certificates/${encodeURIComponent(no)}`

/** A unit's own certificates, or the ones an institution issued; newest first. */
export function listCertificates(filters: CertificateFilters, page: number, pageSize: number, opts?: CallOptions) {
  return request<Page<CertificateView>>('/certificates', {
    ...opts,
    query: { no: filters.no, instrumentId: filters.instrumentId, status: filters.status, page, pageSize },
  })
}

export function getCertificate(no: string, opts?: CallOptions) {
  return request<CertificateView>(path(no), opts)
}

/** The PDF: opened in the document viewer (weapp, with the menu to forward it) or saved (H5). */
export function downloadCertificatePdf(no: string) {
  return downloadFile(`${path(no)}/pdf`, {}, `${no}.pdf`, 'pdf')
}

/** The issuing institution withdraws a certificate; the public check says 已撤销 from then on. */
export function revokeCertificate(no: string, reason: string, opts?: CallOptions) {
  return request<CertificateView>(`${path(no)}/revoke`, { ...opts, method: 'POST', data: { reason } })
}

/**
 * What anyone scanning the QR code sees, without logging in: never a token, and never the login
 * page when something goes wrong.
 */
export function lookupPublicCertificate(no: string, sig: string, opts?: CallOptions) {
  return request<PublicCertificateView>(`/public/certificates/${encodeURIComponent(no)}`, {
    ...opts,
    query: { sig },
    auth: false,
    loginRedirect: false,
  })
}
