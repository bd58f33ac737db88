import {
  addDays,
  chinaToday,
  INSTRUMENT_STATUS_LABELS,
  VERIFY_STATUS_LABELS,
  type InstrumentStatus,
  type VerifyStatus,
} from '@qjt/shared'
import { catalogueLabel } from '@/components/CataloguePicker'
import { DUE_SOON_DAYS } from '@/components/ExpiryText'
import type { InstrumentFilters } from '@/services/api/instruments'

/** What the ledger page filters by; the search box's text is matched against name or code. */
export interface LedgerFilters {
  keyword?: string
  status?: InstrumentStatus
  verifyStatus?: VerifyStatus
  level2Code?: string
  /** 一级 and 二级 names of the chosen 二级目录, for its chip and the picker. */
  level2Names?: string[]
  certificateNo?: string
  serialNo?: string
  validFrom?: string
  validTo?: string
  overdue?: boolean
}

export type FilterKey = Exclude<keyof LedgerFilters, 'keyword' | 'level2Names'>

/** A removable chip for one active filter; `keys` are cleared together (a date range is one chip). */
export interface FilterChip {
  id: string
  text: string
  keys: (keyof LedgerFilters)[]
}

export function activeChips(f: LedgerFilters): FilterChip[] {
  const chips: FilterChip[] = []
  if (f.status) chips.push({ id: 'status', text: `器具状态：${INSTRUMENT_STATUS_LABELS[f.status]}`, keys: ['status'] })
  if (f.verifyStatus) chips.push({ id: 'verify', text: `检定状态：${VERIFY_STATUS_LABELS[f.verifyStatus]}`, keys: ['verifyStatus'] })
  if (f.level2Code) {
    const [level1Name, level2Name] = f.level2Names ?? []
    const text = level2Name ? catalogueLabel({ level1Name, level2Name, level2Code: f.level2Code }) : f.level2Code
    chips.push({ id: 'catalogue', text: `二级目录：${text}`, keys: ['level2Code', 'level2Names'] })
  }
  if (f.certificateNo) chips.push({ id: 'cert', text: `证书编号：${f.certificateNo}`, keys: ['certificateNo'] })
  if (f.serialNo) chips.push({ id: 'serial', text: `出厂编号：${f.serialNo}`, keys: ['serialNo'] })
  if (f.validFrom || f.validTo) {
    const text = f.validFrom && f.validTo ? `${f.validFrom} 至 ${f.validTo}` : f.validFrom ? `${f.validFrom} 以后` : `${f.validTo} 以前`
    chips.push({ id: 'valid', text: `有效期：${text}`, keys: ['validFrom', 'validTo'] })
  }
  if (f.overdue) chips.push({ id: 'overdue', text: '只看逾期', keys: ['overdue'] })
  return chips
}

export function withoutKeys(f: LedgerFilters, keys: (keyof LedgerFilters)[]): LedgerFilters {
  const next = { ...f }
  for (const k of keys) delete next[k]
  return next
}

/** The filters of the 筛选 sheet (everything but the search box). */
export const hasSheetFilters = (f: LedgerFilters) => activeChips(f).length > 0

/** The one-tap filters above the list; each sets a few filter values. */
export interface QuickFilter {
  id: string
  text: string
  values: () => Partial<LedgerFilters>
}

export const QUICK_FILTERS: QuickFilter[] = [
  { id: 'overdue', text: '已逾期', values: () => ({ overdue: true }) },
  {
    id: 'due',
    text: `${DUE_SOON_DAYS}天内到期`,
    values: () => ({ validFrom: chinaToday(), validTo: addDays(chinaToday(), DUE_SOON_DAYS) }),
  },
  { id: 'unverified', text: '未检', values: () => ({ verifyStatus: 'unverified' }) },
  { id: 'in_use', text: '在用', values: () => ({ status: 'in_use' }) },
  { id: 'disabled', text: '停用', values: () => ({ status: 'disabled' }) },
  { id: 'scrapped', text: '报废', values: () => ({ status: 'scrapped' }) },
]

export function quickActive(f: LedgerFilters, q: QuickFilter): boolean {
  return Object.entries(q.values()).every(([k, v]) => f[k as keyof LedgerFilters] === v)
}

/** Codes are letters, digits and dashes; anything with a Chinese character is a name. */
export const looksLikeCode = (text: string) => !/[\u3400-\u9fff]/.test(text)

/** The API's filters; the keyword goes to the field it was last found in. */
export function toQuery(f: LedgerFilters, keywordField: 'code' | 'name' | null): InstrumentFilters {
  const keyword = f.keyword?.trim()
  return {
    status: f.status,
    verifyStatus: f.verifyStatus,
    level2Code: f.level2Code,
    certificateNo: f.certificateNo?.trim() || undefined,
    serialNo: f.serialNo?.trim() || undefined,
    validFrom: f.validFrom,
    validTo: f.validTo,
    overdue: f.overdue ? true : undefined,
    ...(keyword && keywordField ? { [keywordField]: keyword } : {}),
  }
}
