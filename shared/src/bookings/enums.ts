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
