import Taro from '@tarojs/taro'

/**
 * Asks before a destructive action. `content` is the consequence in one sentence, so the user
 * knows what they give up before they tap.
 */
export async function confirmAction(opts: {
  title: string
  content: string
  confirmText?: string
  danger?: boolean
}): Promise<boolean> {
  try {
    const res = await Taro.showModal({
      title: opts.title,
      content: opts.content,
      confirmText: opts.confirmText ?? '确定',
      cancelText: '取消',
      confirmColor: opts.danger ? '#b42318' : '#1a5fb4',
    })
    return res.confirm
  } catch {
    return false
  }
}

export function toast(title: string, icon: 'none' | 'success' = 'none'): void {
  void Taro.showToast({ title, icon, duration: icon === 'success' ? 1500 : 2500 })
}
