import { Popup } from '@nutui/nutui-react-taro'
import { Button, Text, View } from '@tarojs/components'
import { addDays, RecordApproveSchema, RecordSendBackSchema, type RecordView } from '@qjt/shared'
import { useState } from 'react'
import ChoiceChips from '@/components/ChoiceChips'
import DateField from '@/components/DateField'
import FormField from '@/components/FormField'
import type { ReasonCopy } from '@/components/ReasonSheet'
import { cx } from '@/utils/cx'

const firstIssue = (r: { success: boolean; error?: { issues: { message: string }[] } }) => (r.success ? null : (r.error?.issues[0]?.message ?? '格式不正确'))

/** 退回: to the 检定员, with what to correct; they read it word for word. */
export const SEND_BACK_COPY: ReasonCopy = {
  idPrefix: 'record-sendback',
  title: '退回检定记录',
  label: '退回原因',
  hint: '检定员会看到这段话，请写明要改什么。',
  placeholder: '例如：第3个检定点示值与原始记录不符，请核对',
  note: '退回后，检定员修改数据并重新提交，再从核验开始。',
  confirm: '退回检定员',
  confirming: '正在退回…',
  schema: RecordSendBackSchema.shape.reason,
}

const checkDate = (v: string, label: string) => (v ? firstIssue(RecordApproveSchema.shape.validUntil.safeParse(v)) : `请选择${label}`)

export interface ApproveInput {
  validUntil?: string
  usageClass?: string
  replaceBy?: string
}

/** 72 个月 → 6年. */
const months = (n: number) => (n % 12 === 0 ? `${n / 12}年` : `${n}个月`)

/**
 * 批准: what will be issued, and what the catalogue cannot decide for this kind: 有效期至 where it
 * has no period, the size class or the 到期轮换日期 of an instrument used for a limited time.
 */
export function ApproveSheet({ record, busy, serverErrors, onConfirm, onClose }: { record: RecordView; busy: boolean; serverErrors: Record<string, string>; onConfirm: (input: ApproveInput) => void; onClose: () => void }) {
  const [validUntil, setValidUntil] = useState('')
  const [usageClass, setUsageClass] = useState('')
  const [replaceBy, setReplaceBy] = useState('')
  const [errors, setErrors] = useState<Record<string, string | null>>({})
  const pass = record.conclusion === 'pass'
  const asksValid = record.needsValidUntil && pass
  const classes = pass ? (record.usageClasses ?? []) : []
  const asksReplace = !!record.needsReplaceBy && pass
  const confirm = () => {
    const next = {
      validUntil: asksValid ? checkDate(validUntil, '有效期至') : null,
      usageClass: classes.length && !usageClass ? '请选择使用期限类别' : null,
      replaceBy: asksReplace ? checkDate(replaceBy, '到期轮换日期') : null,
    }
    setErrors(next)
    if (next.validUntil || next.usageClass || next.replaceBy) return
    onConfirm({
      ...(asksValid ? { validUntil } : {}),
      ...(classes.length ? { usageClass } : {}),
      ...(asksReplace ? { replaceBy } : {}),
    })
  }
  const other = Object.entries(serverErrors).filter(([k]) => !['validUntil', 'usageClass', 'replaceBy'].includes(k))
  return (
    <Popup visible position='bottom' round closeable title='批准并签发' onClose={onClose} className='record-sheet'>
      <View className='qjt-sheet__body' id='record-approve-sheet'>
        <View className={cx('record-sheet__issue', pass ? 'record-sheet__issue--pass' : 'record-sheet__issue--fail')}>
          <Text className='record-sheet__issue-title'>将签发：{pass ? '检定证书' : '检定结果通知书'}</Text>
          <Text>
            {record.instrument.name} · 出厂编号 {record.instrument.serialNo} · 结论 {pass ? '合格' : '不合格'}
          </Text>
        </View>
        {asksValid && (
          <FormField label='有效期至' required id='record-approve-validUntil' error={errors.validUntil ?? serverErrors.validUntil} hint='目录中没有这类器具的检定周期，请按检定规程确定'>
            <DateField
              id='record-approve-validUntil-input'
              title='有效期至'
              min={addDays(record.verifiedAt, 1)}
              max={addDays(record.verifiedAt, 3660)}
              value={validUntil}
              onChange={(v) => {
                setValidUntil(v)
                setErrors((e) => ({ ...e, validUntil: null }))
              }}
            />
          </FormField>
        )}
        {classes.length > 0 && (
          <FormField label='使用期限类别' required id='record-approve-usageClass' error={errors.usageClass ?? serverErrors.usageClass} hint='限期使用的器具按规格确定到期轮换日期'>
            <ChoiceChips
              id='record-approve-usageClass-input'
              options={classes.map((c) => ({ value: c.key, label: `${c.key}（${months(c.months)}）` }))}
              value={usageClass}
              onChange={(v) => {
                setUsageClass(v)
                setErrors((e) => ({ ...e, usageClass: null }))
              }}
            />
          </FormField>
        )}
        {asksReplace && (
          <FormField label='到期轮换日期' required id='record-approve-replaceBy' error={errors.replaceBy ?? serverErrors.replaceBy} hint='目录中没有这类器具的使用期限，请按规定确定'>
            <DateField
              id='record-approve-replaceBy-input'
              title='到期轮换日期'
              min={addDays(record.verifiedAt, 1)}
              max={addDays(record.verifiedAt, 7320)}
              value={replaceBy}
              onChange={(v) => {
                setReplaceBy(v)
                setErrors((e) => ({ ...e, replaceBy: null }))
              }}
            />
          </FormField>
        )}
        {other.map(([k, m]) => (
          <Text key={k} className='form-field__error'>
            {m}
          </Text>
        ))}
        <Text className='qjt-muted qjt-sheet__note'>签发后单位立即可以查看和下载，扫描二维码可以查验真伪。签发的证书只能撤销，不能修改。</Text>
      </View>
      <View className='qjt-sheet__actions'>
        <Button className={cx('qjt-btn', { 'qjt-btn--disabled': busy })} id='record-approve-confirm' disabled={busy} onClick={confirm}>
          {busy ? '正在签发…' : '确认批准并签发'}
        </Button>
      </View>
    </Popup>
  )
}
