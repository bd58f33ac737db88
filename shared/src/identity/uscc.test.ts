import { isValidUscc, usccCheckChar, usccProblem } from './uscc'

describe('统一社会信用代码', () => {
  it.each(['91340621748912632N', '12152900461375200Q', '91350100M000100Y43'])('accepts %s', (code) => {
    expect(isValidUscc(code)).toBe(true)
  })

  it('computes the check character', () => {
    expect(usccCheckChar('91340621748912632')).toBe('N')
  })

  it('explains what is wrong', () => {
    expect(usccProblem('913406217489126320')).toBe('check')
    expect(usccProblem('9134062174891263')).toBe('length')
    expect(usccProblem('91340621748912632I')).toBe('charset')
    expect(usccProblem('9134062174891263IN')).toBe('charset')
  })
})
