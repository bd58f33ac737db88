import { Button, Text, View } from '@tarojs/components'
import { cx } from '@/utils/cx'
import type { ReactNode } from 'react'
import { ROUTES } from '@/constants/routes'
import OrgActions from '@/components/OrgActions'
import PrivacyPopup from '@/components/PrivacyPopup'
import { ApiError, errorMessage } from '@/services/errors'
import { bootstrap, useSession } from '@/services/session'
import { useLargeText } from '@/services/settings'
import { currentUrl, go } from '@/utils/nav'
import { isWeapp } from '@/utils/platform'
import './index.scss'

export interface EmptyState {
  message: string
  /** The next thing to do, e.g. 去新增. */
  actionText?: string
  onAction?: () => void
  /** Other ways forward, under the main action (e.g. 导入 beside 去新增). */
  extra?: ReactNode
}

interface Props {
  /**
   * The page's name, prefixing the ids of the states' buttons (`faq-retry`, `faq-login`).
   * Ids must be unique among live pages: the mini-program runtime routes taps by id.
   */
  id: string
  children?: ReactNode
  /** True while the page's first data is on its way (not on refresh: the old data stays visible). */
  loading?: boolean
  loadingText?: string
  error?: unknown
  onRetry?: () => void
  empty?: EmptyState | false | null
  /** The page needs a signed-in user; until there is one it shows how to get there. */
  requireLogin?: boolean
  /** Fixed at the bottom, for the page's main button (always reachable, also above the keyboard). */
  footer?: ReactNode
  className?: string
  /** The privacy guide page itself must stay readable while the consent sheet is pending. */
  privacyPopup?: boolean
}

function Loading({ id, text }: { id: string; text: string }) {
  return (
    <View className='page-state' id={`${id}-loading`}>
      <View className='page-state__spinner' />
      <Text className='page-state__text'>{text}</Text>
    </View>
  )
}

function LoginNeeded({ id }: { id: string }) {
  return (
    <View className='page-state'>
      <Text className='page-state__title'>请先登录</Text>
      <Text className='page-state__text'>登录后可以查看你的单位、台账和预约。</Text>
      <Button
        className='qjt-btn page-state__action'
        id={`${id}-login`}
        onClick={() => go(`${ROUTES.login}?redirect=${encodeURIComponent(currentUrl())}`)}
      >
        去登录
      </Button>
    </View>
  )
}

function ErrorState({ id, error, onRetry }: { id: string; error: unknown; onRetry?: () => void }) {
  const api = error instanceof ApiError ? error : null
  if (api?.code === 'ORG_REQUIRED') return <OrgActions idPrefix={id} intro='这项功能需要先注册或加入单位。' />
  return (
    <View className='page-state' id={`${id}-error`}>
      <Text className='page-state__title'>没能加载</Text>
      <Text className='page-state__text'>{errorMessage(error)}</Text>
      {api?.requestId && <Text className='page-state__hint'>问题编号：{api.requestId}</Text>}
      {onRetry && (
        <Button className='qjt-btn page-state__action' id={`${id}-retry`} onClick={onRetry}>
          重试
        </Button>
      )}
    </View>
  )
}

/**
 * The frame of every page: font scale (大字模式), the privacy consent sheet, and one place
 * that renders loading, error, empty and not-signed-in states the same way everywhere.
 */
export default function PageContainer(props: Props) {
  const largeText = useLargeText()
  const session = useSession()
  const id = props.id

  let body: ReactNode
  if (props.requireLogin && session.status !== 'signed_in') {
    if (session.status === 'signed_out' && !isWeapp) body = <LoginNeeded id={id} />
    else if (session.status === 'error' || session.status === 'signed_out')
      body = <ErrorState id={id} error={session.error ?? new Error()} onRetry={() => void bootstrap()} />
    else body = <Loading id={id} text='正在登录…' />
  } else if (props.loading) {
    body = <Loading id={id} text={props.loadingText ?? '正在加载…'} />
  } else if (props.error) {
    body = <ErrorState id={id} error={props.error} onRetry={props.onRetry} />
  } else if (props.empty) {
    const empty = props.empty
    body = (
      <View className='page-state' id={`${id}-empty`}>
        <Text className='page-state__text'>{empty.message}</Text>
        {empty.actionText && empty.onAction && (
          <Button className='qjt-btn page-state__action' id={`${id}-empty-action`} onClick={empty.onAction}>
            {empty.actionText}
          </Button>
        )}
        {empty.extra}
      </View>
    )
  } else {
    body = props.children
  }

  return (
    <View
      id={`${id}-page`}
      className={cx('qjt-page', { 'qjt-page--large': largeText, 'qjt-page--with-footer': !!props.footer }, props.className)}
    >
      <View className='qjt-page__body'>{body}</View>
      {props.footer && <View className='qjt-page__footer'>{props.footer}</View>}
      {isWeapp && props.privacyPopup !== false && <PrivacyPopup idPrefix={id} />}
    </View>
  )
}
