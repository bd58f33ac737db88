/**
 * Exact arithmetic on decimal text ("15.005", "-0.02") for the form's preview of each point's
 * error. Digits are handled as strings, never as binary floating point, so 0.3 − 0.1 is 0.2 and
 * the preview agrees with the server (whose answer still replaces it once saved).
 */

const NUMBER = /^(-?)(\d+)(?:\.(\d+))?$/

interface Fixed {
  neg: boolean
  /** The magnitude times 10^scale, without leading zeros ('0' for zero). */
  digits: string
  scale: number
}

function stripZeros(s: string): string {
  const t = s.replace(/^0+/, '')
  return t === '' ? '0' : t
}

function parse(text: string, scale?: number): Fixed | null {
  const m = NUMBER.exec(text.trim())
  if (!m) return null
  const frac = m[3] ?? ''
  const s = scale ?? frac.length
  if (frac.length > s) return null
  const digits = stripZeros(`${m[2]}${frac.padEnd(s, '0')}`)
  return { neg: m[1] === '-' && digits !== '0', digits, scale: s }
}

function fracLength(text: string): number {
  return NUMBER.exec(text.trim())?.[3]?.length ?? 0
}

/** Compares two magnitudes written without leading zeros. */
function compareDigits(a: string, b: string): number {
  if (a.length !== b.length) return a.length < b.length ? -1 : 1
  return a < b ? -1 : a > b ? 1 : 0
}

function addDigits(a: string, b: string): string {
  let out = ''
  let carry = 0
  for (let i = a.length - 1, j = b.length - 1; i >= 0 || j >= 0 || carry; i--, j--) {
    const sum = (i >= 0 ? a.charCodeAt(i) - 48 : 0) + (j >= 0 ? b.charCodeAt(j) - 48 : 0) + carry
    out = String(sum % 10) + out
    carry = sum >= 10 ? 1 : 0
  }
  return stripZeros(out)
}

/** a − b for magnitudes with a ≥ b. */
function subtractDigits(a: string, b: string): string {
  let out = ''
  let borrow = 0
  for (let i = a.length - 1, j = b.length - 1; i >= 0; i--, j--) {
    let d = a.charCodeAt(i) - 48 - (j >= 0 ? b.charCodeAt(j) - 48 : 0) - borrow
    borrow = d < 0 ? 1 : 0
    if (d < 0) d += 10
    out = String(d) + out
  }
  return stripZeros(out)
}

function format(f: Fixed): string {
  if (f.scale === 0) return `${f.neg ? '-' : ''}${f.digits}`
  const padded = f.digits.padStart(f.scale + 1, '0')
  const int = padded.slice(0, -f.scale)
  const frac = padded.slice(-f.scale)
  return `${f.neg ? '-' : ''}${int}.${frac}`
}

/** `a − b`, exact, with as many decimals as the more precise of the two; null for text that is not a number. */
export function subtractDecimal(a: string, b: string): string | null {
  const scale = Math.max(fracLength(a), fracLength(b))
  const x = parse(a, scale)
  const y = parse(b, scale)
  if (!x || !y) return null
  const yNeg = !y.neg && y.digits !== '0'
  let digits: string
  let neg: boolean
  if (x.neg === yNeg) {
    digits = addDigits(x.digits, y.digits)
    neg = x.neg
  } else if (compareDigits(x.digits, y.digits) >= 0) {
    digits = subtractDigits(x.digits, y.digits)
    neg = x.neg
  } else {
    digits = subtractDigits(y.digits, x.digits)
    neg = yNeg
  }
  return format({ neg: neg && digits !== '0', digits, scale })
}

/** |a| ≤ |b|, exact; null for text that is not a number. */
export function absAtMost(a: string, b: string): boolean | null {
  const scale = Math.max(fracLength(a), fracLength(b))
  const x = parse(a, scale)
  const y = parse(b, scale)
  if (!x || !y) return null
  return compareDigits(x.digits, y.digits) <= 0
}

/** A point's error (示值 − 标称值) and whether it is within the MPE; null until all three are numbers. */
export function previewPoint(p: { nominal: string; indication: string; mpe: string }): { error: string; passed: boolean } | null {
  const error = subtractDecimal(p.indication, p.nominal)
  if (error === null) return null
  const passed = absAtMost(error, p.mpe)
  return passed === null ? null : { error, passed }
}
