import type { FieldError } from '@qjt/shared'
import { useCallback, useState } from 'react'
import type { z } from 'zod'

type Shape<S extends z.ZodObject> = S['shape']
export type FieldName<S extends z.ZodObject> = keyof Shape<S> & string
export type FormValues<S extends z.ZodObject> = Record<FieldName<S>, string>
export type FormErrors<S extends z.ZodObject> = Partial<Record<FieldName<S>, string>>

function firstIssue(result: { success: boolean; error?: z.ZodError }): string | null {
  return result.success ? null : (result.error?.issues[0]?.message ?? '格式不正确')
}

/**
 * A form checked by the same zod schema the API uses, so both say the same Chinese sentence.
 * A field is checked when the user leaves it, and again on every change once it has been shown wrong.
 */
export function useZodForm<S extends z.ZodObject>(schema: S, initial: FormValues<S>) {
  const [values, setValues] = useState<FormValues<S>>(initial)
  const [errors, setErrors] = useState<FormErrors<S>>({})

  const checkField = useCallback(
    (name: FieldName<S>, value: string): string | null => {
      const field = (schema.shape as Record<string, z.ZodType>)[name]
      return field ? firstIssue(field.safeParse(value)) : null
    },
    [schema],
  )

  const setError = useCallback((name: FieldName<S>, message: string | null) => {
    setErrors((prev) => {
      if ((prev[name] ?? null) === message) return prev
      const next = { ...prev }
      if (message) next[name] = message
      else delete next[name]
      return next
    })
  }, [])

  const setValue = useCallback(
    (name: FieldName<S>, value: string) => {
      setValues((prev) => ({ ...prev, [name]: value }))
      setErrors((prev) => {
        if (!prev[name]) return prev
        const message = checkField(name, value)
        const next = { ...prev }
        if (message) next[name] = message
        else delete next[name]
        return next
      })
    },
    [checkField],
  )

  /** On blur: say what is wrong right away, under the field. */
  const touch = useCallback(
    (name: FieldName<S>) => setError(name, checkField(name, values[name])),
    [checkField, setError, values],
  )

  /** Checks everything before submitting; returns the parsed input, or null with the errors shown. */
  const validateAll = useCallback((): z.infer<S> | null => {
    const result = schema.safeParse(values)
    if (result.success) {
      setErrors({})
      return result.data
    }
    const next: FormErrors<S> = {}
    for (const issue of result.error.issues) {
      const key = String(issue.path[0] ?? '') as FieldName<S>
      if (key && !next[key]) next[key] = issue.message
    }
    setErrors(next)
    return null
  }, [schema, values])

  /** The API's `details[]` land under the matching fields; returns whether any matched. */
  const applyServerErrors = useCallback(
    (details: FieldError[]): boolean => {
      const next: FormErrors<S> = {}
      let matched = false
      for (const d of details) {
        const key = d.path.split('.')[0] as FieldName<S>
        if (key in (schema.shape as object) && !next[key]) {
          next[key] = d.message
          matched = true
        }
      }
      if (matched) setErrors(next)
      return matched
    },
    [schema],
  )

  return { values, setValues, errors, setError, setValue, touch, validateAll, applyServerErrors }
}
