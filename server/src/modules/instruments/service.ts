import { Types } from 'mongoose'
import {
  chinaToday,
  serialSeries,
  type AuditAction,
  type BatchResult,
  type FieldError,
  type InstrumentBatchInput,
  type InstrumentBulkCreateInput,
  type InstrumentCreateInput,
  type InstrumentDetailView,
  type InstrumentListQuery,
  type InstrumentUpdateInput,
  type InstrumentView,
  type Page,
} from '@qjt/shared'
import { isCounty } from '@qjt/shared/regions'
import type { Actor } from '../../core/context'
import type { Clock } from '../../core/clock'
import { AppError } from '../../core/errors'
import { inOrg, orgIdOf } from '../../core/tenant'
import { deleteIfVersion, isDuplicateKey, writeIfVersion } from '../../db/claims'
import { ownedById } from '../../db/lookup'
import type { ReferenceService } from '../reference/service'
import type { CatalogueKindRef } from '../reference/presenter'
import { recordAudit } from './audit'
import { InstrumentAudit } from './audit.model'
import { Certificate } from '../certificates/model'
import { newInstrumentCodes } from './codes'
import { EDITABLE_FIELDS, Instrument, type EditableField, type InstrumentDoc } from './model'
import { presentAudit, presentInstrument } from './presenter'
import { LEDGER_SORT, ledgerFilter } from './query'
import { ASSIGNMENT_FIELDS, CERTIFICATE_FIELDS, diff, inOpenBooking, nextSerialCandidates, removalBlocked, verificationFromHistory } from './rules'
import { runBatch } from './batch'

/** A row as the unit describes it, before it has a code: what create, bulk, copy and import write. */
export type NewRow = Pick<InstrumentDoc, EditableField> & Partial<Pick<InstrumentDoc, 'status' | 'verifyStatus' | 'verifyResult'>>

export class InstrumentService {
  constructor(private readonly deps: { clock: Clock; reference: ReferenceService }) {}

  today() {
    return chinaToday(this.deps.clock())
  }

  async list(actor: Actor, query: InstrumentListQuery): Promise<Page<InstrumentView>> {
    const { page, pageSize, ...filters } = query
    const today = this.today()
    const filter = ledgerFilter(orgIdOf(actor), filters, today)
    const [rows, total] = await Promise.all([
      Instrument.find(filter).sort(LEDGER_SORT).skip((page - 1) * pageSize).limit(pageSize).lean(),
      Instrument.countDocuments(filter),
    ])
    return { items: rows.map((r) => presentInstrument(r as InstrumentDoc, today)), total, page, pageSize }
  }

  /** One of the caller's instruments, or 404 (also for another unit's). */
  async get(actor: Actor, id: string): Promise<InstrumentDoc> {
    const row = await ownedById<InstrumentDoc>(Instrument, orgIdOf(actor), id)
    if (!row) throw new AppError('INSTRUMENT_NOT_FOUND')
    return row
  }

  async detail(actor: Actor, id: string): Promise<InstrumentDetailView> {
    const row = await this.get(actor, id)
    const [audit, certificates] = await Promise.all([
      InstrumentAudit.find(inOrg(actor, { instrumentId: row._id })).sort({ at: -1, _id: -1 }).limit(200).lean(),
      Certificate.find(inOrg(actor, { instrumentId: row._id }), { no: 1, verifiedAt: 1, conclusion: 1, validUntil: 1, institution: 1 })
        .sort({ issuedAt: -1 })
        .lean(),
    ])
    return {
      ...presentInstrument(row, this.today()),
      audit: audit.map(presentAudit),
      verifications: certificates.map((c) => ({
        certificateNo: c.no,
        verifiedAt: c.verifiedAt,
        result: c.conclusion,
        validUntil: c.validUntil ?? null,
        institutionName: c.institution.name,
      })),
    }
  }

  async create(actor: Actor, input: InstrumentCreateInput): Promise<InstrumentView> {
    const row = await this.describe(input)
    await this.refuseDuplicates(actor, row.level2Code, [row.serialNo])
    const [created] = await this.insertRows(actor, [row], 'create')
    return presentInstrument(created!, this.today())
  }

  /** Many near-identical instruments from one form; serial numbers count up from the first. */
  async bulkCreate(actor: Actor, input: InstrumentBulkCreateInput): Promise<{ items: InstrumentView[] }> {
    const { firstSerialNo, count, ...common } = input
    const base = await this.describe({ ...common, serialNo: firstSerialNo })
    const serials = serialSeries(firstSerialNo, count)
    await this.refuseDuplicates(actor, base.level2Code, serials)
    const rows = serials.map((serialNo) => ({ ...base, serialNo }))
    const created = await this.insertRows(actor, rows, 'bulk_create', `批量新增 ${serials[0]} 至 ${serials[serials.length - 1]}`)
    const today = this.today()
    return { items: created.map((r) => presentInstrument(r, today)) }
  }

  async update(actor: Actor, id: string, input: InstrumentUpdateInput): Promise<InstrumentView> {
    const row = await this.get(actor, id)
    if (row.status === 'scrapped') throw new AppError('INSTRUMENT_SCRAPPED')
    const { version, ...patch } = input
    if (row.version !== version) throw new AppError('STALE_VERSION')
    // A key sent empty clears an optional field.
    const set: Partial<NewRow> = Object.fromEntries(Object.entries(patch).map(([k, v]) => [k, v ?? null]))
    if (set.level1Code || set.level2Code || set.regionCode) {
      const refs = await this.resolve({
        level1Code: set.level1Code ?? row.level1Code,
        level2Code: set.level2Code ?? row.level2Code,
        regionCode: set.regionCode ?? row.regionCode,
      })
      Object.assign(set, refs)
    }
    const changes = diff(row, set)
    if (changes.length === 0) return presentInstrument(row, this.today())
    const changed = new Set(changes.map((c) => c.field))
    const certified = CERTIFICATE_FIELDS.find((f) => changed.has(f))
    if (certified && row.certificateId) throw fieldErrorFor(certified, '由检定证书自动更新，不能手工修改')
    if (inOpenBooking(row) && ASSIGNMENT_FIELDS.some((f) => changed.has(f))) {
      throw new AppError('INSTRUMENT_IN_BOOKING', '器具在未完成的预约中，不能修改目录或使用地点')
    }
    const extra = changed.has('validUntil') && !inOpenBooking(row) ? verificationFromHistory(set.validUntil) : {}
    const updated = await this.write(actor, row, { ...set, ...extra }, 'update', changes)
    if (!updated) throw new AppError('STALE_VERSION')
    return presentInstrument(updated, this.today())
  }

  async remove(actor: Actor, id: string): Promise<void> {
    const row = await this.get(actor, id)
    const blocked = removalBlocked(row)
    if (blocked) throw new AppError('INSTRUMENT_IN_BOOKING', blocked)
    if (!(await deleteIfVersion(Instrument, row._id, row.version))) throw new AppError('STALE_VERSION')
    await recordAudit(actor, this.deps.clock(), [{ row, action: 'delete', note: `删除器具 ${row.code}` }])
  }

  /** A new instrument with the same description, a new code, no certificate, the next serial. */
  async copy(actor: Actor, id: string, input: { serialNo?: string }): Promise<InstrumentView> {
    const source = await this.get(actor, id)
    const serialNo = input.serialNo ?? (await this.freeSerial(actor, source.level2Code, source.serialNo))
    await this.refuseDuplicates(actor, source.level2Code, [serialNo])
    const row: NewRow = { ...pickEditable(source), serialNo, validUntil: null, certificateNo: null, institutionName: null }
    const [created] = await this.insertRows(actor, [row], 'copy', `复制自 ${source.code}`)
    return presentInstrument(created!, this.today())
  }

  async batch(actor: Actor, input: InstrumentBatchInput): Promise<BatchResult> {
    const kind = input.action === 'setCatalogue' ? await this.kindOrFail(input.level2Code!) : null
    return runBatch(this, actor, input, kind)
  }

  // ---- shared with batch, import and later features ----

  /** Checks the catalogue pair and the county against reference data; field errors when wrong. */
  async referenceErrors(
    input: Pick<NewRow, 'level1Code' | 'level2Code' | 'regionCode'>,
    kinds?: Map<string, CatalogueKindRef>,
  ): Promise<{ errors: FieldError[]; names: Pick<NewRow, 'level1Name' | 'level2Name'> | null }> {
    const errors: FieldError[] = []
    const kind = kinds ? kinds.get(input.level2Code) : await this.deps.reference.findKind(input.level2Code)
    if (!kind) errors.push({ path: 'level2Code', message: '二级目录不在强制检定目录中' })
    else if (kind.level1Code !== input.level1Code) errors.push({ path: 'level2Code', message: '二级目录不属于所选的一级目录' })
    if (!isCounty(input.regionCode)) errors.push({ path: 'regionCode', message: '使用地点行政区划应选择到区县' })
    return { errors, names: kind && errors.length === 0 ? { level1Name: kind.level1Name, level2Name: kind.level2Name } : null }
  }

  /**
   * Writes new rows with fresh codes and one audit entry each. All or nothing: if any row fails
   * (a serial number taken meanwhile), the rows already written are removed again.
   */
  async insertRows(actor: Actor, rows: NewRow[], action: AuditAction, note?: string): Promise<InstrumentDoc[]> {
    const orgId = orgIdOf(actor)
    const now = this.deps.clock()
    const year = chinaToday(now).slice(0, 4)
    const codes = await this.codesFor(rows.map((r) => r.regionCode), year)
    const docs = rows.map((row, i) => ({
      ...verificationFromHistory(row.validUntil),
      status: 'new' as const,
      ...row,
      orgId,
      code: codes[i]!,
      createdBy: new Types.ObjectId(actor.userId),
    }))
    let created: InstrumentDoc[]
    try {
      created = (await Instrument.insertMany(docs, { ordered: true, lean: false })).map((d) => d.toObject() as InstrumentDoc)
    } catch (err) {
      await Instrument.deleteMany({ orgId, code: { $in: codes } })
      if (isDuplicateKey(err)) throw new AppError('DUPLICATE_SERIAL', '出厂编号与本单位已有器具重复，请修改后重试')
      throw err
    }
    await recordAudit(actor, now, created.map((row) => ({ row, action, note: note ?? null })))
    return created
  }

  /** A versioned write of `set` with its audit entry; null when another write got there first. */
  async write(actor: Actor, row: InstrumentDoc, set: Partial<InstrumentDoc>, action: AuditAction, changes = diff(row, set), note?: string) {
    try {
      if (!(await writeIfVersion(Instrument, row._id, row.version, { set }))) return null
    } catch (err) {
      if (isDuplicateKey(err)) throw new AppError('DUPLICATE_SERIAL', `本单位已有二级目录相同、出厂编号为 ${set.serialNo ?? row.serialNo} 的器具`)
      throw err
    }
    await recordAudit(actor, this.deps.clock(), [{ row, action, changes, note }])
    return (await Instrument.findById(row._id).lean()) as InstrumentDoc
  }

  /** The stored fields of a new row, with catalogue names; 400 with field errors when references are wrong. */
  private async describe(input: InstrumentCreateInput): Promise<NewRow> {
    return { ...pickEditable(input), ...(await this.resolve(input)) }
  }

  private async resolve(input: Pick<NewRow, 'level1Code' | 'level2Code' | 'regionCode'>) {
    const { errors, names } = await this.referenceErrors(input)
    if (errors.length > 0) throw new AppError('VALIDATION_FAILED', errors[0]!.message, errors)
    return names!
  }

  async kindOrFail(level2Code: string): Promise<CatalogueKindRef> {
    const kind = await this.deps.reference.findKind(level2Code)
    if (!kind) throw fieldErrorFor('level2Code', '二级目录不在强制检定目录中')
    return kind
  }

  private async refuseDuplicates(actor: Actor, level2Code: string, serials: string[]) {
    const taken = await Instrument.find(inOrg(actor, { level2Code, serialNo: { $in: serials } }), { code: 1, serialNo: 1 }).limit(5).lean()
    if (taken.length === 0) return
    const list = taken.map((t) => `${t.serialNo}（器具编码 ${t.code}）`).join('、')
    throw new AppError('DUPLICATE_SERIAL', `本单位已有相同二级目录、出厂编号的器具：${list}`, [
      { path: 'serialNo', message: `出厂编号已存在：${list}` },
    ])
  }

  private async freeSerial(actor: Actor, level2Code: string, serial: string): Promise<string> {
    const candidates = nextSerialCandidates(serial)
    const taken = new Set(
      (await Instrument.find(inOrg(actor, { level2Code, serialNo: { $in: candidates } }), { serialNo: 1 }).lean()).map((t) => t.serialNo),
    )
    const free = candidates.find((c) => !taken.has(c))
    if (!free) throw fieldErrorFor('serialNo', '请填写新器具的出厂编号')
    return free
  }

  /** Codes for rows in order, one reservation per county. */
  private async codesFor(regions: string[], year: string): Promise<string[]> {
    const counts = new Map<string, number>()
    for (const r of regions) counts.set(r, (counts.get(r) ?? 0) + 1)
    const pools = new Map<string, string[]>()
    for (const [region, n] of counts) pools.set(region, await newInstrumentCodes(region, year, n))
    return regions.map((r) => pools.get(r)!.shift()!)
  }
}

/** The editable fields of a row or a form, absent ones as null (how rows store them). */
export function pickEditable(source: Partial<Record<EditableField, unknown>>): NewRow {
  return Object.fromEntries(EDITABLE_FIELDS.map((field) => [field, source[field] ?? null])) as NewRow
}

function fieldErrorFor(path: string, message: string) {
  return new AppError('VALIDATION_FAILED', message, [{ path, message }])
}

