import type { BookingStatus, TaskStatus } from '@qjt/shared'
import { bookingStatus, refuseBookingAct, refuseTaskAct, type BookingAct, type BookingState, type TaskAct } from './state'

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
    ['submitted', { accept: true, return: true }],
    ['accepted', { accept: false, return: false }],
    ['returned', { accept: false, return: false }],
    ['withdrawn', { accept: false, return: false }],
    ['in_progress', { accept: false, return: false }],
    ['completed', { accept: false, return: false }],
  ]
  it.each(table)('%s', (status, allowed) => {
    for (const act of Object.keys(allowed) as TaskAct[]) {
      expect([act, refuseTaskAct(act, t(status)) === null]).toEqual([act, allowed[act]])
    }
  })

  it('says why in Chinese', () => {
    expect(refuseTaskAct('accept', t('withdrawn'))).toBe('单位已撤销预约')
    expect(refuseTaskAct('accept', t('submitted', true))).toBe('任务已关闭')
  })
})
