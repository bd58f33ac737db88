import type { BookingStatus, TaskStatus } from '@qjt/shared'
import { TASK_MOVES, bookingStatus, refuseBookingAct, refuseTaskAct, type BookingAct, type BookingState, type TaskAct } from './state'

const t = (status: TaskStatus, closed = false) => ({ status, closed })
const b = (tasks: ReturnType<typeof t>[], withdrawn = false): BookingState => ({ tasks, withdrawn })

describe('the booking status follows its tasks', () => {
  const table: [string, BookingState, BookingStatus][] = [
    ['no tasks', b([]), 'draft'],
    ['withdrawn wins', b([t('withdrawn')], true), 'withdrawn'],
    ['all submitted', b([t('submitted'), t('submitted')]), 'submitted'],
    ['one of two accepted', b([t('accepted'), t('submitted')]), 'submitted'],
    ['all accepted', b([t('accepted'), t('accepted')]), 'accepted'],
    ['any returned', b([t('accepted'), t('returned')]), 'returned'],
    ['returned and closed, new round submitted', b([t('returned', true), t('submitted')]), 'submitted'],
    ['one in progress', b([t('in_progress'), t('accepted')]), 'in_progress'],
    ['one completed, one accepted', b([t('completed'), t('accepted')]), 'in_progress'],
    ['all completed', b([t('completed'), t('completed')]), 'completed'],
    ['only closed tasks', b([t('returned', true)]), 'draft'],
  ]
  it.each(table)('%s → %s', (_name, state, expected) => {
    expect(bookingStatus(state)).toBe(expected)
  })
})

describe('what the unit may do', () => {
  const table: [string, BookingState, Record<BookingAct, boolean>][] = [
    ['draft', b([]), { edit: true, delete: true, submit: true, withdraw: false }],
    ['submitted', b([t('submitted')]), { edit: false, delete: false, submit: false, withdraw: true }],
    ['accepted', b([t('accepted')]), { edit: false, delete: false, submit: false, withdraw: false }],
    ['partly accepted', b([t('accepted'), t('submitted')]), { edit: false, delete: false, submit: false, withdraw: false }],
    ['returned', b([t('returned')]), { edit: true, delete: false, submit: true, withdraw: true }],
    ['returned, other accepted', b([t('returned'), t('accepted')]), { edit: true, delete: false, submit: true, withdraw: false }],
    ['in_progress', b([t('in_progress')]), { edit: false, delete: false, submit: false, withdraw: false }],
    ['completed', b([t('completed')]), { edit: false, delete: false, submit: false, withdraw: false }],
    ['withdrawn', b([t('withdrawn')], true), { edit: false, delete: false, submit: false, withdraw: false }],
  ]
  it.each(table)('%s', (_name, state, allowed) => {
    for (const act of Object.keys(allowed) as BookingAct[]) {
      expect([act, refuseBookingAct(act, state) === null]).toEqual([act, allowed[act]])
    }
  })
})

describe('what the institution may do with a task', () => {
  const table: [TaskStatus, Record<TaskAct, boolean>][] = [
    ['submitted', { accept: true, return: true, remove: false, record: false, complete: false }],
    ['accepted', { accept: false, return: false, remove: true, record: true, complete: true }],
    ['returned', { accept: false, return: false, remove: false, record: false, complete: false }],
    ['withdrawn', { accept: false, return: false, remove: false, record: false, complete: false }],
    ['in_progress', { accept: false, return: false, remove: true, record: true, complete: true }],
    ['completed', { accept: false, return: false, remove: false, record: false, complete: false }],
  ]
  it.each(table)('%s', (status, allowed) => {
    for (const act of Object.keys(allowed) as TaskAct[]) {
      expect([act, refuseTaskAct(act, t(status)) === null]).toEqual([act, allowed[act]])
    }
  })

  it('says why in Chinese', () => {
    expect(refuseTaskAct('accept', t('withdrawn'))).toBe('单位已撤销预约')
    expect(refuseTaskAct('accept', t('submitted', true))).toBe('任务已关闭')
    expect(refuseTaskAct('record', t('submitted'))).toBe('任务尚未受理，不能录入检定数据')
    expect(refuseTaskAct('record', t('completed'))).toBe('任务已完成')
  })
})

describe('verification moves the booking on through its tasks', () => {
  // The booking before, the task that moves, by which act → the booking after.
  const table: [string, BookingState, number, keyof typeof TASK_MOVES, BookingStatus, BookingStatus][] = [
    ['first record of the only task', b([t('accepted')]), 0, 'record', 'accepted', 'in_progress'],
    ['first record while another task waits for acceptance', b([t('accepted'), t('submitted')]), 0, 'record', 'submitted', 'in_progress'],
    ['first record, other task returned', b([t('accepted'), t('returned')]), 0, 'record', 'returned', 'returned'],
    ['last record of the only task', b([t('in_progress')]), 0, 'complete', 'in_progress', 'completed'],
    ['one of two tasks done', b([t('in_progress'), t('accepted')]), 0, 'complete', 'in_progress', 'in_progress'],
    ['the other task done too', b([t('completed'), t('in_progress')]), 1, 'complete', 'in_progress', 'completed'],
    ['done beside a closed returned task', b([t('returned', true), t('in_progress')]), 1, 'complete', 'in_progress', 'completed'],
    ['completed straight from accepted', b([t('accepted')]), 0, 'complete', 'accepted', 'completed'],
  ]
  it.each(table)('%s', (_name, state, index, act, before, after) => {
    expect(bookingStatus(state)).toBe(before)
    expect(refuseTaskAct(act, state.tasks[index]!)).toBeNull()
    const tasks = state.tasks.map((task, i) => (i === index ? { ...task, status: TASK_MOVES[act] } : task))
    expect(bookingStatus({ ...state, tasks })).toBe(after)
  })
})
