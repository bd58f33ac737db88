import { Input, Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import FormField from '@/components/FormField'

/** `points.2.mpe` → `record-form-points-2-mpe`: dots would read as classes in a selector. */
export const fieldId = (path: string) => `record-form-${path.replace(/\./g, '-')}`

interface TextProps {
  path: string
  label: string
  value: string
  required?: boolean
  error?: string
  hint?: ReactNode
  placeholder: string
  maxlength: number
  onChange: (v: string) => void
  onBlur: () => void
}

export function TextRow(p: TextProps) {
  const id = fieldId(p.path)
  return (
    <FormField label={p.label} required={p.required} error={p.error} hint={p.hint} id={id}>
      <Input
        className='qjt-input'
        id={`${id}-input`}
        value={p.value}
        maxlength={p.maxlength}
        placeholder={p.placeholder}
        placeholderClass='qjt-input-placeholder'
        onInput={(e) => p.onChange(e.detail.value)}
        onBlur={p.onBlur}
      />
    </FormField>
  )
}

interface DecimalProps {
  path: string
  label: string
  value: string
  error?: string
  hint?: ReactNode
  /** °C, %RH: shown after the number, inside the box. */
  suffix?: string
  /** Offers a sign switch in the box: phone number pads have no minus key. */
  signed?: boolean
  placeholder?: string
  onChange: (v: string) => void
  onBlur: () => void
}

/** A measured value as typed (text, never a float), with the number pad. */
export function DecimalRow(p: DecimalProps) {
  const id = fieldId(p.path)
  const negative = p.value.startsWith('-')
  const flip = () => {
    p.onChange(negative ? p.value.slice(1) : `-${p.value}`)
    p.onBlur()
  }
  return (
    <FormField label={p.label} required error={p.error} hint={p.hint} id={id}>
      <View className='qjt-input record-form__box'>
        {p.signed && (
          <Text className='record-form__sign' id={`${id}-sign`} onClick={flip}>
            {negative ? '−' : '＋'}
          </Text>
        )}
        <Input
          className='record-form__box-input'
          id={`${id}-input`}
          type='digit'
          value={negative ? p.value.slice(1) : p.value}
          maxlength={17}
          placeholder={p.placeholder ?? '数值'}
          placeholderClass='qjt-input-placeholder'
          onInput={(e) => {
            const typed = e.detail.value.trim()
            // A minus typed on a full keyboard sets the sign; otherwise the switch keeps it.
            if (typed.startsWith('-')) p.onChange(typed)
            else p.onChange(negative && typed ? `-${typed}` : typed)
          }}
          onBlur={p.onBlur}
        />
        {p.suffix && <Text className='record-form__suffix'>{p.suffix}</Text>}
      </View>
    </FormField>
  )
}
