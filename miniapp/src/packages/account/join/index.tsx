import { Button, Input, Text, View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { INVITATION_CODE_LENGTH, JoinSchema, type InvitationStatus, type MeView } from '@qjt/shared'
import { useEffect, useState } from 'react'
import FormField from '@/components/FormField'
import { scanToJoinCode } from '@/components/OrgActions'
import PageContainer from '@/components/PageContainer'
import { InvitationStatusTag } from '@/components/StatusTag'
import { ROUTES } from '@/constants/routes'
import { joinOrg, previewInvitation, type InvitationPreview } from '@/services/api/orgs'
import { ApiError, errorMessage } from '@/services/errors'
import { refreshMe, useSession } from '@/services/session'
import { toast } from '@/utils/feedback'
import { formatDateTime } from '@/utils/format'
import { extractInviteCode } from '@/utils/invite-code'
import { replace } from '@/utils/nav'
import { cx } from '@/utils/cx'
import { isWeapp } from '@/utils/platform'
import './index.scss'

/** Why a code cannot be used, and what to do instead. */
const STATUS_EXPLAINED: Record<InvitationStatus, string> = {
  pending: '邀请码有效，确认后你将以“单位操作员”身份加入。',
  used: '这个邀请码已经被使用过。每个邀请码只能用一次，请向单位管理员要一个新的。',
  expired: '这个邀请码已过期，请联系单位管理员重新邀请。',
  revoked: '这个邀请码已被单位管理员作废，请向管理员要一个新的。',
}

const codeProblem = (code: string): string | null => {
  const r = JoinSchema.shape.code.safeParse(code)
  return r.success ? null : (r.error.issues[0]?.message ?? '邀请码格式不正确')
}

function JoinForm({ me, initialCode }: { me: MeView; initialCode: string }) {
  const [code, setCode] = useState(initialCode)
  const [error, setError] = useState<string | null>(null)
  const [lookup, setLookup] = useState<{ code: string; preview?: InvitationPreview; error?: string } | null>(null)
  const [joining, setJoining] = useState(false)

  const normalized = code.trim().toUpperCase()
  const complete = normalized.length === INVITATION_CODE_LENGTH && !codeProblem(normalized)

  // Look the unit up as soon as the code is complete, so the user sees whom they are joining.
  useEffect(() => {
    if (!complete) return
    let current = true
    previewInvitation(normalized, { toast: false })
      .then((p) => current && setLookup({ code: normalized, preview: p }))
      .catch((err: unknown) => {
        if (!current) return
        const message =
          err instanceof ApiError && err.status === 404 ? '没有找到这个邀请码，请核对后重新输入' : errorMessage(err)
        setLookup({ code: normalized, error: message })
      })
    return () => {
      current = false
    }
  }, [normalized, complete])

  const settled = complete && lookup?.code === normalized ? lookup : null
  const preview = settled?.preview ?? null
  const checking = complete && !settled
  const shownError = error ?? settled?.error ?? null

  const join = async () => {
    const normalized = code.trim().toUpperCase()
    const problem = codeProblem(normalized)
    if (problem) {
      setError(problem)
      return
    }
    setJoining(true)
    try {
      const org = await joinOrg({ code: normalized }, { toast: false })
      await refreshMe().catch(() => undefined)
      toast(`已加入“${org.name}”`, 'success')
      setTimeout(() => replace(ROUTES.mine), 800)
    } catch (err) {
      if (err instanceof ApiError && err.details.length) setError(err.details[0]?.message ?? err.message)
      else setError(errorMessage(err))
      if (err instanceof ApiError && err.code === 'ALREADY_IN_ORG') void refreshMe().catch(() => undefined)
    } finally {
      setJoining(false)
    }
  }

  const scan = async () => {
    const scanned = await scanToJoinCode()
    if (scanned) setCode(scanned)
  }

  const canJoin = preview?.status === 'pending' && !joining

  return (
    <PageContainer id='join'
      className='join'
      footer={
        <Button className={cx('qjt-btn', { 'qjt-btn--disabled': !canJoin && !joining })} id='join-submit' disabled={!canJoin} onClick={() => void join()}>
          {joining ? '正在加入…' : '确认加入'}
        </Button>
      }
    >
      <View className='qjt-card'>
        <Text className='qjt-muted join__intro'>
          {me.name ? `${me.name}，` : ''}请输入单位管理员给你的 8 位邀请码，或打开同事分享的邀请链接。
        </Text>
        <FormField label='邀请码' required error={shownError} id='join-code' hint='由数字和大写字母组成，不区分大小写'>
          <Input
            className='qjt-input join__code'
            id='join-code-input'
            value={code}
            maxlength={INVITATION_CODE_LENGTH}
            placeholder='8位邀请码'
            placeholderClass='qjt-input-placeholder'
            onInput={(e) => {
              const v = e.detail.value.toUpperCase()
              setCode(v)
              if (error) setError(v.length === INVITATION_CODE_LENGTH ? codeProblem(v) : null)
            }}
            onBlur={(e) => setError(codeProblem(e.detail.value.toUpperCase()))}
          />
        </FormField>
        {isWeapp && (
          <Button className='qjt-btn qjt-btn--plain' id='join-scan' onClick={() => void scan()}>
            扫描邀请二维码
          </Button>
        )}
      </View>

      {checking && <Text className='qjt-muted join__checking'>正在查询邀请码…</Text>}

      {preview && (
        <View className='qjt-card join__preview' id='join-preview'>
          <View className='qjt-row'>
            <Text className='join__org'>{preview.orgName}</Text>
            <InvitationStatusTag status={preview.status} />
          </View>
          <Text className='qjt-muted'>所在区县：{preview.regionName || '—'}</Text>
          <Text className='qjt-muted'>有效期至：{formatDateTime(preview.expiresAt)}</Text>
          <Text className={`join__explain join__explain--${preview.status}`}>{STATUS_EXPLAINED[preview.status]}</Text>
        </View>
      )}
    </PageContainer>
  )
}

function AlreadyInOrg({ me }: { me: MeView }) {
  return (
    <PageContainer id='join'>
      <View className='qjt-card' id='join-already'>
        <Text className='join__org'>你已属于一个单位</Text>
        <Text className='qjt-muted join__intro'>你已是“{me.org?.name}”的成员，一个微信账号只能属于一个单位。</Text>
        <Button className='qjt-btn' id='join-go-mine' onClick={() => replace(ROUTES.mine)}>
          查看我的单位
        </Button>
      </View>
    </PageContainer>
  )
}

export default function JoinPage() {
  const { params } = useRouter()
  const { status, me } = useSession()
  // `code` from the join link; `scene` from a mini-program code scanned with WeChat.
  const initialCode = extractInviteCode(params.code ?? null) ?? extractInviteCode(params.scene ?? null) ?? (params.code ?? '').toUpperCase()

  if (status === 'signed_in' && me) {
    return me.org ? <AlreadyInOrg me={me} /> : <JoinForm me={me} initialCode={initialCode} />
  }
  return <PageContainer id='join' requireLogin />
}
