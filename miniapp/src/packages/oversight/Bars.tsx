import { Text, View } from '@tarojs/components'
import { cx } from '@/utils/cx'

export interface Bar {
  key: string
  label: string
  value: number
  /** A second figure in words after the number, e.g. 逾期 3. */
  note?: string
  tone?: 'primary' | 'success' | 'warning' | 'danger' | 'muted' | 'info'
}

/**
 * Horizontal bars drawn with views: the label, the bar (length against the largest), and the
 * number in words beside it, so the figure reads without the colour.
 */
export default function Bars({ rows, unit, id }: { rows: Bar[]; unit: string; id: string }) {
  const max = Math.max(1, ...rows.map((r) => r.value))
  if (!rows.length) return <Text className='qjt-muted'>暂无数据</Text>
  return (
    <View className='bars' id={id}>
      {rows.map((r) => (
        <View key={r.key} className='bars__row' id={`${id}-${r.key}`}>
          <Text className='bars__label'>{r.label}</Text>
          <View className='bars__track'>
            <View className={cx('bars__fill', `bars__fill--${r.tone ?? 'primary'}`)} style={{ width: `${r.value === 0 ? 0 : Math.max(2, (r.value / max) * 100)}%` }} />
          </View>
          <Text className='bars__value'>
            {r.value}
            <Text className='bars__unit'> {unit}</Text>
            {r.note && <Text className='bars__note'> · {r.note}</Text>}
          </Text>
        </View>
      ))}
    </View>
  )
}

/** A share (0–1) as one bar out of 100 %, with the percentage and what it counts; "暂无" without data. */
export function Rate({ label, value, basis, id }: { label: string; value: number | null; basis: string; id: string }) {
  const pct = value === null ? null : Math.round(value * 1000) / 10
  return (
    <View className='rate' id={id}>
      <View className='qjt-row'>
        <Text className='rate__label'>{label}</Text>
        <Text className='rate__value'>{pct === null ? '暂无' : `${pct}%`}</Text>
      </View>
      <View className='bars__track rate__track'>
        <View className={cx('bars__fill', pct !== null && pct < 80 ? 'bars__fill--warning' : 'bars__fill--success')} style={{ width: `${pct ?? 0}%` }} />
      </View>
      <Text className='qjt-muted rate__basis'>{basis}</Text>
    </View>
  )
}
