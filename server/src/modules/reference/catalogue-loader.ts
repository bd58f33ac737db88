import { isDeepStrictEqual } from 'node:util'
import { z } from 'zod'
import { CATALOGUE_MODES } from '@qjt/shared'
import { AppError } from '../../core/errors'
import { toFieldErrors } from '../../core/validate'
import {
  CATALOGUE_CONFIDENCE,
  CATALOGUE_META_KEY,
  CatalogueItem,
  CatalogueMeta,
  type CatalogueItemDoc,
  type CatalogueMetaDoc,
  type CatalogueOrigin,
} from './catalogue.model'

/** Codes become document values and ledger references: letters and digits only. */
const code = (label: string) =>
  z.string({ error: `请填写${label}` }).trim().regex(/^[0-9A-Za-z]{1,16}$/, { error: `${label}只能由字母和数字组成（最多16位）` })
const months = (label: string) =>
  z.number({ error: `${label}应为月数或 null` }).int({ error: `${label}应为整数月` }).positive({ error: `${label}应大于0` })
const strings = z.array(z.string().trim().min(1)).default([])
/** FerretDB and MongoDB refuse keys with a dot or a leading `$`. */
const caseKey = z.string().min(1).regex(/^[^$.][^.]*$/, { error: '使用期限的分类名不能含“.”或以“$”开头' })

const KindFileSchema = z.strictObject({
  code: code('二级目录代码'),
  name: z.string().trim().min(1, { error: '请填写二级目录名称' }),
  nameConfirmed: z.boolean({ error: 'nameConfirmed 应为 true 或 false' }),
  mode: z.enum(CATALOGUE_MODES, { error: `mode 应为 ${CATALOGUE_MODES.join(' / ')} 或 null` }).nullable(),
  periodMonths: months('检定周期').nullable(),
  usageLimitMonths: z.union([months('使用期限'), z.record(caseKey, months('使用期限'))]).nullable(),
  regulations: strings,
  examples: strings,
})

const ItemFileSchema = z.strictObject({
  code: code('一级目录代码'),
  name: z.string().trim().min(1, { error: '请填写一级目录名称' }),
  supervision: z.string().trim().min(1).nullable().default(null),
  scope: z.string().trim().min(1).nullable().default(null),
  confidence: z.enum(CATALOGUE_CONFIDENCE).nullable().default(null),
  sources: strings,
  notes: z.string().trim().min(1).nullable().default(null),
  children: z.array(KindFileSchema).min(1, { error: '每个一级目录至少有一个二级目录' }),
})

/** The catalogue file: the format of `server/src/seed/data/catalogue.json`. */
export const CatalogueFileSchema = z.strictObject({
  title: z.string().trim().min(1, { error: '请填写目录标题' }),
  /** False while the table is partial; consumers show that it is. */
  complete: z.boolean({ error: 'complete 应为 true 或 false' }),
  about: z.string().trim().min(1).nullable().default(null),
  purposes: strings,
  items: z.array(ItemFileSchema).min(1, { error: '目录至少有一个一级目录' }),
})
export type CatalogueFile = z.infer<typeof CatalogueFileSchema>
type ItemFields = z.infer<typeof ItemFileSchema>

export interface CatalogueLoadOptions {
  /** 'seed' leaves items an administrator imported untouched. */
  origin: CatalogueOrigin
  /** Dropping a kind orphans the ledger rows and authorizations that name it; refused unless said. */
  allowRemovingKinds?: boolean
}

export interface CatalogueLoadReport {
  items: number
  kinds: number
  created: string[]
  updated: string[]
  unchanged: string[]
  /** Items the seed left alone because an administrator imported them. */
  kept: string[]
  /** Kind codes that existed and are no longer in the catalogue. */
  removedKinds: string[]
  /** Items stored but absent from the file (left as they are). */
  notInFile: string[]
}

const invalid = (details: { path: string; message: string }[]) =>
  new AppError('VALIDATION_FAILED', details[0]?.message ?? '目录文件有误', details)

/** The stored item in the file's shape, so "unchanged" is a plain deep comparison. */
function comparable(doc: Pick<CatalogueItemDoc, keyof ItemFields>): ItemFields {
  return {
    code: doc.code,
    name: doc.name,
    supervision: doc.supervision ?? null,
    scope: doc.scope ?? null,
    confidence: doc.confidence ?? null,
    sources: [...doc.sources],
    notes: doc.notes ?? null,
    children: doc.children.map((k) => ({
      code: k.code,
      name: k.name,
      nameConfirmed: k.nameConfirmed,
      mode: k.mode ?? null,
      periodMonths: k.periodMonths ?? null,
      usageLimitMonths: k.usageLimitMonths ?? null,
      regulations: [...k.regulations],
      examples: [...k.examples],
    })),
  }
}

/** Checks that no code repeats and no existing code moves or disappears; every problem at once. */
function checkCodes(file: CatalogueFile, existing: CatalogueItemDoc[], allowRemovingKinds: boolean) {
  const problems: { path: string; message: string }[] = []
  const itemSeen = new Set<string>()
  const kindSeen = new Map<string, string>()
  const ownerInDb = new Map(existing.flatMap((item) => item.children.map((k) => [k.code, item.code] as const)))
  file.items.forEach((item, i) => {
    if (itemSeen.has(item.code)) problems.push({ path: `items.${i}.code`, message: `一级目录代码 ${item.code} 重复` })
    itemSeen.add(item.code)
    item.children.forEach((kind, j) => {
      const path = `items.${i}.children.${j}.code`
      const twice = kindSeen.get(kind.code)
      if (twice) problems.push({ path, message: `二级目录代码 ${kind.code} 重复（已在一级目录 ${twice} 下）` })
      kindSeen.set(kind.code, item.code)
      const owner = ownerInDb.get(kind.code)
      if (owner && owner !== item.code) {
        problems.push({ path, message: `二级目录 ${kind.code} 属于一级目录 ${owner}，代码保持不变，不能移到 ${item.code} 下` })
      }
    })
  })
  const removed = existing
    .filter((item) => itemSeen.has(item.code))
    .flatMap((item) => item.children.map((k) => k.code))
    .filter((c) => !kindSeen.has(c))
  if (removed.length > 0 && !allowRemovingKinds) {
    problems.push({ path: 'items', message: `文件中缺少已有的二级目录 ${removed.join('、')}：台账和授权可能引用它们，确需删除请明确允许` })
  }
  if (problems.length > 0) throw invalid(problems)
  return removed
}

/**
 * Validates a catalogue file in full, then upserts its items by code. Nothing is written when
 * any part is wrong. Items are written one by one (no transactions), each a complete document, so
 * a failure midway leaves every item either old or new, and a re-run finishes the job.
 */
export async function loadCatalogue(json: unknown, opts: CatalogueLoadOptions): Promise<CatalogueLoadReport> {
  const parsed = CatalogueFileSchema.safeParse(json)
  if (!parsed.success) throw invalid(toFieldErrors(parsed.error))
  const file = parsed.data
  const existing = (await CatalogueItem.find().lean()) as unknown as CatalogueItemDoc[]
  const removedKinds = checkCodes(file, existing, opts.allowRemovingKinds ?? false)

  const byCode = new Map(existing.map((doc) => [doc.code, doc]))
  const report: CatalogueLoadReport = {
    items: file.items.length,
    kinds: file.items.reduce((n, item) => n + item.children.length, 0),
    created: [],
    updated: [],
    unchanged: [],
    kept: [],
    removedKinds,
    notInFile: existing.map((d) => d.code).filter((c) => !file.items.some((item) => item.code === c)),
  }
  for (const item of file.items) {
    const current = byCode.get(item.code)
    if (current && opts.origin === 'seed' && current.origin === 'import') {
      report.kept.push(item.code)
      continue
    }
    if (current && current.origin === opts.origin && isDeepStrictEqual(comparable(current), item)) {
      report.unchanged.push(item.code)
      continue
    }
    await CatalogueItem.updateOne({ code: item.code }, { $set: { ...item, origin: opts.origin } }, { upsert: true })
    ;(current ? report.updated : report.created).push(item.code)
  }
  await writeMeta(file, opts.origin)
  return report
}

async function writeMeta(file: CatalogueFile, origin: CatalogueOrigin) {
  const meta = { title: file.title, complete: file.complete, about: file.about, purposes: file.purposes, origin }
  const current = (await CatalogueMeta.findOne({ key: CATALOGUE_META_KEY }).lean()) as CatalogueMetaDoc | null
  if (current && origin === 'seed' && current.origin === 'import') return
  const same =
    current &&
    isDeepStrictEqual(
      { title: current.title, complete: current.complete, about: current.about ?? null, purposes: [...current.purposes], origin: current.origin },
      meta,
    )
  if (!same) await CatalogueMeta.updateOne({ key: CATALOGUE_META_KEY }, { $set: meta }, { upsert: true })
}

/** Every kind code in the stored catalogue, in catalogue order. */
export async function allKindCodes(): Promise<string[]> {
  const items = (await CatalogueItem.find({}, { code: 1, 'children.code': 1 }).sort({ code: 1 }).lean()) as unknown as Pick<
    CatalogueItemDoc,
    'children'
  >[]
  return items.flatMap((item) => item.children.map((k) => k.code))
}
