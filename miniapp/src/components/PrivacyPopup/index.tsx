import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect } from 'react'
import { ROUTES } from '@/constants/routes'
import { answerPrivacy, usePendingPrivacy } from '@/services/privacy'
import { go } from '@/utils/nav'
import './index.scss'

/**
 * Our own privacy consent sheet (WeChat requires one before a privacy API runs). Refusing only
 * cancels the one action that needed it; everything else keeps working.
 */
export default function PrivacyPopup({ idPrefix }: { idPrefix: string }) {
  const resolve = usePendingPrivacy()
  const agreeId = `${idPrefix}-privacy-agree`

  useEffect(() => {
    resolve?.({ event: 'exposureAuthorization' })
  }, [resolve])

  if (!resolve) return null

  const openGuide = () => {
    if (typeof Taro.openPrivacyContract === 'function') {
      Taro.openPrivacyContract({ fail: () => go(ROUTES.privacy) })
    } else {
      go(ROUTES.privacy)
    }
  }

  return (
    <View className='privacy-popup'>
      <View className='privacy-popup__sheet'>
        <Text className='privacy-popup__title'>用户隐私保护提示</Text>
        <View className='privacy-popup__text'>
          <Text>使用这项功能前，请阅读并同意</Text>
          <Text className='privacy-popup__link' onClick={openGuide} id={`${idPrefix}-privacy-guide`}>
            《强检通隐私保护指引》
          </Text>
          <Text>。不同意也可以继续使用强检通的其他功能。</Text>
        </View>
        <View className='privacy-popup__actions'>
          <Button className='qjt-btn qjt-btn--plain' id={`${idPrefix}-privacy-refuse`} onClick={() => answerPrivacy(false)}>
            不同意
          </Button>
          <Button
            className='qjt-btn'
            id={agreeId}
            openType='agreePrivacyAuthorization'
            onAgreePrivacyAuthorization={() => answerPrivacy(true, agreeId)}
          >
            同意
          </Button>
        </View>
      </View>
    </View>
  )
}
