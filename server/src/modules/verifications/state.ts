import type { ErrorCode, RecordStatus, Role } from '@qjt/shared'

/**
 * A record's life as plain rules, tested as tables:
 * 待核验 (recorded) → 待批准 (checked) → 已批准 (approved), with 已退回 (sent_back) from either
 * waiting state back to the 检定员, who records again. Three different people sign: the 检定员
 * who recorded it, a 核验员 who checks it, a 批准人 who approves it — one person never signs
 * twice, whatever roles they hold.
 */

export type RecordAct = 'edit' | 'check' | 'send_back' | 'approve'

export const RECORD_MOVES: Record<RecordAct, RecordStatus> = {
  edit: 'recorded',
  check: 'checked',
  send_back: 'sent_back',
  approve: 'approved',
}

export interface RecordSigners {
  status: RecordStatus
  verifierId: string
  checkerId: string | null
}

export interface Caller {
  userId: string
  roles: readonly Role[]
}

export interface Refusal {
  code: ErrorCode
  message: string
}

const WHEN: Record<RecordAct, { from: RecordStatus[]; refused: Partial<Record<RecordStatus, string>> }> = {
  edit: { from: ['recorded', 'sent_back'], refused: { checked: '记录已核验，不能修改', approved: '记录已批准，不能修改' } },
  check: { from: ['recorded'], refused: { checked: '记录已核验', sent_back: '记录已退回检定员修改', approved: '记录已批准' } },
  send_back: { from: ['recorded', 'checked'], refused: { sent_back: '记录已退回检定员修改', approved: '记录已批准，不能退回' } },
  approve: { from: ['checked'], refused: { recorded: '记录尚未核验，不能批准', sent_back: '记录已退回检定员修改', approved: '记录已批准' } },
}

const conflict = (message: string): Refusal => ({ code: 'SIGNER_CONFLICT', message })

/** Why `caller` cannot do `act` on the record now, or null. */
export function refuseRecordAct(act: RecordAct, record: RecordSigners, caller: Caller): Refusal | null {
  const rule = WHEN[act]
  if (!rule.from.includes(record.status)) {
    return { code: 'RECORD_NOT_ACTIONABLE', message: rule.refused[record.status] ?? '记录当前状态不能进行此操作' }
  }
  const isVerifier = caller.userId === record.verifierId
  const isChecker = record.checkerId !== null && caller.userId === record.checkerId
  switch (act) {
    case 'edit':
      return isVerifier ? null : { code: 'FORBIDDEN', message: '只有录入本记录的检定员可以修改' }
    case 'check':
      return isVerifier ? conflict('您是本记录的检定员，不能再作为核验员签字：须由另一位检定员核验') : null
    case 'send_back':
      // Whoever would sign next sends back: the 核验员 before checking, the 批准人 after.
      if (record.status === 'recorded') {
        if (!caller.roles.includes('inst_verifier')) return { code: 'FORBIDDEN', message: '待核验的记录由核验员退回' }
        return isVerifier ? conflict('您是本记录的检定员，不能核验或退回自己录入的记录') : null
      }
      if (!caller.roles.includes('inst_approver')) return { code: 'FORBIDDEN', message: '待批准的记录由批准人退回' }
      if (isVerifier) return conflict('您是本记录的检定员，不能再作为批准人')
      return isChecker ? conflict('您已作为核验员签字，不能再作为批准人') : null
    case 'approve':
      if (isVerifier) return conflict('您是本记录的检定员，不能再作为批准人签字')
      return isChecker ? conflict('您已作为核验员签字，不能再作为批准人签字') : null
  }
}
