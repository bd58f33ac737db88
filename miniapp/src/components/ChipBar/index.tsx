import { ScrollView, Text } from '@tarojs/components'
import type { ReactNode } from 'react'
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

interface Props {
  id: string
  options: ChipBarOption[]
  large?: boolean
  /** Adjusts the row to where it stands (e.g. inside a sheet rather than on a page). */
  className?: string
  /** More chips after the options, e.g. one that opens a picker (style it with `chipClass`). */
  children?: ReactNode
}

/** The class of one chip, for a chip drawn by someone else (a picker's trigger). */
export const chipClass = (on: boolean, large?: boolean) => cx('chip-bar__chip', { 'chip-bar__chip--large': !!large, 'chip-bar__chip--on': on })

/** One-tap filters in a row that scrolls sideways; a chosen chip is filled and ticked. */
export default function ChipBar({ id, options, large, className, children }: Props) {
  return (
    <ScrollView scrollX className={cx('chip-bar', className)} id={id}>
      {options.map((o) => (
        <Text key={o.id} id={o.id} className={chipClass(o.on, large)} onClick={o.onPick}>
          {o.on && !o.plain ? `✓ ${o.label}` : o.label}
        </Text>
      ))}
      {children}
    </ScrollView>
  )
}
