import type { BookingStatus, TaskStatus } from '@qjt/shared'

/**
 * The booking's life as plain rules over its tasks, tested as tables. A booking's status is
 * never stored on its own authority: it is derived from its tasks by `bookingStatus`, in one place.
 */

export interface TaskState {
  status: TaskStatus
  /** A returned task closes when the unit resubmits; its instruments go to a new task. */
  closed: boolean
}

export interface BookingState {
  withdrawn: boolean
  tasks: TaskState[]
}

const open = (tasks: TaskState[]) => tasks.filter((t) => !t.closed)

/** 暂存 → 已提交 → 已受理 / 已退回 → 检定中 → 已完成; 已撤销 by the unit. */
export function bookingStatus(b: BookingState): BookingStatus {
  if (b.withdrawn) return 'withdrawn'
  const tasks = open(b.tasks)
  if (tasks.length === 0) return 'draft'
  if (tasks.some((t) => t.status === 'returned')) return 'returned'
  if (tasks.every((t) => t.status === 'completed')) return 'completed'
  if (tasks.some((t) => t.status === 'in_progress' || t.status === 'completed')) return 'in_progress'
  if (tasks.every((t) => t.status === 'accepted')) return 'accepted'
  return 'submitted'
}

/** Statuses in which the unit's booking holds its instruments (they are 已预约 in the ledger). */
export const OPEN_STATUSES: readonly BookingStatus[] = ['submitted', 'accepted', 'returned', 'in_progress']

export type BookingAct = 'edit' | 'delete' | 'submit' | 'withdraw'
/**
 * accept/return: the reviewer; remove: the reviewer takes an instrument nobody presented off the
 * task; record: a 检定员 records an instrument; complete: its last record is approved.
 */
export type TaskAct = 'accept' | 'return' | 'remove' | 'record' | 'complete'

const BOOKING_RULES: Record<BookingAct, { when: BookingStatus[]; refused: string }> = {
  edit: { when: ['draft', 'returned'], refused: '预约单已提交，不能修改' },
  delete: { when: ['draft'], refused: '只能删除暂存的预约单' },
  submit: { when: ['draft', 'returned'], refused: '预约单已提交，不能重复提交' },
  withdraw: { when: ['submitted', 'returned'], refused: '检定机构已受理，不能撤销' },
}

/** Why the unit cannot do `act` now, or null. */
export function refuseBookingAct(act: BookingAct, b: BookingState): string | null {
  const status = bookingStatus(b)
  if (status === 'withdrawn') return '预约单已撤销'
  if (!BOOKING_RULES[act].when.includes(status)) return BOOKING_RULES[act].refused
  // Until an institution accepts: a returned booking whose other task was accepted stays.
  if (act === 'withdraw' && open(b.tasks).some((t) => ['accepted', 'in_progress', 'completed'].includes(t.status))) {
    return BOOKING_RULES.withdraw.refused
  }
  return null
}

const TASK_RULES: Record<TaskAct, { when: TaskStatus[]; refused: Partial<Record<TaskStatus, string>> }> = {
  accept: {
    when: ['submitted'],
    refused: { accepted: '任务已受理', returned: '任务已退回', withdrawn: '单位已撤销预约', in_progress: '任务已在检定中', completed: '任务已完成' },
  },
  return: {
    when: ['submitted'],
    refused: { accepted: '任务已受理，不能退回', returned: '任务已退回', withdrawn: '单位已撤销预约', in_progress: '任务已在检定中', completed: '任务已完成' },
  },
  remove: {
    when: ['accepted', 'in_progress'],
    refused: { submitted: '任务尚未受理，可以直接退回', returned: '任务已退回', withdrawn: '单位已撤销预约', completed: '任务已完成' },
  },
  record: {
    when: ['accepted', 'in_progress'],
    refused: { submitted: '任务尚未受理，不能录入检定数据', returned: '任务已退回', withdrawn: '单位已撤销预约', completed: '任务已完成' },
  },
  // From 已受理 too: a record whose task start was interrupted still completes its task.
  complete: {
    when: ['accepted', 'in_progress'],
    refused: { submitted: '任务尚未受理', returned: '任务已退回', withdrawn: '单位已撤销预约', completed: '任务已完成' },
  },
}

/** The status a task moves to by `act`, for the acts the institution's verification drives. */
export const TASK_MOVES: Record<'record' | 'complete', TaskStatus> = { record: 'in_progress', complete: 'completed' }

/** Why the institution cannot do `act` on the task now, or null. */
export function refuseTaskAct(act: TaskAct, task: TaskState): string | null {
  if (task.closed) return '任务已关闭'
  const rule = TASK_RULES[act]
  return rule.when.includes(task.status) ? null : (rule.refused[task.status] ?? '任务当前状态不能进行此操作')
}
