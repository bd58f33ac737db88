import { Button, Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import OrgActions from '@/components/OrgActions'
import StatusTag from '@/components/StatusTag'
import { ROUTES } from '@/constants/routes'
import { bootstrap, useSession } from '@/services/session'
import { currentUrl, go } from '@/utils/nav'
import './index.scss'

interface Props {
  /** Prefix of the button ids (both tabs stay alive, and taps are routed by id). */
  idPrefix: string
  title: string
  summary: string
  points: string[]
  /** What the user can usefully do today instead. */
  extra?: ReactNode
}

/** A feature that is not built yet, said plainly, with the steps that prepare for it. */
export default function ComingSoon({ idPrefix, title, summary, points, extra }: Props) {
  const { status, me, error } = useSession()

  let next: ReactNode
  if (status === 'signed_out') {
    next = (
      <View className='qjt-card'>
        <Text className='coming-soon__next'>登录后可以注册或加入单位，功能上线后直接使用。</Text>
        <Button
          className='qjt-btn'
          id={`${idPrefix}-login`}
          onClick={() => go(`${ROUTES.login}?redirect=${encodeURIComponent(currentUrl())}`)}
        >
          去登录
        </Button>
      </View>
    )
  } else if (status === 'error') {
    next = (
      <View className='qjt-card'>
        <Text className='coming-soon__next'>{error?.message ?? '登录没有成功'}</Text>
        <Button className='qjt-btn' id={`${idPrefix}-session-retry`} onClick={() => void bootstrap()}>
          重试
        </Button>
      </View>
    )
  } else if (status === 'signed_in' && me && !me.org) {
    next = <OrgActions idPrefix={idPrefix} intro='先注册单位或加入同事的单位，功能上线后即可使用。' />
  } else if (status === 'signed_in' && me?.org) {
    next = (
      <View className='qjt-card'>
        <Text className='coming-soon__next'>
          你的单位：{me.org.name}。功能上线后直接在这里使用，无需重新登记单位信息。
        </Text>
      </View>
    )
  }

  return (
    <View className='coming-soon'>
      <View className='qjt-card'>
        <View className='qjt-row'>
          <Text className='coming-soon__title'>{title}</Text>
          <StatusTag text='即将上线' tone='warning' />
        </View>
        <Text className='coming-soon__summary'>{summary}</Text>
        <Text className='coming-soon__label'>上线后可以：</Text>
        {points.map((p) => (
          <View key={p} className='coming-soon__point'>
            <Text className='coming-soon__dot'>·</Text>
            <Text>{p}</Text>
          </View>
        ))}
      </View>
      {next}
      {extra}
    </View>
  )
}
