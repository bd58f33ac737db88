import { Text, View } from '@tarojs/components'
import type { ReactNode } from 'react'
import './index.scss'

interface Props {
  label: string
  required?: boolean
  /** Shown under the field in red, with the words saying what is wrong. */
  error?: string | null
  /** Shown under the field when there is no error. */
  hint?: ReactNode
  /** Lets browser tests find the field's message: `${id}-error`. */
  id?: string
  children: ReactNode
}

/** One form row: label above, the control, then the error or the hint. */
export default function FormField({ label, required, error, hint, id, children }: Props) {
  return (
    <View className={`form-field${error ? ' form-field--error' : ''}`} id={id ? `${id}-field` : undefined}>
      <View className='form-field__label'>
        {required && <Text className='form-field__required'>*</Text>}
        <Text>{label}</Text>
        {!required && <Text className='form-field__optional'>（选填）</Text>}
      </View>
      {children}
      {error ? (
        <Text className='form-field__error' id={id ? `${id}-error` : undefined}>
          {error}
        </Text>
      ) : (
        hint && <View className='form-field__hint'>{hint}</View>
      )}
    </View>
  )
}
