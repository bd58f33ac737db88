import { chinaToday } from '@qjt/shared'
import { nextSequence } from '../../db/claims'

/** 预约编号: `yyyyMMdd` (China date) + a 5-digit sequence of that day, e.g. 2024052703214. */
export async function newBookingNo(now: Date): Promise<string> {
  const day = chinaToday(now).replaceAll('-', '')
  const seq = await nextSequence(`booking:${day}`)
  return `${day}${String(seq).padStart(5, '0')}`
}
