/**
 * WeChat's value rules for subscribe (and category template) messages, by key type prefix
 * (wechat-contracts.md §2.1). Written apart from the client's `fitSubscribeValue` on purpose:
 * the stand-in plays the platform, so a mistake in our fitting shows up as a 47003 here.
 */

const HAN = '\\p{Script=Han}'
const DATE = '\\d{4}(?:年\\d{1,2}月\\d{1,2}日|[-/.]\\d{1,2}[-/.]\\d{1,2})'
const TIME = '(?:[01]?\\d|2[0-3]):[0-5]\\d(?::[0-5]\\d)?'
const range = (one: string) => new RegExp(`^${one}(?:\\s*~\\s*${one})?$`, 'u')

const count = (value: string) => Array.from(value).length

/** One check per key type: true when WeChat would accept the value. */
const RULES: Record<string, (value: string) => boolean> = {
  thing: (v) => count(v) <= 20,
  number: (v) => v.length <= 32 && /^[+-]?\d+(?:\.\d+)?$/.test(v),
  letter: (v) => /^[A-Za-z]{1,32}$/.test(v),
  symbol: (v) => count(v) <= 5 && /^[^\p{L}\p{N}\s]+$/u.test(v),
  character_string: (v) => /^[\x21-\x7e]{1,32}$/.test(v),
  time: (v) => range(`(?:${DATE}\\s*)?${TIME}`).test(v),
  date: (v) => range(`${DATE}(?:\\s*${TIME})?`).test(v),
  amount: (v) => /^[¥￥$€£]?\d{1,10}(?:\.\d{1,2})?元?$/.test(v),
  phone_number: (v) => /^[\d+\-() ]{1,17}$/.test(v),
  car_number: (v) => count(v) <= 8 && new RegExp(`^[${HAN}A-Za-z0-9][A-Za-z0-9]*[${HAN}A-Za-z0-9]?$`, 'u').test(v),
  name: (v) =>
    new RegExp(`^[${HAN}·]{1,10}$`, 'u').test(v) || (!new RegExp(HAN, 'u').test(v) && count(v) <= 20),
  phrase: (v) => new RegExp(`^${HAN}{1,5}$`, 'u').test(v),
}

/**
 * Why WeChat would refuse `value` under `key`, or undefined when it is fine. Keys of no known
 * type (`enum1`, legacy `keyword1`) are only checked for emptiness and control characters.
 */
export function valueProblem(key: string, value: unknown): string | undefined {
  if (typeof value !== 'string' || value === '') return 'is empty'
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\u2028\u2029]/.test(value)) return 'contains line breaks or control characters'
  const type = /^([a-z_]+?)\d+$/.exec(key)?.[1]
  const rule = type === undefined ? undefined : RULES[type]
  if (rule && !rule(value)) return `invalid for type ${type}`
  return undefined
}

/** Checks a `data` object; the first bad entry yields the 47003 errmsg text naming it. */
export function dataProblem(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data) || Object.keys(data).length === 0) {
    return 'argument invalid! data is empty'
  }
  for (const [key, entry] of Object.entries(data)) {
    const value = typeof entry === 'object' && entry !== null ? (entry as { value?: unknown }).value : undefined
    const problem = valueProblem(key, value)
    if (problem) return `argument invalid! data.${key}.value ${problem}`
  }
  return undefined
}
