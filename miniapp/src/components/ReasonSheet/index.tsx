import { Popup } from '@nutui/nutui-react-taro'
import { Button, Text, Textarea, View } from '@tarojs/components'
import type { ZodType } from 'zod'
import { useState } from 'react'
import FormField from '@/components/FormField'
import { cx } from '@/utils/cx'

const REASON_MAX = 200

/** What a reason sheet says: 退回 a task or a record, 移出 an instrument, 撤销 a certificate. */
export interface ReasonCopy {
  /** Prefix of the element ids (`task-return` → `task-return-sheet`, `-reason-input`, `-confirm`). */
  idPrefix: string
  title: string
  label: string
  hint: string
  placeholder: string
  note: string
  confirm: string
  confirming: string
  /** The shared schema's reason field: the same rule and message as the server's. */
  schema: ZodType<string>
}

interface Props {
  copy: ReasonCopy
  busy: boolean
  serverError?: string | null
  onConfirm: (reason: string) => void
  onClose: () => void
}

/** A required reason somebody reads word for word, then the action. */
export default function ReasonSheet({ copy, busy, serverError, onConfirm, onClose }: Props) {
  const [reason, setReason] = useState('')
  const [error, setError] = useState<string | null>(null)
  const check = (v: string) => {
    const r = copy.schema.safeParse(v)
    return r.success ? null : (r.error.issues[0]?.message ?? `请填写${copy.label}`)
  }

  const confirm = () => {
    const problem = check(reason)
    setError(problem)
    if (!problem) onConfirm(reason.trim())
  }

  return (
    <Popup visible position='bottom' round closeable title={copy.title} onClose={onClose}>
      <View className='qjt-sheet__body' id={`${copy.idPrefix}-sheet`}>
        <FormField label={copy.label} required id={`${copy.idPrefix}-reason`} error={error ?? serverError ?? null} hint={`${copy.hint}${reason.trim().length}/${REASON_MAX}`}>
          <Textarea
            className='qjt-input qjt-sheet__textarea'
            id={`${copy.idPrefix}-reason-input`}
            value={reason}
            maxlength={REASON_MAX}
            placeholder={copy.placeholder}
            placeholderClass='qjt-input-placeholder'
            onInput={(e) => {
              setReason(e.detail.value)
              if (error) setError(check(e.detail.value))
            }}
            onBlur={(e) => setError(check(e.detail.value))}
          />
        </FormField>
        <Text className='qjt-muted qjt-sheet__note'>{copy.note}</Text>
      </View>
      <View className='qjt-sheet__actions'>
        <Button className={cx('qjt-btn qjt-btn--danger', { 'qjt-btn--disabled': busy })} id={`${copy.idPrefix}-confirm`} disabled={busy} onClick={confirm}>
          {busy ? copy.confirming : copy.confirm}
        </Button>
      </View>
    </Popup>
  )
}
