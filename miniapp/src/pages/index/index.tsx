import { View } from '@tarojs/components'
import { Switch } from '@nutui/nutui-react-taro'
import { ROLE_LABELS } from '@qjt/shared'

export default function Index() {
  return <View className='probe'>{ROLE_LABELS.unit_admin}{API_BASE}<Switch /></View>
}
