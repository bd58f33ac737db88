import type {
  InvitationCreateInput,
  InvitationStatus,
  InvitationView,
  JoinInput,
  MemberView,
  OrgRegisterInput,
  OrgView,
  Page,
} from '@qjt/shared'
import { request, type CallOptions } from '../request'

/** What anyone holding a code may see before joining. */
export interface InvitationPreview {
  code: string
  orgName: string
  regionName: string
  status: InvitationStatus
  expiresAt: string
}

export interface PageParams {
  page?: number
  pageSize?: number
}

export function registerOrg(input: OrgRegisterInput, opts?: CallOptions) {
  return request<OrgView>('/orgs', { ...opts, method: 'POST', data: input })
}

export function getCurrentOrg(opts?: CallOptions) {
  return request<OrgView>('/orgs/current', opts)
}

export function listMembers(params: PageParams = {}, opts?: CallOptions) {
  return request<Page<MemberView>>('/orgs/members', { ...opts, query: { page: params.page, pageSize: params.pageSize } })
}

export function removeMember(userId: string, opts?: CallOptions) {
  return request<void>(`/orgs/members/${encodeURIComponent(userId)}`, { ...opts, method: 'DELETE' })
}

export function createInvitation(input: InvitationCreateInput, opts?: CallOptions) {
  return request<InvitationView>('/orgs/invitations', { ...opts, method: 'POST', data: input })
}

export function listInvitations(params: PageParams = {}, opts?: CallOptions) {
  return request<Page<InvitationView>>('/orgs/invitations', {
    ...opts,
    query: { page: params.page, pageSize: params.pageSize },
  })
}

export function revokeInvitation(id: string, opts?: CallOptions) {
  return request<InvitationView>(`/orgs/invitations/${encodeURIComponent(id)}`, { ...opts, method: 'DELETE' })
}

export function previewInvitation(code: string, opts?: CallOptions) {
  return request<InvitationPreview>(`/invitations/${encodeURIComponent(code)}`, opts)
}

export function joinOrg(input: JoinInput, opts?: CallOptions) {
  return request<OrgView>('/orgs/join', { ...opts, method: 'POST', data: input })
}
