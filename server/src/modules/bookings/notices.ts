import { DELIVERY_MODE_LABELS, type DeliveryMode } from '@qjt/shared'
import type { NotificationIntent } from '../notifications/intent'
import type { BookingDoc, BookingItem, BookingTask } from './model'

export type { NotificationIntent }

export interface Notifier {
  enqueue(intents: NotificationIntent[]): Promise<unknown>
}

export interface InstitutionContact {
  address: string | null
  phone: string | null
}

const bookingPage = (b: BookingDoc) => `packages/booking/detail/index?id=${String(b._id)}`
const taskPage = (task: BookingTask) => `packages/tasks/detail/index?id=${String(task._id)}`

/**
 * The receipts a unit gets in place of the national system's SMS, and the new-task notice an
 * institution's reviewers get. Ids are fixed by booking, event and history position, so writing
 * the same notices twice (a retry after a crash) sends nothing twice.
 */
export const notices = {
  submitted(b: BookingDoc, at: Date, seq: number, newTasks: BookingTask[], unitName: string): NotificationIntent[] {
    const names = newTasks.map((t) => t.institutionName).join('、')
    return [
      {
        id: `booking:${String(b._id)}:${seq}:submitted`,
        event: 'booking_submitted',
        orgId: String(b.orgId),
        title: '预约申请已提交',
        body: `预约单 ${b.no} 已提交，共 ${newTasks.reduce((n, t) => n + t.instrumentIds.length, 0)} 台器具，已分派给${names}，请等待受理。`,
        page: bookingPage(b),
        fields: { bookingNo: b.no, status: '已提交', institutionName: names },
        at,
      },
      ...newTasks.map<NotificationIntent>((task) => ({
        id: `task:${String(task._id)}:created`,
        event: 'task_created',
        orgId: String(task.institutionId),
        roles: ['inst_reviewer'],
        title: '新的检定任务',
        body: `收到预约单 ${b.no} 的检定任务，共 ${task.instrumentIds.length} 台器具，请及时受理。`,
        page: taskPage(task),
        fields: { bookingNo: b.no, status: '待受理', unitName, count: String(task.instrumentIds.length) },
        at,
      })),
    ]
  },

  accepted(b: BookingDoc, task: BookingTask, at: Date, seq: number, contact: InstitutionContact): NotificationIntent {
    const mode = DELIVERY_MODE_LABELS[task.mode as DeliveryMode]
    const where = [contact.address && `地址：${contact.address}`, contact.phone && `电话：${contact.phone}`].filter(Boolean).join('，')
    return {
      id: `booking:${String(b._id)}:${seq}:accepted`,
      event: 'booking_accepted',
      orgId: String(b.orgId),
      title: '预约已受理',
      body: `${task.institutionName}已受理预约单 ${b.no}，检定日期 ${task.scheduledDate}，方式：${mode}。${where}`,
      page: bookingPage(b),
      fields: {
        bookingNo: b.no,
        status: '已受理',
        date: task.scheduledDate ?? '',
        mode,
        institutionName: task.institutionName,
        address: contact.address ?? '',
        phone: contact.phone ?? '',
      },
      at,
    }
  },

  returned(b: BookingDoc, task: BookingTask, at: Date, seq: number): NotificationIntent {
    return {
      id: `booking:${String(b._id)}:${seq}:returned`,
      event: 'booking_returned',
      orgId: String(b.orgId),
      title: '预约被退回',
      body: `${task.institutionName}退回了预约单 ${b.no}：${task.reason}。请修改后重新提交。`,
      page: bookingPage(b),
      fields: { bookingNo: b.no, status: '已退回', institutionName: task.institutionName, reason: task.reason ?? '' },
      at,
    }
  },

  removed(b: BookingDoc, task: BookingTask, item: BookingItem, reason: string, at: Date, seq: number): NotificationIntent {
    return {
      id: `booking:${String(b._id)}:${seq}:removed`,
      event: 'booking_item_removed',
      orgId: String(b.orgId),
      title: '器具移出检定任务',
      body: `${task.institutionName}将${item.name}（${item.code}）移出预约单 ${b.no} 的检定任务：${reason}。该器具已恢复为可预约状态，请另行预约。`,
      page: bookingPage(b),
      fields: { bookingNo: b.no, status: '器具移出', institutionName: task.institutionName, instrumentName: item.name, reason },
      at,
    }
  },

  withdrawn(b: BookingDoc, at: Date, seq: number): NotificationIntent {
    return {
      id: `booking:${String(b._id)}:${seq}:withdrawn`,
      event: 'booking_withdrawn',
      orgId: String(b.orgId),
      title: '预约已撤销',
      body: `预约单 ${b.no} 已撤销，器具已恢复为可预约状态。`,
      page: bookingPage(b),
      fields: { bookingNo: b.no, status: '已撤销' },
      at,
    }
  },
}
