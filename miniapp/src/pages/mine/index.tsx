import { Switch } from '@nutui/nutui-react-taro'
import { Button, Input, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh } from '@tarojs/taro'
import { ORG_TYPE_LABELS, ProfileUpdateSchema, ROLE_LABELS, type MeView } from '@qjt/shared'
import { useCallback, useState } from 'react'
import FormField from '@/components/FormField'
import MessageEntry from '@/components/MessageEntry'
import OrgActions from '@/components/OrgActions'
import PageContainer from '@/components/PageContainer'
import StatusTag from '@/components/StatusTag'
import { ROUTES } from '@/constants/routes'
import { useAsync, useRefreshOnShow } from '@/hooks/useAsync'
import { useTabBarState } from '@/hooks/useTabBarState'
import { updateMe } from '@/services/api/auth'
import { getCurrentOrg } from '@/services/api/orgs'
import { errorMessage } from '@/services/errors'
import { bootstrap, hasRole, refreshMe, signOut, useSession } from '@/services/session'
import { setLargeText, useLargeText } from '@/services/settings'
import { confirmAction, toast } from '@/utils/feedback'
import { formatPhone } from '@/utils/format'
import { go } from '@/utils/nav'
import { isH5 } from '@/utils/platform'
import './index.scss'

function call(phone: string) {
  void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)
}

function NameEditor({ me, onDone }: { me: MeView; onDone: () => void }) {
  const [name, setName] = useState(me.name)
  const [error, setError] = useState<string | null>(null)
  const [saving, setSaving] = useState(false)

  const check = (value: string) => {
    const r = ProfileUpdateSchema.shape.name.safeParse(value)
    return r.success ? null : (r.error.issues[0]?.message ?? '姓名格式不正确')
  }

  const save = async () => {
    const problem = check(name)
    setError(problem)
    if (problem || saving) return
    setSaving(true)
    try {
      await updateMe({ name: name.trim() })
      await refreshMe().catch(() => undefined)
      toast('姓名已保存', 'success')
      onDone()
    } catch {
      // The request client has already said why.
    } finally {
      setSaving(false)
    }
  }

  return (
    <View className='mine__name-edit'>
      <FormField label='姓名' required error={error} id='mine-name' hint='同事和检定机构会看到这个名字'>
        <Input
          className='qjt-input'
          id='mine-name-input'
          value={name}
          maxlength={30}
          focus
          placeholder='请输入你的姓名'
          placeholderClass='qjt-input-placeholder'
          onInput={(e) => {
            setName(e.detail.value)
            if (error) setError(check(e.detail.value))
          }}
          onBlur={(e) => setError(check(e.detail.value))}
          onConfirm={() => void save()}
        />
      </FormField>
      <View className='mine__name-actions'>
        <Button className='qjt-btn qjt-btn--plain' id='mine-name-cancel' onClick={onDone}>
          取消
        </Button>
        <Button className='qjt-btn' id='mine-name-save' disabled={saving} onClick={() => void save()}>
          {saving ? '正在保存…' : '保存'}
        </Button>
      </View>
    </View>
  )
}

function UserCard({ me }: { me: MeView }) {
  const [editing, setEditing] = useState(false)
  return (
    <View className='qjt-card mine__user' id='mine-user'>
      {editing ? (
        <NameEditor me={me} onDone={() => setEditing(false)} />
      ) : (
        <View className='qjt-row'>
          <Text className='mine__name'>{me.name || '未填写姓名'}</Text>
          <Button className='qjt-btn qjt-btn--plain qjt-btn--small' id='mine-name-edit' onClick={() => setEditing(true)}>
            {me.name ? '修改姓名' : '填写姓名'}
          </Button>
        </View>
      )}
      <View className='mine__roles'>
        {me.roles.length ? (
          me.roles.map((r) => <StatusTag key={r} text={ROLE_LABELS[r] ?? r} tone='primary' />)
        ) : (
          <Text className='qjt-muted'>尚未加入单位</Text>
        )}
      </View>
      {me.phone && <Text className='qjt-muted'>手机号：{formatPhone(me.phone)}</Text>}
    </View>
  )
}

function OrgCard({ me }: { me: MeView }) {
  const load = useCallback(() => getCurrentOrg({ toast: false }), [])
  const org = useAsync(load, !!me.orgId)
  useRefreshOnShow(() => void org.reload(), !!me.orgId)
  const summary = me.org

  if (!summary) return null
  const detail = org.data
  return (
    <View className='qjt-card' id='mine-org'>
      <Text className='qjt-section-title'>我的单位</Text>
      <Text className='mine__org-name'>{summary.name}</Text>
      {summary.type !== 'unit' && <Text className='qjt-muted'>{ORG_TYPE_LABELS[summary.type]}</Text>}
      <View className='mine__facts'>
        <Fact label='所在区县' value={detail?.regionName ?? summary.regionName} />
        {detail && (
          <>
            <Fact label='详细地址' value={detail.address} />
            <Fact label='联系人' value={detail.contactName} />
            {detail.contactPhone ? (
              <View className='mine__fact'>
                <Text className='mine__fact-label'>联系电话</Text>
                <Text className='qjt-link' onClick={() => call(detail.contactPhone)} id='mine-org-phone'>
                  {formatPhone(detail.contactPhone)}
                </Text>
              </View>
            ) : (
              <Fact label='联系电话' value='' />
            )}
            {detail.uscc && <Fact label='统一社会信用代码' value={detail.uscc} />}
          </>
        )}
      </View>
      {org.initialLoading && <Text className='qjt-muted'>正在加载单位详情…</Text>}
      {org.error && !detail ? (
        <View className='mine__org-error'>
          <Text className='qjt-muted'>单位详情没能加载：{errorMessage(org.error)}</Text>
          <Button className='qjt-btn qjt-btn--plain qjt-btn--small' id='mine-org-retry' onClick={() => void org.reload()}>
            重试
          </Button>
        </View>
      ) : null}
    </View>
  )
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <View className='mine__fact'>
      <Text className='mine__fact-label'>{label}</Text>
      <Text className='mine__fact-value'>{value || '—'}</Text>
    </View>
  )
}

function Cell({ id, title, value, onClick }: { id: string; title: string; value?: string; onClick: () => void }) {
  return (
    <View className='qjt-cell' id={id} hoverClass='mine__cell--pressed' onClick={onClick}>
      <Text>{title}</Text>
      <View className='qjt-row'>
        {value && <Text className='qjt-cell__value'>{value}</Text>}
        <View className='qjt-cell__arrow' />
      </View>
    </View>
  )
}

/** The way to each role's own work: a unit's certificates, an institution's records, a regulator's figures. */
function WorkCells({ me }: { me: MeView }) {
  const type = me.org?.type
  if (type === 'unit') {
    return (
      <View className='qjt-card'>
        <Text className='qjt-section-title'>检定结果</Text>
        <Cell id='mine-certificates' title='我的证书' value='查看、下载检定证书' onClick={() => go(ROUTES.certificates)} />
      </View>
    )
  }
  if (type === 'institution') {
    return (
      <View className='qjt-card'>
        <Text className='qjt-section-title'>检定工作</Text>
        {(hasRole(me, 'inst_verifier') || hasRole(me, 'inst_approver')) && (
          <Cell id='mine-records' title='检定记录' value={hasRole(me, 'inst_approver') ? '待批准、已批准' : '待核验、已退回'} onClick={() => go(ROUTES.recordQueue)} />
        )}
        <Cell id='mine-certificates' title='已签发证书' value='查看、撤销' onClick={() => go(ROUTES.certificates)} />
      </View>
    )
  }
  if (hasRole(me, 'regulator')) {
    return (
      <View className='qjt-card'>
        <Text className='qjt-section-title'>监管</Text>
        <Cell id='mine-oversight' title='监管统计' value='器具、预约、合格率' onClick={() => go(ROUTES.oversight)} />
        <Cell id='mine-overdue' title='逾期器具' value='按地区、单位、目录' onClick={() => go(ROUTES.overdue)} />
      </View>
    )
  }
  return null
}

function Settings() {
  const large = useLargeText()
  return (
    <View className='qjt-card'>
      <Text className='qjt-section-title'>设置与帮助</Text>
      {/* The whole row toggles: the switch alone is smaller than a thumb. */}
      <View className='qjt-cell' id='mine-large-text' onClick={() => setLargeText(!large)}>
        <View>
          <Text className='mine__setting-title'>大字模式</Text>
          <Text className='qjt-muted mine__setting-desc'>{large ? '已开启，文字放大显示' : '开启后文字放大显示'}</Text>
        </View>
        <Switch checked={large} activeText='开' inactiveText='关' />
      </View>
      <Cell id='mine-privacy' title='隐私保护指引' onClick={() => go(ROUTES.privacy)} />
      <Cell id='mine-manual' title='用户手册' onClick={() => go(ROUTES.manual)} />
      <Cell id='mine-faq' title='常见问题' onClick={() => go(ROUTES.faq)} />
    </View>
  )
}

export default function MinePage() {
  useTabBarState()
  const { status, me, error } = useSession()

  usePullDownRefresh(() => {
    const done = () => Taro.stopPullDownRefresh()
    if (status === 'signed_in') void refreshMe().catch(() => undefined).finally(done)
    else void bootstrap().finally(done)
  })
  useRefreshOnShow(() => void refreshMe().catch(() => undefined), status === 'signed_in')

  const logout = async () => {
    const ok = await confirmAction({ title: '退出登录', content: '退出后需要重新登录才能查看单位信息。', confirmText: '退出' })
    if (ok) signOut()
  }

  let account
  if (status === 'signed_in' && me) {
    const admin = hasRole(me, 'unit_admin')
    account = (
      <>
        <UserCard me={me} />
        <MessageEntry idPrefix='mine' />
        {me.org ? <OrgCard key={`${me.id}:${me.org.id}`} me={me} /> : <OrgActions idPrefix='mine' />}
        <WorkCells me={me} />
        {admin && (
          <View className='qjt-card'>
            <Text className='qjt-section-title'>单位管理</Text>
            <Cell id='mine-members' title='成员管理' value='查看、移除成员' onClick={() => go(ROUTES.members)} />
            <Cell id='mine-invite' title='邀请同事' value='生成邀请码' onClick={() => go(ROUTES.invite)} />
          </View>
        )}
      </>
    )
  } else if (status === 'signed_out' && isH5) {
    account = (
      <View className='qjt-card'>
        <Text className='mine__name'>未登录</Text>
        <Text className='qjt-muted mine__login-hint'>登录后查看你的单位、成员和邀请。</Text>
        <Button className='qjt-btn' id='mine-login' onClick={() => go(`${ROUTES.login}?redirect=${encodeURIComponent(ROUTES.mine)}`)}>
          去登录
        </Button>
      </View>
    )
  } else if (status === 'error' || status === 'signed_out') {
    account = (
      <View className='qjt-card'>
        <Text className='mine__name'>登录没有成功</Text>
        <Text className='qjt-muted mine__login-hint'>{error?.message ?? '请检查网络后重试'}</Text>
        <Button className='qjt-btn' id='mine-relogin' onClick={() => void bootstrap()}>
          重试
        </Button>
      </View>
    )
  } else {
    account = (
      <View className='qjt-card'>
        <Text className='qjt-muted'>正在登录…</Text>
      </View>
    )
  }

  return (
    <PageContainer id='mine' className='mine'>
      {account}
      <Settings />
      {isH5 && status === 'signed_in' && (
        <View className='qjt-card'>
          <Button className='qjt-btn qjt-btn--plain' id='mine-switch-account' onClick={() => go(`${ROUTES.login}?redirect=${encodeURIComponent(ROUTES.mine)}`)}>
            切换账号
          </Button>
          <Button className='qjt-btn qjt-btn--danger' id='mine-logout' onClick={() => void logout()}>
            退出登录
          </Button>
        </View>
      )}
    </PageContainer>
  )
}
