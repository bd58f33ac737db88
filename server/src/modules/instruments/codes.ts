import { nextSequence } from '../../db/claims'

/**
 * 器具编码: the county where it is used, the year it was registered and a 6-digit sequence of
 * that county and year — readable ("registered in 阿拉善左旗 in 2026, number 123"), unique
 * nationally, and never reused. `count` codes are reserved in one go for batches and imports.
 */
export async function newInstrumentCodes(regionCode: string, year: string, count = 1): Promise<string[]> {
  const first = await nextSequence(`instrument:${regionCode}:${year}`, count)
  return Array.from({ length: count }, (_, i) => `${regionCode}${year}${String(first + i).padStart(6, '0')}`)
}
