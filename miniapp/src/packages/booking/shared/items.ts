import type { BookingView, InstrumentView } from '@qjt/shared'

/** An instrument on the booking being edited, with what the list shows of it. */
export interface Chosen {
  id: string
  code: string
  name: string
  level2Name: string
  serialNo: string
  /** Why it cannot be taken off the list (an institution already has it), or absent. */
  locked?: string
}

export function chosenOf(i: InstrumentView): Chosen {
  return { id: i.id, code: i.code, name: i.name, level2Name: i.level2Name, serialNo: i.serialNo }
}

/**
 * The booking's instruments as the editor starts from them. Those an institution holds (a task
 * not returned) stay: the server refuses to take them off.
 */
export function chosenFromBooking(b: BookingView): Chosen[] {
  const taskOf = new Map(b.tasks.map((t) => [t.id, t]))
  return b.items.map((i) => {
    const task = i.taskId ? taskOf.get(i.taskId) : undefined
    const locked =
      task && task.status !== 'returned'
        ? task.status === 'submitted'
          ? `已提交给${task.institutionName}，不能删除`
          : `已由${task.institutionName}受理，不能删除`
        : undefined
    return { id: i.instrumentId, code: i.code, name: i.name, level2Name: i.level2Name, serialNo: i.serialNo, locked }
  })
}

export const idsOf = (items: { id: string }[]) => items.map((i) => i.id)

/** Same instruments, whatever the order. */
export function sameIds(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false
  const set = new Set(a)
  return b.every((id) => set.has(id))
}

/**
 * Why an instrument cannot go on this booking, in the words the server uses, or null.
 * `bookingId`: the booking being edited, whose own instruments stay selectable.
 */
export function ineligibleReason(i: InstrumentView, bookingId: string | null): string | null {
  if (i.status === 'disabled') return '已停用，不能预约'
  if (i.status === 'scrapped') return '已报废，不能预约'
  if (i.openBookingId && i.openBookingId !== bookingId) return '已在其他未完成的预约中'
  return null
}
