import { Cascader } from '@nutui/nutui-react-taro'
import { Text, View } from '@tarojs/components'
import type { RegionView } from '@qjt/shared'
import { useCallback, useState } from 'react'
import { listRegions } from '@/services/api/reference'
import { errorMessage } from '@/services/errors'
import { toast } from '@/utils/feedback'
import './index.scss'

interface RegionOption {
  text: string
  value: string
  leaf: boolean
  children?: RegionOption[]
}

export interface RegionChoice {
  code: string
  /** 省 / 市 / 县 names, for showing the choice without asking the server again. */
  names: string[]
}

const toOption = (r: RegionView): RegionOption => ({ text: r.name, value: r.code, leaf: !r.hasChildren })

interface Props {
  value: RegionChoice | null
  onChange: (choice: RegionChoice) => void
  /** Called when the sheet closes, chosen or not: the form checks the field then. */
  onClose?: () => void
  id?: string
  placeholder?: string
}

/** 省 → 市 → 县 in one bottom sheet, each level fetched when its parent is tapped. */
export default function RegionPicker({ value, onChange, onClose, id, placeholder = '请选择省、市、区县' }: Props) {
  const [visible, setVisible] = useState(false)
  const [provinces, setProvinces] = useState<RegionOption[]>([])
  const [loading, setLoading] = useState(false)

  const open = async () => {
    if (provinces.length) {
      setVisible(true)
      return
    }
    setLoading(true)
    try {
      setProvinces((await listRegions(undefined, { toast: false })).map(toOption))
      setVisible(true)
    } catch (err) {
      toast(errorMessage(err))
    } finally {
      setLoading(false)
    }
  }

  const loadChildren = useCallback(async (node: { value?: string | number }) => {
    try {
      return (await listRegions(String(node.value), { toast: false })).map(toOption)
    } catch (err) {
      toast(errorMessage(err))
      return []
    }
  }, [])

  return (
    <View>
      <View className='qjt-input region-picker__box' id={id} onClick={() => void open()}>
        <Text className={value ? '' : 'qjt-input--placeholder'}>
          {loading ? '正在加载地区…' : value ? value.names.join(' / ') : placeholder}
        </Text>
        <View className='qjt-cell__arrow' />
      </View>
      <Cascader
        visible={visible}
        title='选择所在区县'
        activeColor='#1a5fb4'
        closeable
        options={provinces}
        onLoad={loadChildren}
        onChange={(_, path) => {
          const nodes = path.filter(Boolean) as RegionOption[]
          const last = nodes[nodes.length - 1]
          if (last?.leaf) onChange({ code: String(last.value), names: nodes.map((n) => String(n.text)) })
        }}
        onClose={() => {
          setVisible(false)
          onClose?.()
        }}
      />
    </View>
  )
}
