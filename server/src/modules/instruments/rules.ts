import { INSTRUMENT_FIELD_LABELS, type FieldChange, type InstrumentStatus } from '@qjt/shared'
import type { EditableField, InstrumentDoc } from './model'

/**
 * The ledger's rules as plain functions over a row, so they are tested as tables and every path
 * (form, batch, import) applies the same ones.
 */

export type StatusAction = 'disable' | 'enable' | 'scrap'

const STATUS_RULES: Record<StatusAction, { from: InstrumentStatus[]; to: InstrumentStatus }> = {
  disable: { from: ['new', 'in_use'], to: 'disabled' },
  enable: { from: ['new', 'disabled'], to: 'in_use' },
  scrap: { from: ['new', 'in_use', 'disabled'], to: 'scrapped' },
}

const ALREADY: Partial<Record<InstrumentStatus, string>> = {
  disabled: '器具已是停用状态',
  in_use: '器具已是在用状态',
  scrapped: '器具已报废，不能再操作',
}

/** The status after an action, or why the action is refused. 报废 is final. */
export function statusAfter(current: InstrumentStatus, action: StatusAction): { to: InstrumentStatus } | { refused: string } {
  const rule = STATUS_RULES[action]
  if (rule.from.includes(current)) return { to: rule.to }
  return { refused: ALREADY[current] ?? '器具当前状态不能进行此操作' }
}

/** Held by an open booking (submitted, accepted or being verified). */
export const inOpenBooking = (row: Pick<InstrumentDoc, 'openBookingId'>) => row.openBookingId != null

/** Fields that decide which institution verifies it: frozen while a booking holds the row. */
export const ASSIGNMENT_FIELDS: readonly EditableField[] = ['level1Code', 'level2Code', 'regionCode']

/** Fields a certificate issued here maintains. */
export const CERTIFICATE_FIELDS: readonly EditableField[] = ['validUntil', 'certificateNo', 'institutionName']

/** Why a row cannot be deleted or scrapped now, or null. */
export function removalBlocked(row: Pick<InstrumentDoc, 'openBookingId' | 'status'>): string | null {
  if (inOpenBooking(row)) return '器具在未完成的预约中，不能删除或报废'
  return null
}

/** 逾期: 有效期至 before today, for anything not scrapped. */
export function isOverdue(row: Pick<InstrumentDoc, 'validUntil' | 'status'>, today: string): boolean {
  return row.validUntil != null && row.validUntil < today && row.status !== 'scrapped'
}

/** Chinese names of stored fields, for the audit trail. */
export const FIELD_LABELS: Record<string, string> = { ...INSTRUMENT_FIELD_LABELS, level1Name: '一级目录名称', level2Name: '二级目录名称' }

const normal = (v: unknown) => (v === undefined || v === '' ? null : (v as string | number | null))

/** What a write would change, field by field; empty when nothing would. */
export function diff(row: Partial<Record<EditableField, unknown>>, next: Partial<Record<EditableField, unknown>>): FieldChange[] {
  const changes: FieldChange[] = []
  for (const [field, value] of Object.entries(next)) {
    const from = normal(row[field as EditableField])
    const to = normal(value)
    if (from !== to) changes.push({ field, label: FIELD_LABELS[field] ?? field, from, to })
  }
  return changes
}

/**
 * How an entered 有效期至 (a paper certificate from before) sets the verification state of a
 * row that no certificate here has touched and no booking holds.
 */
export function verificationFromHistory(validUntil: string | null | undefined) {
  return validUntil
    ? { verifyStatus: 'verified' as const, verifyResult: 'pass' as const }
    : { verifyStatus: 'unverified' as const, verifyResult: null }
}

/** The next free serial number after `serial` for a copy: JS-001 → JS-002; 无编号 → 无编号-2. */
export function nextSerialCandidates(serial: string, limit = 200): string[] {
  const match = /^(.*?)(\d+)$/.exec(serial)
  if (match) {
    const [, prefix, digits] = match as unknown as [string, string, string]
    return Array.from({ length: limit }, (_, i) => `${prefix}${String(Number(digits) + i + 1).padStart(digits.length, '0')}`)
  }
  return Array.from({ length: limit }, (_, i) => `${serial}-${i + 2}`)
}
