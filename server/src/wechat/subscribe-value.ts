/**
 * Subscribe-message values must follow the rule of their key's type prefix (`thing3` → thing),
 * or WeChat refuses the whole message with 47003. Callers fit values before sending.
 */

/** Longest value per key prefix, in characters (code points). */
const MAX_LENGTH: Record<string, number> = {
  thing: 20,
  number: 32,
  letter: 32,
  character_string: 32,
  phrase: 5,
  phone_number: 17,
  car_number: 8,
  symbol: 5,
}

const HAN = /\p{Script=Han}/u

/** `thing12` → `thing`, `character_string3` → `character_string`; undefined for keys of no known shape. */
export function subscribeKeyType(key: string): string | undefined {
  return /^([a-z_]+?)\d+$/.exec(key)?.[1]
}

function cut(value: string, max: number, ellipsis = false): string {
  const chars = Array.from(value)
  if (chars.length <= max) return value
  return ellipsis ? `${chars.slice(0, max - 1).join('')}…` : chars.slice(0, max).join('')
}

/**
 * Trims `value` to the length rule of `key`'s type (wechat-contracts.md §2.1) and removes line
 * breaks and control characters, which no type allows. A `thing` that had to be cut ends in `…`
 * so the reader sees it goes on; `character_string`, `phrase` and `number` also drop characters
 * they cannot hold (Chinese, spaces; anything but Chinese; anything but digits). Format rules
 * (time, amount…) stay the caller's job.
 */
export function fitSubscribeValue(key: string, value: string): string {
  // eslint-disable-next-line no-control-regex
  let text = value.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '').trim()
  const type = subscribeKeyType(key)
  if (type === undefined) return text
  if (type === 'character_string') text = text.replace(/[^\x21-\x7e]/g, '')
  // A phrase holds Chinese characters only (`已受理`), so punctuation and spaces go.
  if (type === 'phrase') text = text.replace(/\P{Script=Han}/gu, '')
  // `3台` → `3`: a number holds digits (and a sign or decimal point) only.
  if (type === 'number') text = text.replace(/[^\d.+-]/g, '')
  if (type === 'name') return cut(text, HAN.test(text) ? 10 : 20)
  const max = MAX_LENGTH[type]
  return max === undefined ? text : cut(text, max, type === 'thing')
}
