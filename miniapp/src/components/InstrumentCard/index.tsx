import { Text, View } from '@tarojs/components'
import type { InstrumentView } from '@qjt/shared'
import ExpiryText from '@/components/ExpiryText'
import { InstrumentStatusTag, VerifyStatusTag } from '@/components/StatusTag'
import { cx } from '@/utils/cx'
import './index.scss'

interface Props {
  item: InstrumentView
  /** `${id}` on the card; ids must be unique among live pages. */
  id: string
  onClick: () => void
  /** In select mode the card shows a check box instead of the chevron. */
  selectable?: boolean
  selected?: boolean
}

/** One instrument in a list: name, 编码 · 二级目录, its tags and the date that matters. */
export default function InstrumentCard({ item, id, onClick, selectable, selected }: Props) {
  return (
    <View
      className={cx('qjt-card instrument-card', { 'instrument-card--selected': !!selected })}
      id={id}
      hoverClass='instrument-card--pressed'
      onClick={onClick}
    >
      {selectable && (
        <View className={cx('instrument-card__check', { 'instrument-card__check--on': !!selected })}>
          {selected && <Text>✓</Text>}
        </View>
      )}
      <View className='instrument-card__main'>
        <View className='instrument-card__head'>
          <Text className='instrument-card__name'>{item.name}</Text>
          <View className='instrument-card__tags'>
            {item.status !== 'in_use' && <InstrumentStatusTag status={item.status} />}
            <VerifyStatusTag status={item.verifyStatus} />
          </View>
        </View>
        <Text className='instrument-card__facts'>
          {item.code} · {item.level2Name}
        </Text>
        <Text className='instrument-card__facts'>
          出厂编号 {item.serialNo}
          {item.quantity > 1 ? ` · ${item.quantity}台` : ''}
        </Text>
        <ExpiryText validUntil={item.validUntil} overdue={item.overdue} />
      </View>
      {!selectable && <View className='qjt-cell__arrow instrument-card__arrow' />}
    </View>
  )
}
