import { Popup } from '@nutui/nutui-react-taro'
import { Button, ScrollView, Text, View } from '@tarojs/components'
import { BATCH_ACTION_LABELS, type BatchAction } from '@qjt/shared'
import CataloguePicker, { type CatalogueChoice } from '@/components/CataloguePicker'
import { cx } from '@/utils/cx'

export interface BatchOutcome {
  action: BatchAction
  done: number
  refused: { id: string; code: string; name: string; message: string }[]
}

const DONE_WORD: Record<BatchAction, string> = {
  setCatalogue: '已修改二级目录',
  disable: '已停用',
  enable: '已启用',
  scrap: '已报废',
  delete: '已删除',
}

/** 完成 8 项，2 项未处理 — the same words wherever a batch reports. */
export function outcomeSummary(o: BatchOutcome): string {
  return o.refused.length ? `完成 ${o.done} 项，${o.refused.length} 项未处理` : `完成 ${o.done} 项`
}

interface BarProps {
  count: number
  allOnPageSelected: boolean
  busy: boolean
  onToggleAll: () => void
  onExit: () => void
  onAction: (action: Exclude<BatchAction, 'setCatalogue'>) => void
  onCatalogue: (choice: CatalogueChoice) => void
}

const ACTIONS: { action: Exclude<BatchAction, 'setCatalogue'>; text: string; danger?: boolean }[] = [
  { action: 'disable', text: '停用' },
  { action: 'enable', text: '启用' },
  { action: 'scrap', text: '报废', danger: true },
  { action: 'delete', text: '删除', danger: true },
]

/** Select mode's footer: how many are chosen, 全选本页, and what can be done to them. */
export function BatchBar({ count, allOnPageSelected, busy, onToggleAll, onExit, onAction, onCatalogue }: BarProps) {
  const off = count === 0 || busy
  return (
    <View className='ledger-batch'>
      <View className='ledger-batch__top'>
        <Text className='ledger-batch__count' id='ledger-batch-count'>
          已选 <Text className='ledger-batch__num'>{count}</Text> 台
        </Text>
        <View className='ledger-batch__links'>
          <Text className='ledger-batch__link' id='ledger-select-all' onClick={onToggleAll}>
            {allOnPageSelected ? '取消全选' : '全选本页'}
          </Text>
          <Text className='ledger-batch__link' id='ledger-select-exit' onClick={onExit}>
            退出选择
          </Text>
        </View>
      </View>
      <View className='ledger-batch__actions'>
        {ACTIONS.map((a) => (
          <Button
            key={a.action}
            id={`ledger-batch-${a.action}`}
            className={cx('qjt-btn qjt-btn--small ledger-batch__btn', a.danger ? 'qjt-btn--danger' : 'qjt-btn--plain', { 'qjt-btn--disabled': off })}
            disabled={off}
            onClick={() => onAction(a.action)}
          >
            {a.text}
          </Button>
        ))}
        {off ? (
          <Button id='ledger-batch-catalogue' className='qjt-btn qjt-btn--small qjt-btn--plain qjt-btn--disabled ledger-batch__btn' disabled>
            改目录
          </Button>
        ) : (
          <View className='ledger-batch__btn'>
            <CataloguePicker
              id='ledger-batch-catalogue'
              title='改为哪个二级目录'
              value={null}
              onChange={onCatalogue}
              trigger={<View className='qjt-btn qjt-btn--small qjt-btn--plain ledger-batch__btn-inner'>改目录</View>}
            />
          </View>
        )}
      </View>
    </View>
  )
}

/** The result of a batch, with each instrument that was left as it was and why. */
export function BatchResultSheet({ outcome, onClose }: { outcome: BatchOutcome; onClose: () => void }) {
  return (
    <Popup visible position='bottom' round title={`${BATCH_ACTION_LABELS[outcome.action]}结果`} onClose={onClose} className='ledger-result'>
      <View className='ledger-result__body' id='ledger-batch-result'>
        <Text className={cx('ledger-result__summary', { 'ledger-result__summary--warn': outcome.refused.length > 0 })}>
          {outcomeSummary(outcome)}
        </Text>
        {outcome.done > 0 && (
          <Text className='ledger-result__done'>
            {DONE_WORD[outcome.action]} {outcome.done} 台器具。
          </Text>
        )}
        {outcome.refused.length > 0 && <Text className='ledger-result__done'>以下器具没有处理：</Text>}
        {outcome.refused.length > 0 && (
          <ScrollView scrollY className='ledger-result__list'>
            {outcome.refused.map((r) => (
              <View key={r.id} className='ledger-result__item'>
                <Text className='ledger-result__code'>
                  {r.code} {r.name}
                </Text>
                <Text className='ledger-result__reason'>{r.message}</Text>
              </View>
            ))}
          </ScrollView>
        )}
        <Button className='qjt-btn' id='ledger-batch-result-close' onClick={onClose}>
          知道了
        </Button>
      </View>
    </Popup>
  )
}
