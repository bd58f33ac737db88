import { createHash } from 'node:crypto'
import { z } from 'zod'
import { AppError } from '../core/errors'
import { toFieldErrors } from '../core/validate'
import { Faq } from '../modules/reference/faq.model'

const FaqFileSchema = z.object({
  title: z.string().optional(),
  about: z.string().optional(),
  items: z.array(
    z.strictObject({
      q: z.string().trim().min(1),
      a: z.string().trim().min(1),
      tags: z.array(z.string().trim().min(1)).default([]),
      sources: z.array(z.string().trim().min(1)).default([]),
    }),
  ),
})

export interface FaqSeedReport {
  created: number
  updated: number
  unchanged: number
  /** Entries people have edited since the seed wrote them: left as they are. */
  kept: number
}

/** What the seed stores to tell later whether anyone edited the entry. */
export const faqDigest = (e: { q: string; a: string; tags: string[]; sources: string[] }) =>
  createHash('sha256').update(JSON.stringify([e.q, e.a, e.tags, e.sources])).digest('hex').slice(0, 24)

/**
 * Loads the starter FAQs, matched by question. A newer shipped wording replaces an entry only
 * while nobody has edited it (its content still matches the digest the seed stored).
 */
export async function seedFaqs(json: unknown): Promise<FaqSeedReport> {
  const parsed = FaqFileSchema.safeParse(json)
  if (!parsed.success) throw new AppError('VALIDATION_FAILED', 'FAQ 数据有误', toFieldErrors(parsed.error))
  const report: FaqSeedReport = { created: 0, updated: 0, unchanged: 0, kept: 0 }
  for (const [order, entry] of parsed.data.items.entries()) {
    const seedDigest = faqDigest(entry)
    const current = await Faq.findOne({ q: entry.q }).lean()
    if (!current) {
      await Faq.create({ ...entry, order, seedDigest })
      report.created++
    } else if (!current.seedDigest || faqDigest(current) !== current.seedDigest) {
      report.kept++
    } else if (current.seedDigest === seedDigest && current.order === order) {
      report.unchanged++
    } else {
      await Faq.updateOne({ _id: current._id, seedDigest: current.seedDigest }, { $set: { ...entry, order, seedDigest } })
      report.updated++
    }
  }
  return report
}
