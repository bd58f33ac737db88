import { Button, Text, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { ROUTES } from '@/constants/routes'
import { toast } from '@/utils/feedback'
import { extractInviteCode } from '@/utils/invite-code'
import { go } from '@/utils/nav'
import { isWeapp } from '@/utils/platform'
import './index.scss'

/** Scans a colleague's invitation QR code; null when cancelled or not an invitation. */
export async function scanToJoinCode(): Promise<string | null> {
  let scanned: string
  try {
    const res = await Taro.scanCode({ onlyFromCamera: false, scanType: ['qrCode'] })
    scanned = res.path || res.result
  } catch {
    return null
  }
  const code = extractInviteCode(scanned)
  if (!code) toast('没有识别到邀请码，请扫描同事分享的邀请二维码')
  return code
}

async function scanToJoin(): Promise<void> {
  const code = await scanToJoinCode()
  if (code) go(`${ROUTES.join}?code=${code}`)
}

/** The two ways into the app's unit features for a user without an organization. */
export default function OrgActions({ intro, idPrefix }: { intro?: string; idPrefix: string }) {
  return (
    <View className='org-actions'>
      <Text className='org-actions__intro'>
        {intro ?? '你还没有加入任何单位。单位负责人请注册单位；同事已注册的，请向单位管理员要邀请码加入。'}
      </Text>
      <Button className='qjt-btn org-actions__btn' id={`${idPrefix}-org-register`} onClick={() => go(ROUTES.register)}>
        注册单位
      </Button>
      <Button className='qjt-btn qjt-btn--plain org-actions__btn' id={`${idPrefix}-org-join`} onClick={() => go(ROUTES.join)}>
        加入单位（输入邀请码）
      </Button>
      {isWeapp && (
        <Button className='qjt-btn qjt-btn--plain org-actions__btn' id={`${idPrefix}-org-scan`} onClick={() => void scanToJoin()}>
          扫码加入单位
        </Button>
      )}
    </View>
  )
}
