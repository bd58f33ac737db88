/** Ledger enumerations: codes travel in the API, the labels are what every page and export shows. */
export const INSTRUMENT_KINDS = ['working'] as const
export type InstrumentKind = (typeof INSTRUMENT_KINDS)[number]
export const INSTRUMENT_KIND_LABELS: Record<InstrumentKind, string> = { working: '工作计量器具' }

export const INSTRUMENT_STATUSES = ['new', 'in_use', 'disabled', 'scrapped'] as const
export type InstrumentStatus = (typeof INSTRUMENT_STATUSES)[number]
export const INSTRUMENT_STATUS_LABELS: Record<InstrumentStatus, string> = {
  new: '新增',
  in_use: '在用',
  disabled: '停用',
  scrapped: '报废',
}

export const VERIFY_STATUSES = ['unverified', 'booked', 'verifying', 'verified'] as const
export type VerifyStatus = (typeof VERIFY_STATUSES)[number]
export const VERIFY_STATUS_LABELS: Record<VerifyStatus, string> = {
  unverified: '未检',
  booked: '已预约',
  verifying: '检定中',
  verified: '已检',
}

export const VERIFY_RESULTS = ['pass', 'fail'] as const
export type VerifyResult = (typeof VERIFY_RESULTS)[number]
export const VERIFY_RESULT_LABELS: Record<VerifyResult, string> = { pass: '合格', fail: '不合格' }

export const ORIGINS = ['domestic', 'imported'] as const
export type Origin = (typeof ORIGINS)[number]
export const ORIGIN_LABELS: Record<Origin, string> = { domestic: '国产', imported: '进口' }

export const USAGES = ['trade', 'safety', 'medical', 'environment'] as const
export type Usage = (typeof USAGES)[number]
export const USAGE_LABELS: Record<Usage, string> = {
  trade: '贸易结算',
  safety: '安全防护',
  medical: '医疗卫生',
  environment: '环境监测',
}

export const DELIVERY_MODES = ['send_in', 'on_site'] as const
export type DeliveryMode = (typeof DELIVERY_MODES)[number]
export const DELIVERY_MODE_LABELS: Record<DeliveryMode, string> = { send_in: '送检', on_site: '现场检定' }
