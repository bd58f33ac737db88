import type { Logger } from 'pino'
import type { Clock } from '../core/clock'
import { loadCatalogue } from '../modules/reference/catalogue-loader'
import catalogueFile from './data/catalogue.json'
import faqFile from './data/faq.json'
import { seedDemo, type DemoSeedReport } from './demo'
import { seedFaqs, type FaqSeedReport } from './faqs'

export interface SeedReport extends DemoSeedReport {
  catalogue: { items: number; kinds: number; created: number; updated: number; unchanged: number; kept: number }
  faqs: FaqSeedReport
}

/**
 * Puts the reference data (catalogue, FAQs; regions are compiled in) and the demo organizations,
 * authorizations and accounts in place. Safe to run at every start: a second run writes nothing,
 * and what people changed since — an imported catalogue, an edited FAQ, the regulator's table,
 * a demo account moved elsewhere — is left as they made it.
 */
export async function seedAll(opts: { log: Logger; clock?: Clock }): Promise<SeedReport> {
  const cat = await loadCatalogue(catalogueFile, { origin: 'seed' })
  if (cat.kept.length > 0) opts.log.info(`Catalogue items ${cat.kept.join(', ')} were imported by an administrator; the shipped ones are not applied`)
  const faqs = await seedFaqs(faqFile)
  const demo = await seedDemo(opts)
  return {
    catalogue: {
      items: cat.items,
      kinds: cat.kinds,
      created: cat.created.length,
      updated: cat.updated.length,
      unchanged: cat.unchanged.length,
      kept: cat.kept.length,
    },
    faqs,
    ...demo,
  }
}

/** The report as lines for a terminal. */
export function describeSeedReport(r: SeedReport): string[] {
  const counts = (c: Record<string, number>) =>
    Object.entries(c)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')
  return [
    `catalogue: ${counts(r.catalogue)}`,
    `faqs: ${counts({ ...r.faqs })}`,
    ...Object.entries(r.organizations).map(([name, change]) => `organization ${name}: ${change}`),
    r.authorizations.change === 'created'
      ? `authorizations of the demo institution: created (${r.authorizations.rows} rows)`
      : 'authorizations of the demo institution: already in place, left as they are',
    ...Object.entries(r.users).map(([openid, change]) => `user ${openid}: ${change}`),
  ]
}
