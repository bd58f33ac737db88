import type { RecordStatus, Role } from '@qjt/shared'
import { refuseRecordAct, type Caller, type RecordAct, type RecordSigners } from './state'

const VERIFIER = 'v'
const CHECKER = 'c'
const record = (status: RecordStatus, checked = status === 'checked' || status === 'approved'): RecordSigners => ({
  status,
  verifierId: VERIFIER,
  checkerId: checked ? CHECKER : null,
})
const caller = (userId: string, ...roles: Role[]): Caller => ({ userId, roles })

const verifier = caller(VERIFIER, 'inst_verifier')
const checker = caller(CHECKER, 'inst_verifier')
const otherVerifier = caller('o', 'inst_verifier')
const approver = caller('a', 'inst_approver')
/** Holds every institution role: still signs a record only once. */
const allRoles = (id: string) => caller(id, 'inst_reviewer', 'inst_verifier', 'inst_approver')

describe('which act each status allows (by a caller who may sign it)', () => {
  const who: Record<RecordAct, Caller> = { edit: verifier, check: otherVerifier, send_back: allRoles('x'), approve: approver }
  const table: [RecordStatus, Record<RecordAct, boolean>][] = [
    ['recorded', { edit: true, check: true, send_back: true, approve: false }],
    ['checked', { edit: false, check: false, send_back: true, approve: true }],
    ['sent_back', { edit: true, check: false, send_back: false, approve: false }],
    ['approved', { edit: false, check: false, send_back: false, approve: false }],
  ]
  it.each(table)('%s', (status, allowed) => {
    for (const act of Object.keys(allowed) as RecordAct[]) {
      const refusal = refuseRecordAct(act, record(status), who[act])
      expect([act, refusal === null]).toEqual([act, allowed[act]])
      if (refusal) expect(refusal.code).toBe('RECORD_NOT_ACTIONABLE')
    }
  })
})

describe('three different people sign; nobody signs twice', () => {
  // act, status, caller → refusal code or null
  const table: [string, RecordAct, RecordStatus, Caller, string | null][] = [
    ['the 检定员 edits their own record', 'edit', 'recorded', verifier, null],
    ['another 检定员 cannot edit it', 'edit', 'sent_back', otherVerifier, 'FORBIDDEN'],
    ['another 检定员 checks', 'check', 'recorded', checker, null],
    ['the 检定员 cannot check their own record', 'check', 'recorded', verifier, 'SIGNER_CONFLICT'],
    ['nor when holding every role', 'check', 'recorded', allRoles(VERIFIER), 'SIGNER_CONFLICT'],
    ['the 批准人 approves', 'approve', 'checked', approver, null],
    ['the 检定员 cannot approve, whatever roles', 'approve', 'checked', allRoles(VERIFIER), 'SIGNER_CONFLICT'],
    ['the 核验员 cannot approve, whatever roles', 'approve', 'checked', allRoles(CHECKER), 'SIGNER_CONFLICT'],
    ['a third person holding every role approves', 'approve', 'checked', allRoles('z'), null],
    ['the 核验员 sends back before checking', 'send_back', 'recorded', otherVerifier, null],
    ['the 检定员 cannot send back their own record', 'send_back', 'recorded', verifier, 'SIGNER_CONFLICT'],
    ['a 批准人 alone does not send back what awaits the check', 'send_back', 'recorded', approver, 'FORBIDDEN'],
    ['the 批准人 sends back after the check', 'send_back', 'checked', approver, null],
    ['a 检定员 alone does not send back what awaits approval', 'send_back', 'checked', otherVerifier, 'FORBIDDEN'],
    ['the 核验员 cannot then send back as 批准人', 'send_back', 'checked', allRoles(CHECKER), 'SIGNER_CONFLICT'],
    ['nor the 检定员', 'send_back', 'checked', allRoles(VERIFIER), 'SIGNER_CONFLICT'],
  ]
  it.each(table)('%s', (_name, act, status, who, code) => {
    expect(refuseRecordAct(act, record(status), who)?.code ?? null).toBe(code)
  })

  it('says why in Chinese', () => {
    expect(refuseRecordAct('approve', record('checked'), allRoles(CHECKER))?.message).toBe('您已作为核验员签字，不能再作为批准人签字')
    expect(refuseRecordAct('approve', record('recorded'), approver)?.message).toBe('记录尚未核验，不能批准')
  })
})
