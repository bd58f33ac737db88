/** Joins class names, skipping falsy ones: cx('a', cond && 'b', { c: flag }). */
export function cx(...parts: (string | false | null | undefined | Record<string, boolean>)[]): string {
  const out: string[] = []
  for (const p of parts) {
    if (!p) continue
    if (typeof p === 'string') out.push(p)
    else for (const [k, on] of Object.entries(p)) if (on) out.push(k)
  }
  return out.join(' ')
}
