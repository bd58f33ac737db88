import type { DeliveryMode, Page, TaskListItemView, TaskStatus, TaskView } from '@qjt/shared'
import { request, type CallOptions } from '../request'

/** One row of an institution's queue: the task with the booking it belongs to. */
export type TaskListItem = TaskListItemView

/**
 * An instrument of a task as the detail lists it, with its record (null before one is entered)
 * and, where the server sends it, its 二级目录 code (the 检定规程 is looked up by it).
 */
export type TaskItem = TaskView['items'][number] & { level2Code?: string }

export interface TaskFilters {
  status?: TaskStatus
  /** 提交时间, China dates. */
  from?: string
  to?: string
  /** Part of the unit's name. */
  unit?: string
}

const path = (id: string) => `/tasks/${encodeURIComponent(id)}`

export function listTasks(filters: TaskFilters, page: number, pageSize: number, opts?: CallOptions) {
  return request<Page<TaskListItem>>('/tasks', {
    ...opts,
    query: { status: filters.status, from: filters.from, to: filters.to, unit: filters.unit, page, pageSize },
  })
}

export function getTask(id: string, opts?: CallOptions) {
  return request<TaskView>(path(id), opts)
}

/** 受理: the date may not be before today; without `mode` the unit's own choice stands. */
export function acceptTask(id: string, input: { scheduledDate: string; mode?: DeliveryMode; version?: number }, opts?: CallOptions) {
  return request<TaskView>(`${path(id)}/accept`, { ...opts, method: 'POST', data: input })
}

export function returnTask(id: string, input: { reason: string; version?: number }, opts?: CallOptions) {
  return request<TaskView>(`${path(id)}/return`, { ...opts, method: 'POST', data: input })
}

/** 移出器具: an instrument of an accepted task that nobody presented. */
export function removeTaskItem(id: string, input: { instrumentId: string; reason: string; version?: number }, opts?: CallOptions) {
  return request<TaskView>(`${path(id)}/remove`, { ...opts, method: 'POST', data: input })
}
