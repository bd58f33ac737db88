import { ScrollView, Text } from '@tarojs/components'
import { cx } from '@/utils/cx'
import './index.scss'

export interface ChipBarOption {
  /** The chip's element id. */
  id: string
  label: string
  on: boolean
  onPick: () => void
  /** No tick when chosen (全部, which is chosen when nothing else is). */
  plain?: boolean
}

/** One-tap filters in a row that scrolls sideways; a chosen chip is filled and ticked. */
export default function ChipBar({ id, options, large }: { id: string; options: ChipBarOption[]; large?: boolean }) {
  return (
    <ScrollView scrollX className='chip-bar' id={id}>
      {options.map((o) => (
        <Text key={o.id} id={o.id} className={cx('chip-bar__chip', { 'chip-bar__chip--large': !!large, 'chip-bar__chip--on': o.on })} onClick={o.onPick}>
          {o.on && !o.plain ? `✓ ${o.label}` : o.label}
        </Text>
      ))}
    </ScrollView>
  )
}
