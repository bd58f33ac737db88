import { Types } from 'mongoose'
import { z } from 'zod'
import { regionCode } from '@qjt/shared'
import { findRegion } from '@qjt/shared/regions'
import { AppError } from '../../core/errors'
import { toFieldErrors } from '../../core/validate'
import { Organization } from '../organizations/model'
import { Authorization } from './authorization.model'
import { allKindCodes } from './catalogue-loader'

/** One row of an authorization table as an administrator supplies it. */
export const AuthorizationRowSchema = z.strictObject({
  /** The institution's short code (`ALSM`) or its id. */
  institution: z.string({ error: '请填写检定机构简称' }).trim().min(1, { error: '请填写检定机构简称' }),
  regionCode: regionCode('授权区域'),
  level2Codes: z
    .array(z.string().trim().min(1), { error: '请填写二级目录代码' })
    .min(1, { error: '每行至少一个二级目录代码' }),
})
export type AuthorizationRow = z.infer<typeof AuthorizationRowSchema>

export interface AuthorizationLoadReport {
  rows: number
  institutions: string[]
  created: number
  updated: number
  unchanged: number
  /** Rows of the named institutions that the new table no longer has. */
  removed: number
}

export interface AuthorizationLoadOptions {
  /** What the first row is called in messages: 2 for a CSV file under its header line. */
  firstRowNumber?: number
}

const isObjectId = (s: string) => /^[0-9a-f]{24}$/i.test(s)

/**
 * Validates every row first — the institution exists and is one, the division exists (any level),
 * every kind is in the loaded catalogue — and writes nothing if any row is wrong. Then, for each
 * institution named, its table becomes exactly the rows given: rows for the same division merge,
 * new and changed rows are written before rows no longer listed are removed, so a division that
 * stays covered is never uncovered in between.
 */
export async function loadAuthorizations(
  input: unknown,
  opts: AuthorizationLoadOptions = {},
): Promise<AuthorizationLoadReport> {
  const first = opts.firstRowNumber ?? 1
  const parsed = z.array(AuthorizationRowSchema).min(1, { error: '没有授权记录' }).safeParse(input)
  if (!parsed.success) {
    const details = toFieldErrors(parsed.error).map((d) => {
      const i = Number(d.path.split('.')[0])
      return Number.isInteger(i) ? { ...d, message: `第${i + first}行：${d.message}` } : d
    })
    throw new AppError('VALIDATION_FAILED', details[0]?.message, details)
  }
  const rows = parsed.data

  const refs = [...new Set(rows.map((r) => r.institution))]
  const ids = refs.filter(isObjectId).map((s) => new Types.ObjectId(s))
  const shortCodes = refs.filter((s) => !isObjectId(s)).map((s) => s.toUpperCase())
  const [orgs, kindCodes] = await Promise.all([
    Organization.find({ $or: [{ _id: { $in: ids } }, { shortCode: { $in: shortCodes } }] }, { type: 1, name: 1, shortCode: 1 }).lean(),
    allKindCodes(),
  ])
  const orgByRef = new Map<string, (typeof orgs)[number]>()
  for (const org of orgs) {
    orgByRef.set(String(org._id), org)
    if (org.shortCode) orgByRef.set(org.shortCode, org)
  }
  const kinds = new Set(kindCodes)

  const problems: { path: string; message: string }[] = []
  rows.forEach((row, i) => {
    const at = `第${i + first}行：`
    const org = orgByRef.get(isObjectId(row.institution) ? row.institution.toLowerCase() : row.institution.toUpperCase())
    if (!org) problems.push({ path: `${i}.institution`, message: `${at}检定机构 ${row.institution} 不存在` })
    else if (org.type !== 'institution') problems.push({ path: `${i}.institution`, message: `${at}${org.name} 不是检定机构` })
    if (!findRegion(row.regionCode)) problems.push({ path: `${i}.regionCode`, message: `${at}行政区划代码 ${row.regionCode} 不存在` })
    const unknown = row.level2Codes.filter((c) => !kinds.has(c))
    if (unknown.length > 0) {
      const hint = unknown.some((c) => /^\d{3}$/.test(c)) ? '（以0开头的代码在 Excel 中请设为文本格式）' : ''
      problems.push({ path: `${i}.level2Codes`, message: `${at}二级目录代码 ${unknown.join('、')} 不在强制检定目录中${hint}` })
    }
  })
  if (problems.length > 0) throw new AppError('VALIDATION_FAILED', problems[0]!.message, problems)

  // institutionId → regionCode → kind codes
  const tables = new Map<string, Map<string, Set<string>>>()
  for (const row of rows) {
    const org = orgByRef.get(isObjectId(row.institution) ? row.institution.toLowerCase() : row.institution.toUpperCase())!
    const table = tables.get(String(org._id)) ?? new Map<string, Set<string>>()
    tables.set(String(org._id), table)
    const codes = table.get(row.regionCode) ?? new Set<string>()
    table.set(row.regionCode, codes)
    for (const c of row.level2Codes) codes.add(c)
  }

  const report: AuthorizationLoadReport = { rows: rows.length, institutions: [], created: 0, updated: 0, unchanged: 0, removed: 0 }
  for (const [institutionId, table] of tables) {
    const org = orgByRef.get(institutionId)!
    report.institutions.push(org.shortCode ?? org.name)
    const existing = new Map(
      (await Authorization.find({ institutionId }).lean()).map((a) => [a.regionCode, [...a.level2Codes].sort()]),
    )
    for (const [code, set] of table) {
      const level2Codes = [...set].sort()
      const before = existing.get(code)
      if (before && before.join() === level2Codes.join()) {
        report.unchanged++
        continue
      }
      await Authorization.updateOne(
        { institutionId, regionCode: code },
        { $set: { level2Codes, regionLevel: findRegion(code)!.level } },
        { upsert: true },
      )
      if (before) report.updated++
      else report.created++
    }
    const gone = [...existing.keys()].filter((code) => !table.has(code))
    if (gone.length > 0) {
      report.removed += (await Authorization.deleteMany({ institutionId, regionCode: { $in: gone } })).deletedCount
    }
  }
  return report
}
