import { Popup } from '@nutui/nutui-react-taro'
import { Button, Text, Textarea, View } from '@tarojs/components'
import { CertificateRevokeSchema } from '@qjt/shared'
import { useState } from 'react'
import { cx } from '@/utils/cx'

/** 撤销: the reason is required and kept with the certificate; the public check shows 已撤销. */
export default function RevokeSheet({ busy, onConfirm, onClose }: { busy: boolean; onConfirm: (reason: string) => void; onClose: () => void }) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const check = (v: string) => {
    const r = CertificateRevokeSchema.shape.reason.safeParse(v)
    return r.success ? null : (r.error.issues[0]?.message ?? '请填写撤销原因')
  }
  return (
    <Popup visible position='bottom' round closeable title='撤销证书' onClose={onClose} className='cert-sheet'>
      <View className='cert-sheet__body' id='cert-revoke-sheet'>
        <View className='qjt-input cert-sheet__field'>
          <Textarea
            className='cert-sheet__textarea'
            id='cert-revoke-reason-input'
            value={reason}
            maxlength={200}
            placeholder='撤销原因，例如：检定数据录入错误，将重新检定'
            placeholderClass='qjt-input-placeholder'
            onInput={(e) => {
              setReason(e.detail.value)
              if (error) setError(check(e.detail.value))
            }}
            onBlur={(e) => setError(check(e.detail.value))}
          />
        </View>
        {error && (
          <Text className='form-field__error' id='cert-revoke-reason-error'>
            {error}
          </Text>
        )}
        <Text className='qjt-muted cert-sheet__note'>撤销后扫码查验显示“已撤销”，单位的台账不再以这份证书为准。撤销不能恢复。</Text>
      </View>
      <View className='cert-sheet__actions'>
        <Button
          className={cx('qjt-btn qjt-btn--danger', { 'qjt-btn--disabled': busy })}
          id='cert-revoke-confirm'
          disabled={busy}
          onClick={() => {
            const problem = check(reason)
            setError(problem)
            if (!problem) onConfirm(reason.trim())
          }}
        >
          {busy ? '正在撤销…' : '撤销证书'}
        </Button>
      </View>
    </Popup>
  )
}
