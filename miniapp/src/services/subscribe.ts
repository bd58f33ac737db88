import Taro from '@tarojs/taro'
import { SUBSCRIBE_RESULTS, SUBSCRIBE_TEMPLATES_MAX, type SubscribeResult, type SubscribeTemplatesView } from '@qjt/shared'
import { isWeapp } from '@/utils/platform'
import { getSubscribeTemplates, recordSubscriptions } from './api/notifications'

/** When in a flow we ask: each moment has its own templates on the server. */
export type SubscribeMoment = 'atBookingSubmit' | 'atTaskQueue' | 'atLedger'

let templates: SubscribeTemplatesView | null = null
let loading: Promise<void> | null = null

/**
 * Loads the template ids before the user taps: WeChat opens its subscribe popup only from within a
 * tap, so there must be no network wait between the tap and `requestSubscribeMessage`.
 */
export function prefetchSubscribeTemplates(): void {
  if (!isWeapp || templates || loading) return
  loading = getSubscribeTemplates({ toast: false, loginRedirect: false })
    .then((t) => {
      templates = t
    })
    .catch(() => undefined)
    .finally(() => {
      loading = null
    })
}

const isResult = (v: unknown): v is SubscribeResult => typeof v === 'string' && (SUBSCRIBE_RESULTS as readonly string[]).includes(v)

/**
 * Asks for the moment's subscribe messages and tells the server what the user answered; resolves
 * to how many the user accepted (null when nothing was asked). Call it first thing in a tap
 * handler. Never fails: a refusal or an error only means no WeChat message.
 */
export async function askSubscribe(moment: SubscribeMoment): Promise<number | null> {
  if (!isWeapp) return null
  const ids = (templates?.[moment] ?? []).slice(0, SUBSCRIBE_TEMPLATES_MAX)
  if (!ids.length) return null
  let answer: Record<string, unknown>
  try {
    answer = (await Taro.requestSubscribeMessage({ tmplIds: ids } as Taro.requestSubscribeMessage.Option)) as unknown as Record<string, unknown>
  } catch {
    return 0
  }
  const results: Record<string, SubscribeResult> = {}
  for (const id of ids) {
    const value = answer[id]
    if (isResult(value)) results[id] = value
  }
  if (Object.keys(results).length) await recordSubscriptions({ results }, { toast: false, loginRedirect: false }).catch(() => undefined)
  return Object.values(results).filter((r) => r === 'accept' || r === 'acceptWithAudio').length
}
