import { Text, View } from '@tarojs/components'
import './index.scss'

export interface ActiveFilter {
  /** The chip's element id. */
  id: string
  text: string
  onRemove: () => void
}

/** The filters in force, each removed with a tap, and 清除全部 when `onClearAll` is given. */
export default function FilterChips({ id, filters, onClearAll }: { id: string; filters: ActiveFilter[]; onClearAll?: { id: string; run: () => void } }) {
  if (filters.length === 0) return null
  return (
    <View className='filter-chips' id={id}>
      {filters.map((f) => (
        <View key={f.id} className='filter-chips__chip' id={f.id} onClick={f.onRemove}>
          <Text className='filter-chips__text'>{f.text}</Text>
          <Text className='filter-chips__x'>✕</Text>
        </View>
      ))}
      {onClearAll && (
        <Text className='qjt-link filter-chips__clear' id={onClearAll.id} onClick={onClearAll.run}>
          清除全部
        </Text>
      )}
    </View>
  )
}
