import { BOOKING_STATUS_LABELS, DELIVERY_MODE_LABELS, type NotificationEvent } from '@qjt/shared'

/**
 * The WeChat templates notifications are sent with, and how each event fills them: data, in one
 * place. Template ids come from configuration (`WECHAT_TMPL_*`, `WECHAT_OA_TMPL_*`); the keys
 * below must match the templates chosen in the mini-program's and the official account's consoles.
 *
 * An event's text is written per *slot* (`bookingNo`, `note`…); each template says which of its
 * keys holds which slot. In a slot's text `{field}` is an intent field, `{field|text}` the same
 * with a fallback, and `{at}` the intent's time (`2026-11-27 15:32`, China time; an instant in
 * the fields, such as `time`, is not used: the intent's `at` is the event's time). Values are cut
 * to the key type's rule when sent; a key left empty is left out.
 */

export type TemplateName = 'booking' | 'task' | 'reminder'
export type TemplateChannel = 'subscribe' | 'oa'

export interface TemplateSpec {
  /** As shown in the console and in `wx.requestSubscribeMessage`'s popup. */
  title: string
  /** Slot → template key, with the key's label in the console as a comment. */
  keys: Record<string, string>
}

export const TEMPLATES: Record<TemplateChannel, Record<TemplateName, TemplateSpec>> = {
  subscribe: {
    booking: {
      title: '预约状态通知',
      keys: {
        bookingNo: 'character_string1', // 预约编号
        status: 'phrase2', // 预约状态
        at: 'time3', // 办理时间
        institution: 'thing4', // 检定机构
        note: 'thing5', // 备注
      },
    },
    task: {
      title: '新检定任务提醒',
      keys: {
        bookingNo: 'character_string1', // 预约编号
        unit: 'thing2', // 送检单位
        count: 'number3', // 器具数量
        at: 'time4', // 提交时间
        note: 'thing5', // 备注
      },
    },
    reminder: {
      title: '检定到期提醒',
      keys: {
        instrument: 'thing1', // 器具名称
        code: 'character_string2', // 器具编码
        validUntil: 'date3', // 有效期至
        note: 'thing4', // 温馨提示
      },
    },
  },
  oa: {
    booking: {
      title: '预约进度通知',
      keys: {
        bookingNo: 'character_string1', // 预约编号
        status: 'phrase2', // 预约状态
        at: 'time3', // 更新时间
        institution: 'thing4', // 检定机构
        note: 'thing5', // 说明
      },
    },
    task: {
      title: '检定任务通知',
      keys: {
        bookingNo: 'character_string1', // 预约编号
        unit: 'thing2', // 送检单位
        count: 'number3', // 器具数量
        at: 'time4', // 提交时间
        note: 'thing5', // 说明
      },
    },
    reminder: {
      title: '计量器具到期提醒',
      keys: {
        instrument: 'thing1', // 器具名称
        code: 'character_string2', // 器具编码
        validUntil: 'date3', // 有效期至
        note: 'thing4', // 提醒内容
      },
    },
  },
}

export interface EventTemplate {
  template: TemplateName
  /** Slot → text. */
  slots: Record<string, string>
}

export const EVENT_TEMPLATES: Record<NotificationEvent, EventTemplate> = {
  booking_submitted: {
    template: 'booking',
    slots: {
      bookingNo: '{bookingNo}',
      status: '{status|已提交}',
      at: '{at}',
      institution: '{institutionName}',
      note: '已提交，等待检定机构受理',
    },
  },
  booking_accepted: {
    template: 'booking',
    slots: {
      bookingNo: '{bookingNo}',
      status: '{status|已受理}',
      at: '{at}',
      institution: '{institutionName}',
      note: '检定日期 {date|待定} {mode}',
    },
  },
  booking_returned: {
    template: 'booking',
    slots: {
      bookingNo: '{bookingNo}',
      status: '{status|已退回}',
      at: '{at}',
      institution: '{institutionName}',
      note: '退回原因：{reason|请查看详情}',
    },
  },
  booking_withdrawn: {
    template: 'booking',
    slots: {
      bookingNo: '{bookingNo}',
      status: '{status|已撤销}',
      at: '{at}',
      institution: '{institutionName}',
      note: '预约已撤销',
    },
  },
  booking_item_removed: {
    template: 'booking',
    slots: {
      bookingNo: '{bookingNo}',
      status: '{status|器具移出}',
      at: '{at}',
      institution: '{institutionName}',
      note: '{instrumentName}移出：{reason}',
    },
  },
  task_created: {
    template: 'task',
    slots: {
      bookingNo: '{bookingNo}',
      unit: '{unitName}',
      count: '{count}',
      at: '{at}',
      note: '新的检定任务，请及时受理',
    },
  },
  certificate_issued: {
    template: 'booking',
    slots: {
      bookingNo: '{bookingNo}',
      status: '{status|已出证}',
      at: '{at}',
      institution: '{institutionName}',
      note: '证书 {certificateNo|请查看详情}',
    },
  },
  // Reminders: `instrumentName` is one instrument's name or "电子计价秤等12台" for a unit's digest.
  reminder_due: {
    template: 'reminder',
    slots: { instrument: '{instrumentName}', code: '{code}', validUntil: '{validUntil}', note: '{note|请及时预约检定}' },
  },
  reminder_overdue: {
    template: 'reminder',
    slots: { instrument: '{instrumentName}', code: '{code}', validUntil: '{validUntil}', note: '{note|已逾期，依法应停止使用并尽快检定}' },
  },
}

/** Codes an intent may carry in a field, shown by their Chinese label. */
export const FIELD_LABELS: Record<string, Record<string, string>> = {
  status: BOOKING_STATUS_LABELS,
  mode: DELIVERY_MODE_LABELS,
}
