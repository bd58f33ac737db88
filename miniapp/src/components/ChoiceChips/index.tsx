import { Text, View } from '@tarojs/components'
import { cx } from '@/utils/cx'
import './index.scss'

export interface Choice<T extends string> {
  value: T
  label: string
}

/** Every choice of a short closed list (≤ 6), in view and one tap away; `${id}-${value}` per chip. */
export default function ChoiceChips<T extends string>({
  options,
  value,
  onChange,
  id,
  deselectable,
}: {
  options: readonly Choice<T>[]
  value: T | '' | undefined
  onChange: (value: T | '') => void
  id: string
  /** Tapping the chosen chip again clears the choice (filters). */
  deselectable?: boolean
}) {
  return (
    <View className='choice-chips' id={id}>
      {options.map((o) => {
        const on = o.value === value
        return (
          <View
            key={o.value}
            id={`${id}-${o.value}`}
            className={cx('choice-chips__chip', { 'choice-chips__chip--on': on })}
            onClick={() => onChange(on && deselectable ? '' : o.value)}
          >
            {on && <Text className='choice-chips__check'>✓</Text>}
            <Text>{o.label}</Text>
          </View>
        )
      })}
    </View>
  )
}

/** Chips from a code → label table, in its order. */
export function choicesOf<T extends string>(labels: Record<T, string>): Choice<T>[] {
  return (Object.keys(labels) as T[]).map((value) => ({ value, label: labels[value] }))
}
