import { ApiError, errorMessage } from '@/services/errors'

/**
 * How a refused booking action is shown: a business rule (422) in full, since it names the
 * instruments; a conflict (409) as "changed meanwhile" with a reload; anything else as a toast.
 */
export interface Problem {
  kind: 'rule' | 'stale' | 'other'
  title: string
  message: string
  /** Instrument ids the server named, with its words for each. */
  byInstrument: Record<string, string>
}

/** `ids`: the list that was sent, so `instrumentIds.2` in the details names an instrument. */
export function problemOf(err: unknown, ids: string[] = []): Problem {
  if (!(err instanceof ApiError)) return { kind: 'other', title: '没有完成', message: errorMessage(err), byInstrument: {} }
  const byInstrument: Record<string, string> = {}
  for (const d of err.details) {
    const m = /^instrumentIds\.(\d+)$/.exec(d.path)
    const id = m ? ids[Number(m[1])] : undefined
    if (id) byInstrument[id] = d.message
  }
  if (err.status === 409) return { kind: 'stale', title: '预约单已被修改', message: err.message, byInstrument }
  if (err.status === 422) {
    const title = err.code === 'NO_INSTITUTION' ? '部分器具没有可分派的检定机构' : err.code === 'BOOKING_ITEMS_INVALID' ? '部分器具不能预约' : '没有完成'
    return { kind: 'rule', title, message: err.message, byInstrument }
  }
  return { kind: 'other', title: '没有完成', message: err.message, byInstrument }
}
