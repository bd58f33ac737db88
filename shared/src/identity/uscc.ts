/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from this alphabet (no I, O, S, V, Z);
 * the 18th is a check character over the first 17.
 */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY'
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]

/** The check character for the first 17 characters, or null when one of them is not allowed. */
export function usccCheckChar(first17: string): string | null {
  let sum = 0
  for (let i = 0; i < 17; i++) {
    const value = USCC_ALPHABET.indexOf(first17.charAt(i))
    if (value < 0) return null
    sum += value * (WEIGHTS[i] as number)
  }
  const check = 31 - (sum % 31)
  return USCC_ALPHABET.charAt(check === 31 ? 0 : check)
}

export type UsccProblem = 'length' | 'charset' | 'check'

/** Explains what is wrong with a code, or returns null for a valid one. */
export function usccProblem(code: string): UsccProblem | null {
  if (code.length !== 18) return 'length'
  if (![...code].every((c) => USCC_ALPHABET.includes(c))) return 'charset'
  return usccCheckChar(code.slice(0, 17)) === code.charAt(17) ? null : 'check'
}

export const USCC_MESSAGES: Record<UsccProblem, string> = {
  length: '统一社会信用代码应为18位',
  charset: '统一社会信用代码只能包含数字和大写字母（不含I、O、S、V、Z）',
  check: '统一社会信用代码校验位不正确，请核对',
}

export const isValidUscc = (code: string) => usccProblem(code) === null
