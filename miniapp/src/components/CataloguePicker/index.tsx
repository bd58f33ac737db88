import { Cascader } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import type { CatalogueItem } from '@qjt/shared'
import { useState, type ReactNode } from 'react'
import { listCatalogue } from '@/services/api/reference'
import { errorMessage } from '@/services/errors'
import { cx } from '@/utils/cx'
import { toast } from '@/utils/feedback'
import '../RegionPicker/index.scss'
import './index.scss'

let cached: Promise<CatalogueItem[]> | null = null

/** The catalogue changes only when an administrator reloads it: one fetch per app launch. */
export function loadCatalogue(): Promise<CatalogueItem[]> {
  cached ??= listCatalogue({ toast: false }).catch((err: unknown) => {
    cached = null
    throw err
  })
  return cached
}

export interface CatalogueChoice {
  level1Code: string
  level2Code: string
  /** 一级 and 二级 names, to show the choice without asking again. */
  names: string[]
}

/** 二级 names often repeat the 一级 name (非自动衡器 / 非自动衡器): the code tells them apart. */
export function catalogueLabel(c: { level1Name?: string; level2Name?: string; level2Code: string }): string {
  if (!c.level2Name) return c.level2Code
  const kind = `${c.level2Name}（${c.level2Code}）`
  return c.level1Name ? `${c.level1Name} / ${kind}` : kind
}

interface Option {
  text: string
  value: string
  name: string
  children?: Option[]
}

function toOptions(items: CatalogueItem[]): Option[] {
  return items.map((item) => ({
    text: item.name,
    value: item.code,
    name: item.name,
    children: item.children.map((k) => ({ text: `${k.name}（${k.code}）`, value: k.code, name: k.name })),
  }))
}

interface Props {
  value: CatalogueChoice | null
  onChange: (choice: CatalogueChoice) => void
  /** Called when the sheet closes, chosen or not: the form checks the field then. */
  onClose?: () => void
  id?: string
  placeholder?: string
  /** Why the catalogue cannot be changed now; shown instead of opening the sheet. */
  lockedReason?: string | null
  title?: string
  /** Opens the sheet from this instead of the form box (e.g. a batch action button). */
  trigger?: ReactNode
}

/** 一级目录 → 二级目录 of the state catalogue in one bottom sheet. */
export default function CataloguePicker({ value, onChange, onClose, id, placeholder = '请选择一级、二级目录', lockedReason, title = '选择器具目录', trigger }: Props) {
  const [visible, setVisible] = useState(false)
  const [options, setOptions] = useState<Option[]>([])
  const [loading, setLoading] = useState(false)

  const open = async () => {
    if (lockedReason) {
      toast(lockedReason)
      return
    }
    if (options.length) {
      setVisible(true)
      return
    }
    setLoading(true)
    try {
      setOptions(toOptions(await loadCatalogue()))
      setVisible(true)
    } catch (err) {
      toast(errorMessage(err))
    } finally {
      setLoading(false)
    }
  }

  const shown = value ? catalogueLabel({ level1Name: value.names[0], level2Name: value.names[1], level2Code: value.level2Code }) : null

  return (
    <View>
      {trigger ? (
        <View id={id} onClick={() => void open()}>
          {loading ? <Text className='qjt-muted'>正在加载目录…</Text> : trigger}
        </View>
      ) : (
        <View className={cx('qjt-input region-picker__box', { 'qjt-input--locked': !!lockedReason })} id={id} onClick={() => void open()}>
          <Text className={shown ? '' : 'qjt-input--placeholder'}>{loading ? '正在加载目录…' : (shown ?? placeholder)}</Text>
          {!lockedReason && <View className='qjt-cell__arrow' />}
        </View>
      )}
      <Cascader
        visible={visible}
        title={title}
        activeColor='#1a5fb4'
        closeable
        options={options}
        value={value ? [value.level1Code, value.level2Code] : undefined}
        onChange={(_, path) => {
          // Look the choice up in our own options: the sheet's nodes keep only text and value.
          const l1 = options.find((o) => o.value === String(path[0]?.value ?? ''))
          const l2 = l1?.children?.find((o) => o.value === String(path[1]?.value ?? ''))
          if (l1 && l2) onChange({ level1Code: l1.value, level2Code: l2.value, names: [l1.name, l2.name] })
        }}
        onClose={() => {
          setVisible(false)
          onClose?.()
        }}
      />
    </View>
  )
}
