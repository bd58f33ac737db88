export const BOOKING_STATUSES = [
  'draft',
  'submitted',
  'accepted',
  'returned',
  'in_progress',
  'completed',
  'withdrawn',
] as const
export type BookingStatus = (typeof BOOKING_STATUSES)[number]
export const BOOKING_STATUS_LABELS: Record<BookingStatus, string> = {
  draft: '暂存',
  submitted: '已提交',
  accepted: '已受理',
  returned: '已退回',
  in_progress: '检定中',
  completed: '已完成',
  withdrawn: '已撤销',
}

/** A verification task: the part of a booking one institution handles. */
export const TASK_STATUSES = ['submitted', 'accepted', 'returned', 'in_progress', 'completed', 'withdrawn'] as const
export type TaskStatus = (typeof TASK_STATUSES)[number]
export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  submitted: '待受理',
  accepted: '已受理',
  returned: '已退回',
  in_progress: '检定中',
  completed: '已完成',
  withdrawn: '已撤销',
}

export const BOOKING_ACTIONS = ['create', 'update', 'submit', 'resubmit', 'accept', 'return', 'withdraw', 'start', 'complete', 'remove'] as const
export type BookingAction = (typeof BOOKING_ACTIONS)[number]
export const BOOKING_ACTION_LABELS: Record<BookingAction, string> = {
  create: '创建预约单',
  update: '修改器具清单',
  submit: '提交申请',
  resubmit: '重新提交',
  accept: '受理',
  return: '退回',
  withdraw: '撤销',
  start: '开始检定',
  complete: '检定完成',
  remove: '移出器具',
}
