import { Text, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { CERTIFICATE_TYPE_LABELS, VERDICT_LABELS, VERIFY_RESULT_LABELS, type PublicCertificateView } from '@qjt/shared'
import { useCallback, useEffect, type ReactNode } from 'react'
import PageContainer from '@/components/PageContainer'
import { useAsync } from '@/hooks/useAsync'
import { lookupPublicCertificate } from '@/services/api/certificates'
import { ApiError } from '@/services/errors'
import { cx } from '@/utils/cx'
import { formatDateTime, formatPhone } from '@/utils/format'
import { certificateRef, decodeParam } from '@/utils/verifyLink'
import './index.scss'

type Verdict = keyof typeof VERDICT_LABELS

/** A mark beside the word, so the verdict never rests on colour alone. */
const MARKS: Record<Verdict, string> = { valid: '✓', expired: '!', revoked: '✕', superseded: '↻', forged: '✕' }

const EXPLAIN: Record<Verdict, string> = {
  valid: '这份证书由检定机构签发，内容未被改动，且在有效期内。',
  expired: '证书是真的，但已超过有效期：器具须重新检定后才能使用。',
  revoked: '证书是真的，但已被检定机构撤销，不再有效。',
  superseded: '证书是真的，但器具已重新检定，以新证书为准。',
  forged: '二维码与检定机构签发的证书对不上，可能被改动或伪造。请向检定机构核实。',
}

interface Lookup {
  view: PublicCertificateView
  at: Date
}

/** The certificate's number and signature were not ours: a verdict, not a failure to ask. */
function isForgery(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 400 || err.status === 404)
}

function call(phone: string) {
  void Taro.makePhoneCall({ phoneNumber: phone }).catch(() => undefined)
}

function Row({ label, children, id }: { label: string; children: ReactNode; id?: string }) {
  return (
    <View className='verify__row' id={id}>
      <Text className='verify__label'>{label}</Text>
      <View className='verify__value'>{children}</View>
    </View>
  )
}

/**
 * What anyone sees after scanning a certificate's QR code, signed in or not, in WeChat or in
 * any phone browser: one verdict, then the key facts; of the unit only its masked name.
 */
export default function VerifyPage() {
  const { params } = useRouter()
  // WeChat opens the mini-program from the printed QR code's plain link with that link in `q`.
  const fromLink = params.q ? certificateRef(decodeParam(params.q)) : null
  const no = fromLink?.no ?? decodeParam(params.no)
  const sig = fromLink?.sig ?? decodeParam(params.sig)
  const complete = !!no && !!sig

  const load = useCallback(async (): Promise<Lookup> => {
    try {
      return { view: await lookupPublicCertificate(no, sig, { toast: false }), at: new Date() }
    } catch (err) {
      if (isForgery(err)) return { view: { genuine: false }, at: new Date() }
      throw err
    }
  }, [no, sig])
  const lookup = useAsync(load, complete)

  useEffect(() => {
    void Taro.setNavigationBarTitle({ title: '证书查验' }).catch(() => undefined)
  }, [])

  const view: PublicCertificateView | undefined = complete ? lookup.data?.view : { genuine: false }
  const verdict: Verdict | null = !view ? null : view.genuine ? view.status : 'forged'

  return (
    <PageContainer id='verify' className='verify' loading={complete && lookup.initialLoading} loadingText='正在查验证书…' error={view ? null : lookup.error} onRetry={() => void lookup.reload()}>
      {view && verdict && (
        <>
          <View className={cx('verify__verdict', `verify__verdict--${verdict}`)} id='verify-verdict'>
            <Text className='verify__mark'>{MARKS[verdict]}</Text>
            <Text className='verify__word' id='verify-word'>
              {VERDICT_LABELS[verdict]}
            </Text>
            <Text className='verify__explain'>{complete ? EXPLAIN[verdict] : '链接不完整，缺少证书编号或签名。请重新扫描证书上的二维码。'}</Text>
          </View>

          {view.genuine && (
            <>
              <View className={cx('verify__kind', view.conclusion === 'pass' ? 'verify__kind--pass' : 'verify__kind--fail')} id='verify-kind'>
                <Text>{CERTIFICATE_TYPE_LABELS[view.type]}</Text>
                <Text className='verify__conclusion'>检定结论：{VERIFY_RESULT_LABELS[view.conclusion]}</Text>
              </View>
              <View className='verify__card' id='verify-facts'>
                <Row label='证书编号' id='verify-no'>
                  <Text className='verify__strong'>{view.no}</Text>
                </Row>
                <Row label='器具名称'>
                  <Text>{view.instrumentName}</Text>
                </Row>
                <Row label='出厂编号'>
                  <Text>{view.serialNo}</Text>
                </Row>
                <Row label='送检单位' id='verify-unit'>
                  <Text>{view.unitName}</Text>
                </Row>
                <Row label='检定机构'>
                  <Text>{view.institutionName}</Text>
                </Row>
                <Row label='机构电话' id='verify-phone'>
                  {view.institutionPhone ? (
                    <Text className='verify__phone' onClick={() => call(view.institutionPhone ?? '')}>
                      {formatPhone(view.institutionPhone)} 拨打
                    </Text>
                  ) : (
                    <Text>—</Text>
                  )}
                </Row>
                <Row label='检定日期'>
                  <Text>{view.verifiedAt}</Text>
                </Row>
                <Row label='有效期至' id='verify-valid-until'>
                  <Text className={cx({ verify__strong: view.status === 'valid' })}>{view.validUntil ?? '—（不合格，无有效期）'}</Text>
                </Row>
              </View>
            </>
          )}
          {complete && <Text className='verify__foot'>查验时间 {formatDateTime(lookup.data?.at ?? new Date())} · 强检通</Text>}
        </>
      )}
    </PageContainer>
  )
}
