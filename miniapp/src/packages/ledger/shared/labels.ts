import {
  DELIVERY_MODE_LABELS,
  INSTRUMENT_KIND_LABELS,
  INSTRUMENT_STATUS_LABELS,
  ORIGIN_LABELS,
  USAGE_LABELS,
  VERIFY_RESULT_LABELS,
  VERIFY_STATUS_LABELS,
} from '@qjt/shared'

/** Enum fields and their labels: every value a person reads is the Chinese word, never the code. */
const ENUM_LABELS: Record<string, Record<string, string>> = {
  kind: INSTRUMENT_KIND_LABELS,
  status: INSTRUMENT_STATUS_LABELS,
  verifyStatus: VERIFY_STATUS_LABELS,
  verifyResult: VERIFY_RESULT_LABELS,
  origin: ORIGIN_LABELS,
  usage: USAGE_LABELS,
  deliveryMode: DELIVERY_MODE_LABELS,
}

/** A field's value as shown in the detail and the history; `names` turns codes (目录, 区划) into names. */
export function displayValue(field: string, value: string | number | null | undefined, names?: Record<string, string>): string {
  if (value === null || value === undefined || value === '') return '空'
  const text = String(value)
  const label = ENUM_LABELS[field]?.[text]
  if (label) return label
  const name = names?.[text]
  return name ? `${name}（${text}）` : text
}
