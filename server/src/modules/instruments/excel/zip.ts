/**
 * What an .xlsx (a zip archive) says it unpacks to, read from its central directory without
 * unpacking anything: a small upload can hold gigabytes of XML, and the spreadsheet reader
 * inflates every part in memory. Null when the bytes are not a zip archive at all.
 */
export function zipUnpackedSize(buf: Buffer): number | null {
  const END = 0x06054b50
  const ENTRY = 0x02014b50
  // The end record is 22 bytes plus a comment of up to 65535 bytes, at the very end.
  const lowest = Math.max(0, buf.length - 22 - 0xffff)
  for (let at = buf.length - 22; at >= lowest; at--) {
    if (buf.readUInt32LE(at) !== END) continue
    const entries = buf.readUInt16LE(at + 10)
    const dirSize = buf.readUInt32LE(at + 12)
    let p = buf.readUInt32LE(at + 16)
    if (p + dirSize > at) return null
    let total = 0
    for (let i = 0; i < entries; i++) {
      if (p + 46 > at || buf.readUInt32LE(p) !== ENTRY) return null
      // 0xffffffff means a zip64 size: far beyond anything a ledger needs, and counted as such.
      total += buf.readUInt32LE(p + 24)
      p += 46 + buf.readUInt16LE(p + 28) + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32)
    }
    return total
  }
  return null
}
