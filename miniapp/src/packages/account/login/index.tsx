import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { DevOpenidSchema } from '@qjt/shared'
import { useEffect, useState } from 'react'
import FormField from '@/components/FormField'
import PageContainer from '@/components/PageContainer'
import { ROUTES } from '@/constants/routes'
import { ApiError, errorMessage } from '@/services/errors'
import { bootstrap, signInWithDevOpenid, useSession } from '@/services/session'
import { toast } from '@/utils/feedback'
import { replace } from '@/utils/nav'
import { isWeapp } from '@/utils/platform'
import './index.scss'

/** Seeded accounts, one tap each, so every role can be tried. */
const DEMO_ACCOUNTS = [
  { openid: 'demo-unit', label: '示例使用单位管理员' },
  { openid: 'demo-inst', label: '检定机构 审核员/检定员' },
  { openid: 'demo-inst-checker', label: '检定机构 核验员' },
  { openid: 'demo-inst-approver', label: '检定机构 批准人' },
  { openid: 'demo-regulator', label: '监管人员' },
  { openid: 'demo-cs', label: '客服人员' },
] as const

function randomOpenid(): string {
  const alphabet = 'abcdefghijkmnpqrstuvwxyz23456789'
  let s = ''
  for (let i = 0; i < 10; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)]
  return `user-${s}`
}

/** Only pages of this app, never an outside URL, are valid places to return to. */
function safeRedirect(raw: string | undefined): string {
  if (!raw) return ROUTES.mine
  let url = raw
  try {
    url = decodeURIComponent(raw)
  } catch {
    return ROUTES.mine
  }
  return /^\/(pages|packages)\/[\w/-]+(\?.*)?$/.test(url) && !url.startsWith(ROUTES.login) ? url : ROUTES.mine
}

/**
 * After logging in: back to the page that sent us here (it reloads for the new user), or to
 * `redirect` when the login page was opened directly.
 */
function leave(redirect: string) {
  if (Taro.getCurrentPages().length > 1) void Taro.navigateBack()
  else replace(redirect)
}

function DevLoginForm({ redirect }: { redirect: string }) {
  const [openid, setOpenid] = useState('')
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState<string | null>(null)
  const [disabled, setDisabled] = useState(false)

  const check = (value: string) => {
    const r = DevOpenidSchema.safeParse(value)
    return r.success ? null : (r.error.issues[0]?.message ?? 'openid 格式不正确')
  }

  const login = async (id: string) => {
    const problem = check(id)
    if (problem) {
      setError(problem)
      return
    }
    setBusy(id)
    try {
      await signInWithDevOpenid(id)
      toast('登录成功', 'success')
      leave(redirect)
    } catch (err) {
      if (err instanceof ApiError && err.code === 'DEV_LOGIN_DISABLED') setDisabled(true)
      else toast(errorMessage(err))
    } finally {
      setBusy(null)
    }
  }

  if (disabled) return <DevLoginUnavailable />

  return (
    <View>
      <View className='qjt-card'>
        <Text className='login__title'>开发登录</Text>
        <Text className='qjt-muted login__intro'>
          在微信里，强检通会自动用微信身份登录。这个页面只在开发和测试环境提供，用一个 openid 模拟微信用户。
        </Text>
        <FormField label='openid' required error={error} id='login-openid' hint='字母、数字、下划线或短横线，例如 demo-unit'>
          <Input
            className='qjt-input'
            id='login-openid-input'
            value={openid}
            placeholder='输入 openid'
            placeholderClass='qjt-input-placeholder'
            maxlength={64}
            onInput={(e) => {
              setOpenid(e.detail.value)
              if (error) setError(check(e.detail.value))
            }}
            onBlur={(e) => setError(check(e.detail.value))}
            onConfirm={() => void login(openid.trim())}
          />
        </FormField>
        <Button className='qjt-btn' id='login-submit' disabled={!!busy} onClick={() => void login(openid.trim())}>
          {busy && busy === openid.trim() ? '正在登录…' : '登录'}
        </Button>
        <Button className='qjt-btn qjt-btn--plain' id='login-fresh' disabled={!!busy} onClick={() => void login(randomOpenid())}>
          用新用户登录（随机 openid）
        </Button>
      </View>

      <View className='qjt-card'>
        <Text className='qjt-section-title'>示例账号</Text>
        {DEMO_ACCOUNTS.map((a) => (
          <View key={a.openid} className='login__demo' id={`login-demo-${a.openid}`} hoverClass='login__demo--pressed' onClick={() => !busy && void login(a.openid)}>
            <View>
              <Text className='login__demo-label'>{a.label}</Text>
              <Text className='qjt-muted login__demo-id'>{a.openid}</Text>
            </View>
            <Text className='login__demo-go'>{busy === a.openid ? '登录中…' : '登录'}</Text>
          </View>
        ))}
      </View>
    </View>
  )
}

function DevLoginUnavailable() {
  return (
    <View className='qjt-card' id='login-unavailable'>
      <Text className='login__title'>开发登录不可用</Text>
      <Text className='qjt-muted login__intro'>
        正式环境不提供开发登录。请在微信中搜索并打开“强检通”小程序，会自动用微信身份登录。
      </Text>
    </View>
  )
}

/** On weapp the login is silent; this page only shows progress and returns. */
function WechatLogin({ redirect }: { redirect: string }) {
  const { status, error } = useSession()
  useEffect(() => {
    if (status === 'signed_in') leave(redirect)
  }, [status, redirect])
  return (
    <View className='qjt-card'>
      <Text className='login__title'>微信登录</Text>
      <Text className='qjt-muted login__intro'>{status === 'error' ? (error?.message ?? '登录没有成功') : '正在用微信身份登录…'}</Text>
      <Button className='qjt-btn' id='login-wechat-retry' onClick={() => void bootstrap()}>
        重新登录
      </Button>
    </View>
  )
}

export default function LoginPage() {
  const router = useRouter()
  const redirect = safeRedirect(router.params.redirect)

  let body
  if (isWeapp) body = <WechatLogin redirect={redirect} />
  else if (DEV_LOGIN_ENABLED) body = <DevLoginForm redirect={redirect} />
  else body = <DevLoginUnavailable />

  return <PageContainer id='login' className='login'>{body}</PageContainer>
}
