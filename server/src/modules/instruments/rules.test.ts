import type { InstrumentStatus } from '@qjt/shared'
import { diff, isOverdue, nextSerialCandidates, statusAfter, type StatusAction } from './rules'

describe('器具状态 transitions', () => {
  const table: [InstrumentStatus, StatusAction, InstrumentStatus | 'refused'][] = [
    ['new', 'enable', 'in_use'],
    ['new', 'disable', 'disabled'],
    ['new', 'scrap', 'scrapped'],
    ['in_use', 'enable', 'refused'],
    ['in_use', 'disable', 'disabled'],
    ['in_use', 'scrap', 'scrapped'],
    ['disabled', 'enable', 'in_use'],
    ['disabled', 'disable', 'refused'],
    ['disabled', 'scrap', 'scrapped'],
    ['scrapped', 'enable', 'refused'],
    ['scrapped', 'disable', 'refused'],
    ['scrapped', 'scrap', 'refused'],
  ]
  it.each(table)('%s --%s--> %s', (from, action, expected) => {
    const result = statusAfter(from, action)
    expect('to' in result ? result.to : 'refused').toBe(expected)
  })

  it('explains a refusal in Chinese', () => {
    expect(statusAfter('scrapped', 'enable')).toEqual({ refused: '器具已报废，不能再操作' })
  })
})

describe('逾期', () => {
  it.each([
    ['2026-11-26', 'in_use', true],
    ['2026-11-27', 'in_use', false],
    ['2026-11-28', 'in_use', false],
    [null, 'in_use', false],
    ['2020-01-01', 'scrapped', false],
    ['2020-01-01', 'disabled', true],
  ] as const)('有效期至 %s, %s → %s on 2026-11-27', (validUntil, status, overdue) => {
    expect(isOverdue({ validUntil, status }, '2026-11-27')).toBe(overdue)
  })
})

describe('diff', () => {
  it('names changed fields in Chinese and treats empty as null', () => {
    expect(diff({ name: '秤', model: null, quantity: 1 }, { name: '电子秤', model: '', quantity: 1 })).toEqual([
      { field: 'name', label: '器具名称', from: '秤', to: '电子秤' },
    ])
  })
})

describe('the serial number a copy gets', () => {
  it('counts on, keeping the width', () => {
    expect(nextSerialCandidates('JS-009', 3)).toEqual(['JS-010', 'JS-011', 'JS-012'])
    expect(nextSerialCandidates('无编号', 2)).toEqual(['无编号-2', '无编号-3'])
  })
})
