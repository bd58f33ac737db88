import { Button, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import type { BatchAction, InstrumentView, MeView } from '@qjt/shared'
import { useCallback, useRef, useState } from 'react'
import type { CatalogueChoice } from '@/components/CataloguePicker'
import { catalogueLabel } from '@/components/CataloguePicker'
import InstrumentCard from '@/components/InstrumentCard'
import ListFooter from '@/components/ListFooter'
import OrgActions from '@/components/OrgActions'
import PageContainer from '@/components/PageContainer'
import { ROUTES } from '@/constants/routes'
import { useRefreshOnShow } from '@/hooks/useAsync'
import { useTabBarState } from '@/hooks/useTabBarState'
import { usePagedList } from '@/hooks/usePagedList'
import { batchInstruments, exportInstruments, listInstruments } from '@/services/api/instruments'
import { errorMessage } from '@/services/errors'
import { useSession } from '@/services/session'
import { cx } from '@/utils/cx'
import { confirmAction, toast } from '@/utils/feedback'
import { go } from '@/utils/nav'
import { isH5 } from '@/utils/platform'
import { BatchBar, BatchResultSheet, type BatchOutcome } from './BatchBar'
import FilterSheet from './FilterSheet'
import { activeChips, looksLikeCode, toQuery, type LedgerFilters } from './filters'
import SearchBar from './SearchBar'
import './index.scss'

const PAGE_SIZE = 20

/** What each destructive batch gives up, in one sentence, before the user confirms. */
const CONSEQUENCES: Partial<Record<BatchAction, (n: number) => string>> = {
  disable: (n) => `停用后这${n}台器具不能预约检定，需要时可以再启用。`,
  scrap: (n) => `报废不能撤销：这${n}台器具将不能再修改、启用或预约。`,
  delete: (n) => `删除后这${n}台器具连同修改记录一并删除，不能恢复。`,
}

function Ledger() {
  const [filters, setFilters] = useState<LedgerFilters>({})
  const [keywordText, setKeywordText] = useState('')
  const [filterOpen, setFilterOpen] = useState(false)
  const [selecting, setSelecting] = useState(false)
  const [selected, setSelected] = useState<Map<string, InstrumentView>>(new Map())
  const [busy, setBusy] = useState(false)
  const [outcome, setOutcome] = useState<BatchOutcome | null>(null)
  // The search box means 名称 or 编码; which one matched is settled on the first page.
  const keywordField = useRef<'code' | 'name' | null>(null)

  const fetchPage = useCallback(
    async (page: number) => {
      const keyword = filters.keyword?.trim()
      if (keyword && page === 1) {
        keywordField.current = 'name'
        if (looksLikeCode(keyword)) {
          const byCode = await listInstruments(toQuery(filters, 'code'), 1, PAGE_SIZE, { toast: false })
          if (byCode.total > 0) {
            keywordField.current = 'code'
            return byCode
          }
        }
      }
      return listInstruments(toQuery(filters, keyword ? keywordField.current : null), page, PAGE_SIZE, { toast: false })
    },
    [filters],
  )
  const list = usePagedList(fetchPage)
  useRefreshOnShow(() => void list.reload())
  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh())
  })

  const chips = activeChips(filters)
  const searching = !!filters.keyword?.trim()
  const filtered = searching || chips.length > 0

  const search = (text: string) => setFilters((f) => ({ ...f, keyword: text.trim() || undefined }))
  const clearAll = () => {
    setKeywordText('')
    setFilters({})
  }

  const toggleSelect = (item: InstrumentView) =>
    setSelected((prev) => {
      const next = new Map(prev)
      if (next.has(item.id)) next.delete(item.id)
      else next.set(item.id, item)
      return next
    })
  const allOnPageSelected = list.items.length > 0 && list.items.every((i) => selected.has(i.id))
  const toggleAll = () =>
    setSelected((prev) => {
      const next = new Map(prev)
      if (allOnPageSelected) list.items.forEach((i) => next.delete(i.id))
      else list.items.forEach((i) => next.set(i.id, i))
      return next
    })
  const exitSelect = () => {
    setSelecting(false)
    setSelected(new Map())
  }

  const runBatch = async (action: BatchAction, catalogue?: CatalogueChoice) => {
    const chosen = [...selected.values()]
    if (!chosen.length || busy) return
    const n = chosen.length
    const consequence = CONSEQUENCES[action]
    if (consequence) {
      const label = { disable: '停用', scrap: '报废', delete: '删除' }[action as 'disable' | 'scrap' | 'delete']
      const ok = await confirmAction({ title: `${label}${n}台器具？`, content: consequence(n), confirmText: label, danger: action !== 'disable' })
      if (!ok) return
    }
    if (catalogue) {
      const target = catalogueLabel({ level1Name: catalogue.names[0], level2Name: catalogue.names[1], level2Code: catalogue.level2Code })
      const ok = await confirmAction({
        title: `修改${n}台器具的二级目录？`,
        content: `改为“${target}”。检定任务按二级目录分配给检定机构，请确认无误。`,
        confirmText: '修改',
      })
      if (!ok) return
    }
    setBusy(true)
    void Taro.showLoading({ title: '正在处理…', mask: true })
    try {
      const res = await batchInstruments({ action, ids: chosen.map((i) => i.id), level2Code: catalogue?.level2Code })
      Taro.hideLoading()
      const byId = new Map(chosen.map((i) => [i.id, i]))
      const result: BatchOutcome = {
        action,
        done: res.done.length,
        refused: res.refused.map((r) => ({ id: r.id, code: byId.get(r.id)?.code ?? r.code, name: byId.get(r.id)?.name ?? '', message: r.message })),
      }
      setOutcome(result)
      // Refused ones stay selected, so the user can see them and try something else.
      setSelected(new Map(res.refused.filter((r) => byId.has(r.id)).map((r) => [r.id, byId.get(r.id)!])))
      if (!result.refused.length) setSelecting(false)
      void list.reload()
    } catch {
      Taro.hideLoading()
      // The request client has already said why.
    } finally {
      setBusy(false)
    }
  }

  const [exporting, setExporting] = useState(false)
  const exportLedger = async () => {
    if (exporting) return
    setExporting(true)
    void Taro.showLoading({ title: '正在导出台账…', mask: true })
    try {
      const res = await exportInstruments(toQuery(filters, keywordField.current))
      Taro.hideLoading()
      toast(filtered ? `已导出筛选出的器具：${res.fileName}` : `已导出：${res.fileName}`)
    } catch (err) {
      Taro.hideLoading()
      toast(errorMessage(err))
    } finally {
      setExporting(false)
    }
  }

  const noData = list.loaded && list.total === 0 && !filtered
  const empty = noData
    ? {
        message: '还没有器具，去新增',
        actionText: '新增器具',
        onAction: () => go(ROUTES.instrumentForm),
        extra: (
          <View className='ledger__empty-more'>
            <Text className='qjt-muted'>器具多的单位，可以</Text>
            <Text className='qjt-link' id='ledger-empty-bulk' onClick={() => go(ROUTES.instrumentBulk)}>
              批量新增
            </Text>
            <Text className='qjt-muted'>或</Text>
            <Text className='qjt-link' id='ledger-empty-import' onClick={() => go(ROUTES.instrumentImport)}>
              用Excel导入
            </Text>
          </View>
        ),
      }
    : null

  return (
    <PageContainer
      id='ledger'
      className={cx('ledger', { 'ledger--h5': isH5 })}
      loading={list.initialLoading}
      error={list.loaded ? null : list.error}
      onRetry={() => void list.reload()}
      empty={empty}
      footer={
        selecting ? (
          <BatchBar
            count={selected.size}
            allOnPageSelected={allOnPageSelected}
            busy={busy}
            onToggleAll={toggleAll}
            onExit={exitSelect}
            onAction={(a) => void runBatch(a)}
            onCatalogue={(c) => void runBatch('setCatalogue', c)}
          />
        ) : undefined
      }
    >
      <SearchBar
        keywordText={keywordText}
        onKeywordText={setKeywordText}
        filters={filters}
        onFilters={setFilters}
        onSearch={search}
        onOpenFilters={() => setFilterOpen(true)}
        onClearAll={clearAll}
      />

      {!selecting && (
        <View className='ledger__actions'>
          <Button className='qjt-btn qjt-btn--small ledger__action' id='ledger-action-add' onClick={() => go(ROUTES.instrumentForm)}>
            新增
          </Button>
          <Button className='qjt-btn qjt-btn--small qjt-btn--plain ledger__action' id='ledger-action-bulk' onClick={() => go(ROUTES.instrumentBulk)}>
            批量新增
          </Button>
          <Button className='qjt-btn qjt-btn--small qjt-btn--plain ledger__action' id='ledger-action-import' onClick={() => go(ROUTES.instrumentImport)}>
            导入
          </Button>
          <Button
            className={cx('qjt-btn qjt-btn--small qjt-btn--plain ledger__action', { 'qjt-btn--disabled': exporting })}
            id='ledger-action-export'
            disabled={exporting}
            onClick={() => void exportLedger()}
          >
            {exporting ? '导出中' : '导出'}
          </Button>
        </View>
      )}

      <View className='qjt-row ledger__summary'>
        <Text className='qjt-muted' id='ledger-total'>
          {list.loading ? '正在查询…' : filtered ? `找到 ${list.total} 台器具` : `共 ${list.total} 台器具`}
        </Text>
        {!selecting && list.items.length > 0 && (
          <Text className='ledger__select' id='ledger-action-select' onClick={() => setSelecting(true)}>
            选择
          </Text>
        )}
      </View>

      {list.error && list.loaded ? (
        <View className='qjt-card ledger__inline-error' id='ledger-list-error'>
          <Text>{errorMessage(list.error)}</Text>
          <Button className='qjt-btn qjt-btn--plain qjt-btn--small' id='ledger-list-retry' onClick={() => void list.reload()}>
            重试
          </Button>
        </View>
      ) : null}

      {list.loaded && list.items.length === 0 && filtered && (
        <View className='qjt-card ledger__no-match' id='ledger-no-match'>
          <Text className='ledger__no-match-text'>没有符合条件的器具</Text>
          <Button className='qjt-btn qjt-btn--plain' id='ledger-no-match-clear' onClick={clearAll}>
            清除搜索和筛选
          </Button>
        </View>
      )}

      {list.items.map((item) => (
        <InstrumentCard
          key={item.id}
          id={`ledger-card-${item.id}`}
          item={item}
          selectable={selecting}
          selected={selected.has(item.id)}
          onClick={() => (selecting ? toggleSelect(item) : go(`${ROUTES.instrumentDetail}?id=${item.id}`))}
        />
      ))}
      {list.items.length > 0 && (
        <ListFooter id='ledger-more' hasMore={list.hasMore} loadingMore={list.loadingMore} total={list.total} unit='台' onMore={() => void list.loadMore()} />
      )}

      {filterOpen && (
        <FilterSheet
          initial={filters}
          onClose={() => setFilterOpen(false)}
          onApply={(f) => {
            setFilters(f)
            setFilterOpen(false)
          }}
        />
      )}
      {outcome && <BatchResultSheet outcome={outcome} onClose={() => setOutcome(null)} />}
    </PageContainer>
  )
}

/** Where an institution's or a regulator's own work is, since they keep no ledger. */
const ELSEWHERE: Partial<Record<NonNullable<MeView['org']>['type'], { label: string; route: string }[]>> = {
  institution: [
    { label: '检定任务', route: ROUTES.taskQueue },
    { label: '检定记录', route: ROUTES.recordQueue },
    { label: '已签发证书', route: ROUTES.certificates },
  ],
  regulator: [
    { label: '监管概览', route: ROUTES.oversight },
    { label: '逾期未检器具', route: ROUTES.overdue },
  ],
}

function NotAUnit({ me }: { me: MeView }) {
  const links = (me.org && ELSEWHERE[me.org.type]) ?? []
  return (
    <View className='qjt-card' id='ledger-not-unit'>
      <View className='ledger-not-unit__title'>
        <Text className='qjt-section-title'>台账供器具使用单位使用</Text>
      </View>
      <View className='ledger-not-unit__text'>
        <Text className='qjt-muted'>你所在的“{me.org?.name}”不是器具使用单位，没有自己的器具台账。</Text>
      </View>
      {links.map((l, n) => (
        <Button key={l.route} className={cx('qjt-btn', { 'qjt-btn--plain': n > 0 })} id={`ledger-elsewhere-${n}`} onClick={() => go(l.route)}>
          {l.label}
        </Button>
      ))}
    </View>
  )
}

export default function LedgerPage() {
  const { status, me } = useSession()
  useTabBarState()
  if (status === 'signed_in' && me && me.org?.type === 'unit') return <Ledger />
  if (status === 'signed_in' && me) {
    return (
      <PageContainer id='ledger'>
        {me.org ? <NotAUnit me={me} /> : <OrgActions idPrefix='ledger' intro='台账记录单位在用的强制检定计量器具。请先注册单位，或用同事给的邀请码加入单位。' />}
      </PageContainer>
    )
  }
  return <PageContainer id='ledger' requireLogin />
}
