import { Popup } from '@nutui/nutui-react-taro'
import { Button, Input, ScrollView, Text, View } from '@tarojs/components'
import { addDays, chinaToday, type InstrumentView } from '@qjt/shared'
import { useCallback, useRef, useState } from 'react'
import CataloguePicker, { catalogueLabel, type CatalogueChoice } from '@/components/CataloguePicker'
import ChipBar, { chipClass } from '@/components/ChipBar'
import ExpiryText from '@/components/ExpiryText'
import ListFooter from '@/components/ListFooter'
import { VerifyStatusTag } from '@/components/StatusTag'
import { usePagedList } from '@/hooks/usePagedList'
import { listInstruments, type InstrumentFilters } from '@/services/api/instruments'
import { errorMessage } from '@/services/errors'
import { cx } from '@/utils/cx'
import { ineligibleReason } from '../shared/items'

const PAGE_SIZE = 20
const DUE_DAYS = 30

type Quick = 'overdue' | 'due' | 'unverified'

const QUICK: { id: Quick; text: string; query: () => InstrumentFilters }[] = [
  { id: 'overdue', text: '已逾期', query: () => ({ overdue: true }) },
  { id: 'due', text: `${DUE_DAYS}天内到期`, query: () => ({ validFrom: chinaToday(), validTo: addDays(chinaToday(), DUE_DAYS) }) },
  { id: 'unverified', text: '未检', query: () => ({ verifyStatus: 'unverified' }) },
]

/** Codes are letters, digits and dashes; anything with a Chinese character is a name. */
const looksLikeCode = (text: string) => !/[\u3400-\u9fff]/.test(text)

interface Props {
  /** The booking being edited (its own instruments stay selectable), or null for a new one. */
  bookingId: string | null
  chosen: Set<string>
  onToggle: (item: InstrumentView) => void
  onClose: () => void
}

/**
 * 选择器具: the ledger's search (name or code) and its main filters, several picked at once.
 * Instruments that cannot be booked are listed too, greyed, with the reason.
 */
export default function InstrumentPicker({ bookingId, chosen, onToggle, onClose }: Props) {
  const [text, setText] = useState('')
  const [keyword, setKeyword] = useState('')
  const [quick, setQuick] = useState<Quick | null>(null)
  const [catalogue, setCatalogue] = useState<CatalogueChoice | null>(null)
  // The search box means 名称 or 编码; which one matched is settled on the first page.
  const keywordField = useRef<'code' | 'name'>('name')

  const fetchPage = useCallback(
    async (page: number) => {
      const base: InstrumentFilters = { ...(quick ? QUICK.find((q) => q.id === quick)?.query() : {}), level2Code: catalogue?.level2Code }
      if (keyword && page === 1) {
        keywordField.current = 'name'
        if (looksLikeCode(keyword)) {
          const byCode = await listInstruments({ ...base, code: keyword }, 1, PAGE_SIZE, { toast: false })
          if (byCode.total > 0) {
            keywordField.current = 'code'
            return byCode
          }
        }
      }
      return listInstruments(keyword ? { ...base, [keywordField.current]: keyword } : base, page, PAGE_SIZE, { toast: false })
    },
    [keyword, quick, catalogue],
  )
  const list = usePagedList(fetchPage)
  const filtered = !!keyword || !!quick || !!catalogue

  return (
    <Popup visible position='bottom' round closeable title='选择器具' onClose={onClose} className='booking-pick'>
      <View className='booking-pick__frame'>
        <View className='booking-pick__top'>
          <View className='booking-pick__search'>
            <Input
              className='qjt-input booking-pick__input'
              id='booking-pick-search-input'
              value={text}
              confirmType='search'
              maxlength={50}
              placeholder='器具名称或器具编码'
              placeholderClass='qjt-input-placeholder'
              onInput={(e) => setText(e.detail.value)}
              onConfirm={(e) => setKeyword(e.detail.value.trim())}
            />
            <Button className='qjt-btn qjt-btn--small booking-pick__search-btn' id='booking-pick-search-submit' onClick={() => setKeyword(text.trim())}>
              搜索
            </Button>
          </View>
          <ChipBar
            id='booking-pick-quick'
            className='booking-pick__quick'
            options={QUICK.map((q) => ({
              id: `booking-pick-quick-${q.id}`,
              label: q.text,
              on: quick === q.id,
              onPick: () => setQuick((cur) => (cur === q.id ? null : q.id)),
            }))}
          >
            <View className='booking-pick__chip-wrap'>
              <CataloguePicker
                id='booking-pick-catalogue'
                title='按二级目录筛选'
                value={catalogue}
                onChange={setCatalogue}
                trigger={
                  <Text className={chipClass(!!catalogue)}>
                    {catalogue ? `✓ ${catalogueLabel({ level2Name: catalogue.names[1], level2Code: catalogue.level2Code })}` : '二级目录'}
                  </Text>
                }
              />
            </View>
          </ChipBar>
          <View className='qjt-row booking-pick__summary'>
            <Text className='qjt-muted' id='booking-pick-total'>
              {list.loading ? '正在查询…' : `${filtered ? '找到' : '台账共'} ${list.total} 台`}
            </Text>
            {filtered && (
              <Text
                className='qjt-link booking-pick__clear'
                id='booking-pick-clear'
                onClick={() => {
                  setText('')
                  setKeyword('')
                  setQuick(null)
                  setCatalogue(null)
                }}
              >
                清除条件
              </Text>
            )}
          </View>
        </View>

        <ScrollView scrollY className='booking-pick__list' lowerThreshold={120} onScrollToLower={() => void list.loadMore()}>
          {list.error && !list.items.length ? (
            <View className='booking-pick__state'>
              <Text>{errorMessage(list.error)}</Text>
              <Button className='qjt-btn qjt-btn--plain qjt-btn--small' id='booking-pick-retry' onClick={() => void list.reload()}>
                重试
              </Button>
            </View>
          ) : list.loaded && !list.items.length ? (
            <View className='booking-pick__state' id='booking-pick-empty'>
              <Text>{filtered ? '没有符合条件的器具' : '台账里还没有器具，请先到台账新增器具'}</Text>
            </View>
          ) : null}
          {list.items.map((item) => {
            const why = ineligibleReason(item, bookingId)
            const on = chosen.has(item.id)
            return (
              <View
                key={item.id}
                id={`booking-pick-card-${item.id}`}
                className={cx('booking-pick__card', { 'booking-pick__card--on': on, 'booking-pick__card--off': !!why && !on })}
                onClick={() => (why && !on ? undefined : onToggle(item))}
              >
                <View className={cx('booking-pick__check', { 'booking-pick__check--on': on, 'booking-pick__check--off': !!why && !on })}>
                  {on && <Text>✓</Text>}
                </View>
                <View className='booking-pick__main'>
                  <View className='booking-pick__head'>
                    <Text className='booking-pick__name'>{item.name}</Text>
                    <VerifyStatusTag status={item.verifyStatus} />
                  </View>
                  <Text className='booking-pick__facts'>
                    {item.code} · {item.level2Name}
                  </Text>
                  <Text className='booking-pick__facts'>出厂编号 {item.serialNo}</Text>
                  {why && !on ? (
                    <Text className='booking-pick__why' id={`booking-pick-why-${item.id}`}>
                      {why}
                    </Text>
                  ) : (
                    <ExpiryText validUntil={item.validUntil} overdue={item.overdue} />
                  )}
                </View>
              </View>
            )
          })}
          {list.items.length > 0 && (
            <ListFooter id='booking-pick-more' hasMore={list.hasMore} loadingMore={list.loadingMore} total={list.total} unit='台' onMore={() => void list.loadMore()} />
          )}
        </ScrollView>

        <View className='booking-pick__footer'>
          <Text className='booking-pick__count' id='booking-pick-count'>
            已选 <Text className='booking-pick__num'>{chosen.size}</Text> 台
          </Text>
          <Button className='qjt-btn booking-pick__done' id='booking-pick-done' onClick={onClose}>
            完成
          </Button>
        </View>
      </View>
    </Popup>
  )
}
