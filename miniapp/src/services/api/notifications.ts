import type {
  NotificationView,
  Page,
  SubscribeTemplatesView,
  SubscriptionResultsInput,
  SubscriptionResultsView,
  UnreadCountView,
} from '@qjt/shared'
import { request, type CallOptions } from '../request'

/** Newest first; `unread` true only unread ones, false only read ones, omitted all. */
export function listNotifications(params: { unread?: boolean; page: number; pageSize: number }, opts?: CallOptions) {
  return request<Page<NotificationView>>('/notifications', {
    ...opts,
    query: { unread: params.unread === undefined ? undefined : String(params.unread), page: params.page, pageSize: params.pageSize },
  })
}

export function getUnreadCount(opts?: CallOptions) {
  return request<UnreadCountView>('/notifications/unread-count', opts)
}

export function markNotificationRead(id: string, opts?: CallOptions) {
  return request<unknown>(`/notifications/${encodeURIComponent(id)}/read`, { ...opts, method: 'POST', data: {} })
}

export function markAllNotificationsRead(opts?: CallOptions) {
  return request<unknown>('/notifications/read-all', { ...opts, method: 'POST', data: {} })
}

export function getSubscribeTemplates(opts?: CallOptions) {
  return request<SubscribeTemplatesView>('/notifications/templates', opts)
}

/** What the user answered in WeChat's subscribe popup; each accept lets the server send one message. */
export function recordSubscriptions(input: SubscriptionResultsInput, opts?: CallOptions) {
  return request<SubscriptionResultsView>('/notifications/subscriptions', { ...opts, method: 'POST', data: input })
}
