import { Text, View } from '@tarojs/components'
import { chinaToday, daysBetween } from '@qjt/shared'
import { cx } from '@/utils/cx'
import './index.scss'

/** Days before 有效期至 from which an instrument is shown as due soon. */
export const DUE_SOON_DAYS = 30

export interface Expiry {
  tone: 'danger' | 'warning' | 'muted'
  /** Says in words what the colour shows; null when there is no date. */
  word: string | null
}

/** How urgent an instrument's 有效期至 is, in China time. */
export function expiryOf(validUntil: string | null, overdue: boolean, today: string = chinaToday()): Expiry {
  if (!validUntil) return { tone: overdue ? 'danger' : 'muted', word: overdue ? '已逾期' : null }
  const days = daysBetween(today, validUntil)
  // The server's verdict decides 逾期 (a scrapped instrument is past its date but not overdue).
  if (overdue) return { tone: 'danger', word: days < 0 && days >= -90 ? `已逾期${-days}天` : '已逾期' }
  if (days < 0) return { tone: 'muted', word: '已过期' }
  if (days === 0) return { tone: 'warning', word: '今天到期' }
  if (days <= DUE_SOON_DAYS) return { tone: 'warning', word: `${days}天后到期` }
  return { tone: 'muted', word: '有效' }
}

/** 有效期至 with its urgency: red overdue, amber within 30 days, grey otherwise — always with a word. */
export default function ExpiryText({ validUntil, overdue, id, large, plainValid }: { validUntil: string | null; overdue: boolean; id?: string; large?: boolean; plainValid?: boolean }) {
  const e = expiryOf(validUntil, overdue)
  // Where a status tag beside it already says 有效, the word would only repeat it.
  if (plainValid && e.word === '有效') e.word = null
  return (
    <View className={cx('expiry', `expiry--${e.tone}`, { 'expiry--large': !!large })} id={id}>
      <Text className='expiry__label'>有效期至</Text>
      <Text className='expiry__date'>{validUntil ?? '未登记'}</Text>
      {e.word && <Text className='expiry__word'>{e.word}</Text>}
    </View>
  )
}
