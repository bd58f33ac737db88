import { Button, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { ROLE_LABELS, type MemberView } from '@qjt/shared'
import { useCallback, useState } from 'react'
import ListFooter from '@/components/ListFooter'
import PageContainer from '@/components/PageContainer'
import StatusTag from '@/components/StatusTag'
import { ROUTES } from '@/constants/routes'
import { usePagedList } from '@/hooks/usePagedList'
import { listMembers, removeMember } from '@/services/api/orgs'
import { hasRole, useSession } from '@/services/session'
import { confirmAction, toast } from '@/utils/feedback'
import { formatDate, formatPhone } from '@/utils/format'
import { go } from '@/utils/nav'
import './index.scss'

const PAGE_SIZE = 20

function MemberCard({ member, isSelf, onRemove, removing }: { member: MemberView; isSelf: boolean; onRemove: () => void; removing: boolean }) {
  return (
    <View className='qjt-card member' id={`member-${member.id}`}>
      <View className='qjt-row'>
        <Text className='member__name'>
          {member.name || '未填写姓名'}
          {isSelf && <Text className='qjt-muted'>（我）</Text>}
        </Text>
        <View className='member__roles'>
          {member.roles.map((r) => (
            <StatusTag key={r} text={ROLE_LABELS[r] ?? r} tone={r === 'unit_admin' ? 'primary' : 'muted'} />
          ))}
        </View>
      </View>
      <Text className='qjt-muted member__line'>
        手机号：{formatPhone(member.phone)} · 加入于 {formatDate(member.joinedAt)}
      </Text>
      {!isSelf && (
        <Button className='qjt-btn qjt-btn--danger qjt-btn--small member__remove' id={`member-remove-${member.id}`} disabled={removing} onClick={onRemove}>
          {removing ? '正在移除…' : '移除'}
        </Button>
      )}
    </View>
  )
}

export default function MembersPage() {
  const { status, me } = useSession()
  const isAdmin = hasRole(me, 'unit_admin')
  const fetchPage = useCallback((page: number) => listMembers({ page, pageSize: PAGE_SIZE }, { toast: false }), [])
  const list = usePagedList(fetchPage, status === 'signed_in' && isAdmin)
  const [removing, setRemoving] = useState<string | null>(null)

  usePullDownRefresh(() => {
    void list.reload().finally(() => Taro.stopPullDownRefresh())
  })

  const remove = async (m: MemberView) => {
    const name = m.name || '该成员'
    const ok = await confirmAction({
      title: `移除${name}？`,
      content: `移除后，${name}将不能再查看和管理本单位的器具、预约和证书。`,
      confirmText: '移除',
      danger: true,
    })
    if (!ok) return
    setRemoving(m.id)
    try {
      await removeMember(m.id)
      list.update((items) => items.filter((x) => x.id !== m.id), -1)
      toast(`已移除${name}`, 'success')
    } catch {
      // The request client has already said why.
    } finally {
      setRemoving(null)
    }
  }

  const notAdmin = status === 'signed_in' && !isAdmin
  return (
    <PageContainer id='members'
      requireLogin
      loading={list.initialLoading}
      error={list.loaded ? null : list.error}
      onRetry={() => void list.reload()}
      empty={
        notAdmin
          ? { message: '只有单位管理员可以管理成员。' }
          : list.loaded && list.items.length === 0
            ? { message: '单位里还没有其他成员', actionText: '邀请同事', onAction: () => go(ROUTES.invite) }
            : null
      }
    >
      <View className='qjt-row members__head'>
        <Text className='qjt-muted'>共 {list.total} 人</Text>
        <Button className='qjt-btn qjt-btn--small' id='members-invite' onClick={() => go(ROUTES.invite)}>
          邀请同事
        </Button>
      </View>
      {list.items.map((m) => (
        <MemberCard key={m.id} member={m} isSelf={m.id === me?.id} removing={removing === m.id} onRemove={() => void remove(m)} />
      ))}
      <ListFooter id='members-more' hasMore={list.hasMore} loadingMore={list.loadingMore} total={list.total} unit='人' onMore={() => void list.loadMore()} />
    </PageContainer>
  )
}
