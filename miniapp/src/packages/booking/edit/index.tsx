import { Button, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { BOOKING_ITEMS_MAX, type BookingView, type InstrumentView } from '@qjt/shared'
import { useCallback, useEffect, useMemo, useState } from 'react'
import OrgActions from '@/components/OrgActions'
import PageContainer from '@/components/PageContainer'
import { ROUTES } from '@/constants/routes'
import { useAsync } from '@/hooks/useAsync'
import { createBooking, getBooking, submitBooking, updateBooking } from '@/services/api/bookings'
import { useSession } from '@/services/session'
import { askSubscribe, prefetchSubscribeTemplates } from '@/services/subscribe'
import { cx } from '@/utils/cx'
import { confirmAction, toast } from '@/utils/feedback'
import { back, replace } from '@/utils/nav'
import { draftKeys, dropDraft, dropStaleEditDrafts, loadDraft, saveDraft } from '../shared/draft'
import { chosenFromBooking, chosenOf, idsOf, sameIds, type Chosen } from '../shared/items'
import ProblemCard from '../shared/ProblemCard'
import { problemOf, type Problem } from '../shared/problems'
import InstrumentPicker from './InstrumentPicker'
import '../shared/booking.scss'
import './index.scss'

const detailUrl = (id: string) => `${ROUTES.bookingDetail}?id=${id}`

/** What is on the server: the booking's id, version and instrument list. */
interface Saved {
  id: string
  version: number
  ids: string[]
}

const savedOf = (b: BookingView): Saved => ({ id: b.id, version: b.version, ids: b.items.map((i) => i.instrumentId) })

function scrollTop() {
  void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
}

function Editor({ source, onReload }: { source: BookingView | null; onReload: () => void }) {
  const [start] = useState(() => {
    const base = source ? chosenFromBooking(source) : []
    const draft = loadDraft(source ? draftKeys.edit(source.id, source.version) : draftKeys.create())
    // A draft keeps what the user chose; instruments an institution holds come back with it.
    const held = base.filter((i) => i.locked)
    const restored = draft ? [...held, ...draft.filter((d) => !held.some((h) => h.id === d.id))] : null
    return { base, restored: restored && !sameIds(idsOf(restored), idsOf(base)) ? restored : null }
  })
  const [chosen, setChosen] = useState<Chosen[]>(start.restored ?? start.base)
  const [restored, setRestored] = useState(!!start.restored)
  const [saved, setSaved] = useState<Saved | null>(source ? savedOf(source) : null)
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null)
  const [problem, setProblem] = useState<Problem | null>(null)
  const [listError, setListError] = useState<string | null>(null)
  const [picking, setPicking] = useState(false)

  const returned = source?.status === 'returned'
  const key = saved ? draftKeys.edit(saved.id, saved.version) : draftKeys.create()
  const chosenIds = useMemo(() => idsOf(chosen), [chosen])
  const dirty = !sameIds(chosenIds, saved?.ids ?? [])
  const chosenSet = useMemo(() => new Set(chosenIds), [chosenIds])

  useEffect(() => {
    prefetchSubscribeTemplates()
  }, [])

  useEffect(() => {
    if (saved) dropStaleEditDrafts(saved.id, key)
  }, [saved, key])

  // Every change is kept on the phone until it is saved, so a slip of the back button loses nothing.
  useEffect(() => {
    if (dirty) saveDraft(key, chosen)
    else dropDraft(key)
  }, [dirty, key, chosen])

  const toggle = (item: InstrumentView) => {
    setListError(null)
    setChosen((prev) => {
      if (prev.some((c) => c.id === item.id)) return prev.filter((c) => c.id !== item.id || c.locked)
      if (prev.length >= BOOKING_ITEMS_MAX) {
        toast(`一个预约单最多${BOOKING_ITEMS_MAX}台器具`)
        return prev
      }
      return [...prev, chosenOf(item)]
    })
  }

  const remove = (id: string) => setChosen((prev) => prev.filter((c) => c.id !== id))

  /** POST a new draft or PATCH the list; returns what the server now holds. */
  const persist = async (): Promise<Saved> => {
    if (saved && !dirty) return saved
    const next = saved ? await updateBooking(saved.id, chosenIds, saved.version, { toast: false }) : await createBooking(chosenIds, { toast: false })
    if (!saved) dropDraft(draftKeys.create())
    const s = savedOf(next)
    setSaved(s)
    return s
  }

  const fail = (err: unknown) => {
    const p = problemOf(err, chosenIds)
    if (p.kind === 'other') {
      toast(p.message)
      return
    }
    setProblem(p)
    scrollTop()
  }

  const checkList = (): boolean => {
    if (chosen.length) return true
    setListError('请至少选择一台器具')
    toast('请先选择器具')
    return false
  }

  const save = async () => {
    if (busy || !checkList()) return
    setProblem(null)
    if (saved && !dirty) {
      toast('没有需要保存的修改')
      return
    }
    setBusy('save')
    try {
      const s = await persist()
      toast(returned ? '修改已保存' : '已暂存预约单', 'success')
      setTimeout(() => replace(detailUrl(s.id)), 700)
    } catch (err) {
      fail(err)
    } finally {
      setBusy(null)
    }
  }

  const submit = async () => {
    if (busy || !checkList()) return
    // First, while the tap still counts as the user's own: WeChat asks about the receipts.
    const asking = askSubscribe('atBookingSubmit')
    setProblem(null)
    setBusy('submit')
    try {
      await asking
      const s = await persist()
      await submitBooking(s.id, s.version, { toast: false })
      dropDraft(draftKeys.edit(s.id, s.version))
      toast(returned ? '已重新提交' : '已提交申请', 'success')
      setTimeout(() => replace(detailUrl(s.id)), 700)
    } catch (err) {
      fail(err)
    } finally {
      setBusy(null)
    }
  }

  const leave = async () => {
    if (dirty) {
      const ok = await confirmAction({
        title: '放弃这次的修改？',
        content: '返回后，这次选择的器具不会保存到预约单。',
        confirmText: '放弃修改',
        danger: true,
      })
      if (!ok) return
      dropDraft(key)
    }
    back(saved ? detailUrl(saved.id) : ROUTES.bookings)
  }

  const reload = () => {
    dropDraft(key)
    setProblem(null)
    if (saved && source) onReload()
    else if (saved) replace(`${ROUTES.bookingEdit}?id=${saved.id}`)
  }

  return (
    <PageContainer
      id='booking-edit'
      className='booking-edit'
      footer={
        <View className='booking-edit__footer'>
          <Button className='qjt-btn qjt-btn--plain booking-edit__back' id='booking-edit-back' onClick={() => void leave()}>
            返回
          </Button>
          <Button
            className={cx('qjt-btn qjt-btn--plain booking-edit__save', { 'qjt-btn--disabled': !!busy })}
            id='booking-edit-save'
            disabled={!!busy}
            onClick={() => void save()}
          >
            {busy === 'save' ? '正在保存…' : returned ? '保存修改' : '暂存预约单'}
          </Button>
          <Button
            className={cx('qjt-btn booking-edit__submit', { 'qjt-btn--disabled': !!busy })}
            id='booking-edit-submit'
            disabled={!!busy}
            onClick={() => void submit()}
          >
            {busy === 'submit' ? '正在提交…' : returned ? '重新提交' : '提交申请'}
          </Button>
        </View>
      }
    >
      {problem && <ProblemCard problem={problem} id='booking-edit-problem' onReload={reload} />}
      {restored && (
        <View className='booking-edit__notice' id='booking-edit-restored'>
          <Text className='booking-edit__notice-text'>已恢复上次没有保存的选择（{chosen.length} 台器具）。</Text>
          <Text
            className='qjt-link booking-edit__discard'
            id='booking-edit-discard'
            onClick={() => {
              setChosen(start.base)
              setRestored(false)
            }}
          >
            放弃这些内容
          </Text>
        </View>
      )}

      <View className='qjt-card'>
        {source ? (
          <>
            <Text className='booking-edit__no'>预约编号 {source.no}</Text>
            <Text className='qjt-muted'>
              {returned ? '检定机构退回了这个预约单。按退回原因修改器具清单后重新提交。' : '暂存的预约单，提交后由系统按器具的使用地点和二级目录分派检定机构。'}
            </Text>
          </>
        ) : (
          <Text className='qjt-muted'>
            从台账选择要检定的器具。提交后，系统按器具的使用地点和二级目录分派检定机构，不需要自己选机构。
          </Text>
        )}
      </View>

      <View className={cx('qjt-card booking-edit__list', { 'booking-edit__list--error': !!listError })} id='booking-edit-list'>
        <View className='booking-section-head'>
          <Text className='qjt-section-title' id='booking-edit-count'>
            已选器具 {chosen.length} 台
          </Text>
          <Button className='qjt-btn qjt-btn--small' id='booking-edit-pick' onClick={() => setPicking(true)}>
            选择器具
          </Button>
        </View>
        {listError && (
          <Text className='booking-edit__error' id='booking-edit-list-error'>
            {listError}
          </Text>
        )}
        {chosen.length === 0 ? (
          <View className='booking-edit__empty' id='booking-edit-empty'>
            <Text className='qjt-muted'>还没有选择器具。点“选择器具”，从台账里勾选要检定的器具。</Text>
          </View>
        ) : (
          chosen.map((c) => (
            <View key={c.id} className='booking-item' id={`booking-edit-item-${c.id}`}>
              <View className='booking-item__main'>
                <Text className='booking-item__name'>{c.name}</Text>
                <Text className='booking-item__facts'>
                  {c.code} · {c.level2Name}
                </Text>
                <Text className='booking-item__facts'>出厂编号 {c.serialNo}</Text>
                {c.locked && <Text className='booking-item__why'>{c.locked}</Text>}
                {problem?.byInstrument[c.id] && <Text className='booking-item__problem'>{problem.byInstrument[c.id]}</Text>}
              </View>
              {!c.locked && (
                <Button className='qjt-btn qjt-btn--small qjt-btn--danger booking-item__remove' id={`booking-edit-remove-${c.id}`} onClick={() => remove(c.id)}>
                  删除器具
                </Button>
              )}
            </View>
          ))
        )}
      </View>

      {picking && <InstrumentPicker bookingId={saved?.id ?? null} chosen={chosenSet} onToggle={toggle} onClose={() => setPicking(false)} />}
    </PageContainer>
  )
}

export default function BookingEditPage() {
  const { params } = useRouter()
  const id = params.id ?? ''
  const { status, me } = useSession()
  const ready = status === 'signed_in' && me?.org?.type === 'unit'
  const load = useCallback(() => getBooking(id, { toast: false }), [id])
  const source = useAsync<BookingView>(load, ready && !!id)

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: id ? '修改预约单' : '新建预约' }).catch(() => undefined)
  }, [id])

  if (!ready) {
    if (status === 'signed_in' && me) {
      return (
        <PageContainer id='booking-edit'>
          {me.org ? (
            <View className='qjt-card' id='booking-edit-not-unit'>
              <Text className='qjt-muted'>预约由器具使用单位提交。你所在的“{me.org.name}”不是器具使用单位。</Text>
            </View>
          ) : (
            <OrgActions idPrefix='booking-edit' intro='预约检定前，请先注册单位或加入单位。' />
          )}
        </PageContainer>
      )
    }
    return <PageContainer id='booking-edit' requireLogin />
  }
  if (!id) return <Editor key='new' source={null} onReload={() => undefined} />
  const b = source.data
  if (!b) {
    return <PageContainer id='booking-edit' loading={source.initialLoading} error={source.error} onRetry={() => void source.reload()} />
  }
  if (b.status !== 'draft' && b.status !== 'returned') {
    return (
      <PageContainer id='booking-edit'>
        <View className='qjt-card' id='booking-edit-locked'>
          <Text className='qjt-section-title'>这个预约单现在不能修改</Text>
          <Text className='qjt-muted'>只有暂存和已退回的预约单可以修改器具清单。</Text>
          <Button className='qjt-btn qjt-btn--plain qjt-gap-top' id='booking-edit-to-detail' onClick={() => replace(detailUrl(b.id))}>
            查看预约单
          </Button>
        </View>
      </PageContainer>
    )
  }
  return <Editor key={`${b.id}:${b.version}`} source={b} onReload={() => void source.reload()} />
}
