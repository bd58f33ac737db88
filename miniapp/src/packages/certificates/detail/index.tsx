import { Button, Text, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import {
  CATALOGUE_MODE_LABELS,
  CERTIFICATE_TYPE_LABELS,
  formatChinaDateTime,
  type CertificateView,
  type MeView,
} from '@qjt/shared'
import { useCallback, useState } from 'react'
import { CertificateExpiry } from '@/components/CertificateCard'
import PageContainer from '@/components/PageContainer'
import { CertificateStatusTag } from '@/components/StatusTag'
import { environmentText, Fact, PointsTable, Signatures, StandardsList } from '@/components/VerificationData'
import { ROUTES } from '@/constants/routes'
import { useAsync, useRefreshOnShow } from '@/hooks/useAsync'
import { downloadCertificatePdf, getCertificate, revokeCertificate } from '@/services/api/certificates'
import { ApiError, errorMessage } from '@/services/errors'
import { hasRole, useSession } from '@/services/session'
import { cx } from '@/utils/cx'
import { confirmAction, toast } from '@/utils/feedback'
import { formatPhone } from '@/utils/format'
import { go } from '@/utils/nav'
import { isH5 } from '@/utils/platform'
import { decodeParam, verifyPageUrl } from '@/utils/verifyLink'
import ReasonSheet from '@/components/ReasonSheet'
import { REVOKE_COPY } from './revoke'
import './index.scss'

function call(phone: string) {
  void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)
}

const certUrl = (no: string) => `${ROUTES.certificateDetail}?no=${encodeURIComponent(no)}`

function Detail({ no, me }: { no: string; me: MeView }) {
  const load = useCallback(() => getCertificate(no, { toast: false }), [no])
  const detail = useAsync<CertificateView>(load)
  const [downloading, setDownloading] = useState(false)
  const [revoking, setRevoking] = useState(false)
  const [busy, setBusy] = useState(false)
  useRefreshOnShow(() => void detail.reload())
  usePullDownRefresh(() => {
    void detail.reload().finally(() => Taro.stopPullDownRefresh())
  })
  const c = detail.data

  const pdf = async () => {
    if (!c || downloading) return
    setDownloading(true)
    try {
      const res = await downloadCertificatePdf(c.no)
      if (isH5) toast(`已下载 ${res.fileName}`, 'success')
    } catch (err) {
      toast(errorMessage(err))
    } finally {
      setDownloading(false)
    }
  }

  const revoke = async (reason: string) => {
    if (!c || busy) return
    const ok = await confirmAction({ title: '撤销这份证书？', content: '撤销后任何人扫码都会看到“已撤销”，不能恢复。', confirmText: '撤销', danger: true })
    if (!ok) return
    setBusy(true)
    try {
      const next = await revokeCertificate(c.no, reason, { toast: false })
      detail.setData(() => next)
      setRevoking(false)
      toast('证书已撤销', 'success')
    } catch (err) {
      toast(errorMessage(err))
    } finally {
      setBusy(false)
    }
  }

  const verifyPage = c ? verifyPageUrl(c.verifyUrl) : null
  const canRevoke = !!c && !c.revoked && me.org?.type === 'institution' && hasRole(me, 'inst_approver')

  return (
    <PageContainer
      id='cert-detail'
      className='cert-detail'
      loading={detail.initialLoading}
      error={c ? null : detail.error}
      onRetry={() => void detail.reload()}
      footer={
        c ? (
          <Button className={cx('qjt-btn', { 'qjt-btn--disabled': downloading })} id='cert-detail-pdf' disabled={downloading} onClick={() => void pdf()}>
            {downloading ? '正在下载PDF…' : '查看PDF'}
          </Button>
        ) : undefined
      }
    >
      {c && (
        <>
          <View className='qjt-card' id='cert-detail-head'>
            <View className='cert-card__head'>
              <View>
                <Text className='cert-card__type'>{CERTIFICATE_TYPE_LABELS[c.type]}</Text>
                <Text className='cert-card__no' id='cert-detail-no'>
                  {c.no}
                </Text>
              </View>
              <CertificateStatusTag status={c.status} id='cert-detail-status' />
            </View>
            <View className={cx('cert-detail__conclusion', c.conclusion === 'pass' ? 'cert-detail__conclusion--pass' : 'cert-detail__conclusion--fail')} id='cert-detail-conclusion'>
              <Text className='cert-detail__conclusion-label'>检定结论</Text>
              <Text className='cert-detail__conclusion-text'>{c.conclusionText}</Text>
            </View>
            <CertificateExpiry c={c} large />
            {c.replaceBy && <Text className='cert-detail__warn'>限期使用：须于 {c.replaceBy} 前更换</Text>}
            {c.revoked && (
              <View className='cert-detail__revoked' id='cert-detail-revoked'>
                <Text className='cert-detail__revoked-title'>已于 {formatChinaDateTime(c.revoked.at)} 撤销</Text>
                <Text>原因：{c.revoked.reason}</Text>
              </View>
            )}
            {c.supersededBy && (
              <Text className='qjt-link cert-detail__link' id='cert-detail-superseded' onClick={() => go(certUrl(c.supersededBy ?? ''))}>
                已被新证书 {c.supersededBy} 替代，查看新证书
              </Text>
            )}
            {c.supersedes && (
              <Text className='qjt-link cert-detail__link' onClick={() => go(certUrl(c.supersedes ?? ''))}>
                本证书替代 {c.supersedes}
              </Text>
            )}
          </View>

          <View className='qjt-card' id='cert-detail-check'>
            <Text className='qjt-section-title'>扫码查验</Text>
            <Text className='qjt-muted cert-detail__check-text'>
              证书上的二维码可由任何人扫描查验真伪和有效期{c.lookups > 0 ? `，已被查验 ${c.lookups} 次` : '，还没有人查验过'}。
            </Text>
            {verifyPage && (
              <Button className='qjt-btn qjt-btn--plain' id='cert-detail-verify' onClick={() => go(verifyPage)}>
                打开验证页
              </Button>
            )}
          </View>

          <View className='qjt-card'>
            <Text className='qjt-section-title'>器具</Text>
            <Fact label='器具名称'>
              <Text>{c.instrument.name}</Text>
            </Fact>
            <Fact label='器具编码'>
              <Text>{c.instrument.code}</Text>
            </Fact>
            <Fact label='二级目录'>
              <Text>{c.instrument.level2Name}</Text>
            </Fact>
            <Fact label='型号规格'>
              <Text>{c.instrument.model || '—'}</Text>
            </Fact>
            <Fact label='出厂编号'>
              <Text>{c.instrument.serialNo}</Text>
            </Fact>
            <Fact label='生产厂家'>
              <Text>{c.instrument.manufacturer || '—'}</Text>
            </Fact>
            <Fact label='测量范围'>
              <Text>{c.instrument.range || '—'}</Text>
            </Fact>
            <Fact label='准确度等级'>
              <Text>{c.instrument.accuracyClass || '—'}</Text>
            </Fact>
            <Fact label='送检单位'>
              <Text>{c.unit.name}</Text>
            </Fact>
          </View>

          <View className='qjt-card' id='cert-detail-institution'>
            <Text className='qjt-section-title'>检定机构</Text>
            <Text className='cert-detail__inst'>{c.institution.name}</Text>
            <Fact label='地址'>
              <Text>{c.institution.address || '—'}</Text>
            </Fact>
            <Fact label='电话' id='cert-detail-phone'>
              {c.institution.phone ? (
                <Text className='qjt-link cert-detail__phone' onClick={() => call(c.institution.phone ?? '')}>
                  {formatPhone(c.institution.phone)} 拨打
                </Text>
              ) : (
                <Text>—</Text>
              )}
            </Fact>
            <Fact label='授权证书编号'>
              <Text>{c.institution.authorizationNo || '—'}</Text>
            </Fact>
          </View>

          <View className='qjt-card'>
            <Text className='qjt-section-title'>检定信息</Text>
            <Fact label='检定规程'>
              <Text>{c.regulation}</Text>
            </Fact>
            <Fact label='检定日期'>
              <Text>{c.verifiedAt}</Text>
            </Fact>
            {c.mode && (
              <Fact label='管理方式'>
                <Text>{CATALOGUE_MODE_LABELS[c.mode]}</Text>
              </Fact>
            )}
            <Fact label='检定地点'>
              <Text>{c.place}</Text>
            </Fact>
            <Fact label='环境条件'>
              <Text>{environmentText(c.environment)}</Text>
            </Fact>
            <Fact label='签发时间'>
              <Text>{formatChinaDateTime(c.issuedAt)}</Text>
            </Fact>
          </View>

          <View className='qjt-card'>
            <Text className='qjt-section-title'>计量标准器</Text>
            <StandardsList standards={c.standards} />
          </View>

          <View className='qjt-card' id='cert-detail-results'>
            <Text className='qjt-section-title'>检定结果</Text>
            {c.failures.length > 0 && (
              <View className='cert-detail__failures'>
                {c.failures.map((f) => (
                  <Text key={f} className='cert-detail__failure'>
                    · {f}
                  </Text>
                ))}
              </View>
            )}
            <PointsTable points={c.points} id='cert-detail-points' />
          </View>

          <View className='qjt-card'>
            <Text className='qjt-section-title'>签名</Text>
            <Signatures verifier={c.verifier} checker={c.checker} approver={c.approver} idPrefix='cert-detail' />
          </View>

          {canRevoke && (
            <View className='qjt-card'>
              <Text className='qjt-section-title'>撤销</Text>
              <Text className='qjt-muted cert-detail__check-text'>证书有误时由批准人撤销；重新检定后签发新证书。</Text>
              <Button className='qjt-btn qjt-btn--danger' id='cert-detail-revoke' onClick={() => setRevoking(true)}>
                撤销证书
              </Button>
            </View>
          )}
          {revoking && <ReasonSheet copy={REVOKE_COPY} busy={busy} onConfirm={(r) => void revoke(r)} onClose={() => setRevoking(false)} />}
        </>
      )}
    </PageContainer>
  )
}

export default function CertificateDetailPage() {
  const { params } = useRouter()
  const { status, me } = useSession()
  const no = decodeParam(params.no)
  if (status === 'signed_in' && me?.org) {
    if (!no) return <PageContainer id='cert-detail' error={new ApiError({ status: 404, code: 'NOT_FOUND', message: '没有指定证书编号' })} />
    return <Detail key={`${me.id}:${no}`} no={no} me={me} />
  }
  return <PageContainer id='cert-detail' requireLogin />
}
