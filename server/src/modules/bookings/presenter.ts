import type { BookingView, HistoryEntryView, TaskSummaryView } from '@qjt/shared'
import type { BookingDoc, BookingTask, HistoryEntry } from './model'

export interface ContactBook {
  get(institutionId: string): { address: string | null; phone: string | null } | undefined
}

export function presentTask(task: BookingTask, contacts: ContactBook): TaskSummaryView {
  const contact = contacts.get(String(task.institutionId))
  return {
    id: String(task._id),
    institutionId: String(task.institutionId),
    institutionName: task.institutionName,
    institutionAddress: contact?.address ?? null,
    institutionPhone: contact?.phone ?? null,
    status: task.status,
    round: task.round,
    scheduledDate: task.scheduledDate ?? null,
    mode: task.mode ?? null,
    reason: task.reason ?? null,
    count: task.instrumentIds.length,
    closed: task.closed,
  }
}

export const presentHistory = (h: HistoryEntry): HistoryEntryView => ({
  at: h.at.toISOString(),
  by: h.by,
  action: h.action,
  note: h.note ?? null,
})

export function presentBooking(b: BookingDoc, contacts: ContactBook): BookingView {
  return {
    id: String(b._id),
    no: b.no,
    status: b.status,
    items: b.items.map((i) => ({
      instrumentId: String(i.instrumentId),
      code: i.code,
      name: i.name,
      level2Name: i.level2Name,
      serialNo: i.serialNo,
      regionCode: i.regionCode,
      deliveryMode: i.deliveryMode,
      taskId: i.taskId ? String(i.taskId) : null,
      removedReason: i.removedReason ?? null,
    })),
    count: b.items.length,
    // Newest round first; closed (returned and resubmitted) tasks stay visible as history.
    tasks: [...b.tasks].sort((x, y) => y.round - x.round).map((t) => presentTask(t, contacts)),
    history: b.history.map(presentHistory),
    createdAt: b.createdAt.toISOString(),
    submittedAt: b.submittedAt ? b.submittedAt.toISOString() : null,
    version: b.version,
  }
}
