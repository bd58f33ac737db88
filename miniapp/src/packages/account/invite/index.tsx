import { Button, Image, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { InvitationCreateSchema, type InvitationView } from '@qjt/shared'
import { useCallback, useState } from 'react'
import ListFooter from '@/components/ListFooter'
import PageContainer from '@/components/PageContainer'
import { InvitationStatusTag } from '@/components/StatusTag'
import { usePagedList } from '@/hooks/usePagedList'
import { createInvitation, listInvitations, revokeInvitation } from '@/services/api/orgs'
import { ensurePrivacy } from '@/services/privacy'
import { hasRole, useSession } from '@/services/session'
import { cx } from '@/utils/cx'
import { confirmAction, toast } from '@/utils/feedback'
import { formatDateTime } from '@/utils/format'
import './index.scss'

const PAGE_SIZE = 10

const TTL_CHOICES = [
  { hours: 24, label: '1天' },
  { hours: 72, label: '3天' },
  { hours: 168, label: '7天' },
] as const

async function copy(text: string, what: string) {
  // The clipboard is a privacy API in WeChat: ask first, and say so if the user declines.
  if (!(await ensurePrivacy())) {
    toast(`未同意隐私保护指引，无法复制${what}`)
    return
  }
  try {
    await Taro.setClipboardData({ data: text })
    toast(`${what}已复制`, 'success')
  } catch {
    toast(`复制失败，请手动记下${what}`)
  }
}

function NewInvitation({ invitation }: { invitation: InvitationView }) {
  return (
    <View className='qjt-card invite__new' id='invite-result'>
      <Text className='qjt-section-title'>邀请码已生成</Text>
      {invitation.qrCode && (
        <Image className='invite__qr' id='invite-qr' src={invitation.qrCode} mode='scaleToFill' showMenuByLongpress />
      )}
      <Text className='invite__code' id='invite-code' userSelect>
        {invitation.code}
      </Text>
      <Text className='qjt-muted invite__expiry'>有效期至 {formatDateTime(invitation.expiresAt)}，只能使用一次</Text>
      <Button className='qjt-btn' id='invite-copy-code' onClick={() => void copy(invitation.code, '邀请码')}>
        复制邀请码
      </Button>
      <Button className='qjt-btn qjt-btn--plain' id='invite-copy-link' onClick={() => void copy(invitation.joinUrl, '邀请链接')}>
        复制邀请链接
      </Button>
      <Text className='qjt-muted invite__how'>
        同事打开强检通，进入“我的 → 加入单位”，输入邀请码或扫描上面的二维码即可加入。
      </Text>
    </View>
  )
}

function InvitationCard({ item, onRevoke, revoking }: { item: InvitationView; onRevoke: () => void; revoking: boolean }) {
  return (
    <View className='qjt-card invitation' id={`invitation-${item.code}`}>
      <View className='qjt-row'>
        <Text className='invitation__code'>{item.code}</Text>
        <InvitationStatusTag status={item.status} />
      </View>
      <Text className='qjt-muted invitation__line'>有效期至 {formatDateTime(item.expiresAt)}</Text>
      <Text className='qjt-muted invitation__line'>生成于 {formatDateTime(item.createdAt)}</Text>
      {item.usedBy && <Text className='qjt-muted invitation__line'>使用人：{item.usedBy.name || '未填写姓名'}</Text>}
      {item.status === 'pending' && (
        <Button
          className='qjt-btn qjt-btn--danger qjt-btn--small invitation__revoke'
          id={`invitation-revoke-${item.code}`}
          disabled={revoking}
          onClick={onRevoke}
        >
          {revoking ? '正在作废…' : '作废'}
        </Button>
      )}
    </View>
  )
}

export default function InvitePage() {
  const { status, me } = useSession()
  const isAdmin = hasRole(me, 'unit_admin')
  const fetchPage = useCallback((page: number) => listInvitations({ page, pageSize: PAGE_SIZE }, { toast: false }), [])
  const list = usePagedList(fetchPage, status === 'signed_in' && isAdmin)
  const [ttlHours, setTtlHours] = useState<number>(72)
  const [creating, setCreating] = useState(false)
  const [created, setCreated] = useState<InvitationView | null>(null)
  const [revoking, setRevoking] = useState<string | null>(null)

  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh())
  })

  const create = async () => {
    const input = InvitationCreateSchema.safeParse({ ttlHours })
    if (!input.success) {
      toast(input.error.issues[0]?.message ?? '有效期不正确')
      return
    }
    setCreating(true)
    try {
      const inv = await createInvitation(input.data)
      setCreated(inv)
      list.update((items) => [inv, ...items.filter((i) => i.id !== inv.id)], 1)
      void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
    } catch {
      // The request client has already said why.
    } finally {
      setCreating(false)
    }
  }

  const revoke = async (item: InvitationView) => {
    const ok = await confirmAction({
      title: `作废邀请码 ${item.code}？`,
      content: '作废后，这个邀请码不能再用来加入本单位。',
      confirmText: '作废',
      danger: true,
    })
    if (!ok) return
    setRevoking(item.id)
    try {
      const updated = await revokeInvitation(item.id)
      list.update((items) => items.map((i) => (i.id === updated.id ? updated : i)))
      if (created?.id === updated.id) setCreated(null)
      toast('邀请码已作废', 'success')
    } catch {
      // The request client has already said why.
    } finally {
      setRevoking(null)
    }
  }

  const notAdmin = status === 'signed_in' && !isAdmin
  return (
    <PageContainer id='invite'
      requireLogin
      empty={notAdmin ? { message: '只有单位管理员可以邀请同事，请联系你的单位管理员。' } : null}
    >
      {created && <NewInvitation invitation={created} />}

      <View className='qjt-card'>
        <Text className='qjt-section-title'>邀请同事加入{me?.org ? `“${me.org.name}”` : ''}</Text>
        <Text className='qjt-muted invite__text'>同事用邀请码加入后是“单位操作员”，可以维护台账和预约。邀请码有效期：</Text>
        <View className='invite__ttl'>
          {TTL_CHOICES.map((c) => (
            <View
              key={c.hours}
              id={`invite-ttl-${c.hours}`}
              className={cx('invite__chip', { 'invite__chip--active': ttlHours === c.hours })}
              onClick={() => setTtlHours(c.hours)}
            >
              <Text>{ttlHours === c.hours ? `✓ ${c.label}` : c.label}</Text>
            </View>
          ))}
        </View>
        <Button className='qjt-btn' id='invite-create' disabled={creating} onClick={() => void create()}>
          {creating ? '正在生成…' : created ? '再生成一个邀请码' : '生成邀请码'}
        </Button>
      </View>

      <Text className='qjt-section-title'>邀请记录</Text>
      {list.initialLoading && <Text className='qjt-muted'>正在加载邀请记录…</Text>}
      {!list.loaded && !!list.error && (
        <View className='qjt-card'>
          <Text className='qjt-muted'>邀请记录没能加载。</Text>
          <Button className='qjt-btn qjt-btn--plain qjt-gap-top' id='invite-list-retry' onClick={() => void list.reload()}>
            重试
          </Button>
        </View>
      )}
      {list.loaded && list.items.length === 0 && <Text className='qjt-muted'>还没有生成过邀请码。</Text>}
      {list.items.map((item) => (
        <InvitationCard key={item.id} item={item} revoking={revoking === item.id} onRevoke={() => void revoke(item)} />
      ))}
      {list.loaded && list.items.length > 0 && (
        <ListFooter id='invite-more' hasMore={list.hasMore} loadingMore={list.loadingMore} total={list.total} unit='个' onMore={() => void list.loadMore()} />
      )}
    </PageContainer>
  )
}
