import { useLaunch } from '@tarojs/taro'
import type { PropsWithChildren } from 'react'
import { installPrivacyListener } from '@/services/privacy'
import { bootstrap } from '@/services/session'
import './app.scss'

export default function App({ children }: PropsWithChildren) {
  useLaunch(() => {
    installPrivacyListener()
    void bootstrap()
  })
  return children
}
