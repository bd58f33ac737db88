import { Schema, model, type Model, type Types } from 'mongoose'

/**
 * The one write both FerretDB and MongoDB make atomic: inserting a document whose `_id` is
 * taken fails for all but one writer. FerretDB 1.x reads and writes an update in two steps
 * (concurrent conditional updates and `$inc` both lose writes), so every "exactly one wins"
 * rule in this codebase is a claim here: a version of a record, a single use, a lease.
 */
const claimSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** What kind of claim: 'version', 'once', 'lease'. */
    kind: { type: String, required: true },
    /** Version claims (held only while writing): the write, so others can finish it for a claimant that died. */
    target: { type: Schema.Types.Mixed },
    owner: { type: String },
    at: { type: Date, required: true },
  },
  { versionKey: false, strict: 'throw' },
)

export type ClaimDoc = {
  _id: string
  kind: string
  target?: unknown
  owner?: string
  at: Date
}
export const Claim = model('Claim', claimSchema) as unknown as Model<ClaimDoc>

export const isDuplicateKey = (err: unknown) => (err as { code?: number }).code === 11000

/** Takes `key` if nobody has; true for exactly one of any number of concurrent callers. */
export async function claimOnce(key: string, fields: Partial<Omit<ClaimDoc, '_id'>> = {}): Promise<boolean> {
  try {
    await Claim.create({ kind: 'once', at: new Date(), ...fields, _id: key })
    return true
  } catch (err) {
    if (isDuplicateKey(err)) return false
    throw err
  }
}

export async function releaseClaim(key: string): Promise<void> {
  await Claim.deleteOne({ _id: key })
}

/** The next free number of each named sequence; written only by the holder of its lease. */
const sequenceSchema = new Schema({ _id: { type: String, required: true }, next: { type: Number, required: true } }, { versionKey: false })
export const Sequence = model('Sequence', sequenceSchema)

const LEASE_MS = 10_000
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * Holds a named lease while `work` runs: a claim that others wait on, taken over only once it is
 * older than 10 s (its holder died). Work under a lease is a few milliseconds of reads and writes.
 */
export async function withLease<T>(name: string, work: () => Promise<T>, leaseMs = LEASE_MS): Promise<T> {
  // Callers in this process queue here first, so only one of them at a time asks the database.
  const previous = localQueue.get(name) ?? Promise.resolve()
  let done!: () => void
  const mine = new Promise<void>((resolve) => (done = resolve))
  const tail = previous.then(() => mine)
  localQueue.set(name, tail)
  await previous
  try {
    return await withDatabaseLease(name, work, leaseMs)
  } finally {
    done()
    if (localQueue.get(name) === tail) localQueue.delete(name)
  }
}

const localQueue = new Map<string, Promise<void>>()

/** The lease through the database alone: what keeps processes (not just callers) apart. */
export async function withDatabaseLease<T>(name: string, work: () => Promise<T>, leaseMs = LEASE_MS): Promise<T> {
  const key = `lease:${name}`
  for (let attempt = 0; ; attempt++) {
    if (await claimOnce(key, { kind: 'lease' })) break
    const holder = await Claim.findById(key, { at: 1 }).lean()
    if (holder && Date.now() - holder.at.getTime() > leaseMs) {
      await Claim.deleteOne({ _id: key, at: holder.at })
      continue
    }
    await sleep(2 + Math.random() * Math.min(20, 2 + attempt))
  }
  try {
    return await work()
  } finally {
    await releaseClaim(key)
  }
}

/**
 * Reserves `count` consecutive numbers of a named sequence (1, 2, 3 …) and returns the first.
 * Each reservation runs under the sequence's lease, so concurrent callers never share a number;
 * whatever the numbers end up on (codes, certificate numbers) carries a unique index as well.
 */
export async function nextSequence(name: string, count = 1): Promise<number> {
  return withLease(`seq:${name}`, async () => {
    const current = await Sequence.findById(name).lean()
    const start = current?.next ?? 1
    await Sequence.updateOne({ _id: name }, { $set: { next: start + count } }, { upsert: true })
    return start
  })
}

/** How long a version claim may stay unfinished before others finish it for its claimant. */
const ABANDONED_MS = 30_000

export interface VersionedWrite {
  /** Fields to set; `version` is set by the write itself. */
  set: Record<string, unknown>
  unset?: string[]
}

/**
 * Version claims of finished writes, kept so that late writers lose; after an hour no request
 * can still be holding such an old version, so maintenance removes them.
 */
export async function pruneVersionClaims(olderThan: Date): Promise<number> {
  const res = await Claim.deleteMany({ kind: 'version', at: { $lt: olderThan } })
  return res.deletedCount
}

/**
 * Writes a record only if it is still at `version`, for exactly one of any number of concurrent
 * writers; the others get false (a 409 for the caller). The winner claims the version first,
 * naming the write it will make; if it dies before making it, the next writer to find the claim
 * older than 30 s makes that write for it, so a record is never stuck.
 */
export async function writeIfVersion(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  target: Model<any>,
  id: Types.ObjectId,
  version: number,
  write: VersionedWrite,
): Promise<boolean> {
  const key = `v:${target.collection.collectionName}:${String(id)}:${version}`
  const planned: VersionedWrite = { set: { ...write.set, version: version + 1 }, unset: write.unset ?? [] }
  const update = toUpdate(planned)
  try {
    // Stored as plain fields: document keys may not start with `$`.
    await Claim.create({ _id: key, kind: 'version', target: planned, at: new Date() })
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    await finishAbandoned(target, id, version, key)
    return false
  }
  // The claim stays: a writer who read this version and comes late loses to it. Holding it,
  // nobody else changes the record, so checking the version and then updating by id alone is
  // safe — and FerretDB finds a record by id directly, where any other filter scans.
  if (!(await isAt(target, id, version))) return false
  const res = await target.updateOne({ _id: id }, update)
  return res.matchedCount === 1
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function isAt(target: Model<any>, id: Types.ObjectId, version: number): Promise<boolean> {
  const current = await target.findById(id, { version: 1 }).lean<{ version?: number }>()
  return current != null && (current.version ?? 0) === version
}

/**
 * A change that does not depend on what the record says now (a name, a login time), made as a
 * versioned write anyway: FerretDB writes whole documents back, so a plain update racing a
 * versioned one could undo it.
 */
export async function writeLatest(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  target: Model<any>,
  id: Types.ObjectId,
  set: Record<string, unknown>,
  attempts = 5,
): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    const current = await target.findById(id, { version: 1 }).lean<{ version?: number }>()
    if (!current) return false
    if (await writeIfVersion(target, id, current.version ?? 0, { set })) return true
  }
  return false
}

/**
 * Brings a record to what `plan` makes of it as it is now, re-reading it while other writers get
 * there first: `plan` returns the fields to set, or null when there is nothing (left) to do. False
 * only when every attempt lost to another writer. `current` saves the first read when the caller
 * has just read the record.
 */
export async function rewriteById<T extends { _id: Types.ObjectId; version?: number }>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  target: Model<any>,
  id: Types.ObjectId,
  plan: (doc: T) => Record<string, unknown> | null | Promise<Record<string, unknown> | null>,
  opts: { attempts?: number; current?: T } = {},
): Promise<boolean> {
  for (let attempt = 0; attempt < (opts.attempts ?? 5); attempt++) {
    const doc = attempt === 0 && opts.current ? opts.current : await target.findById(id).lean<T>()
    const set = doc ? await plan(doc) : null
    if (!doc || !set) return true
    if (await writeIfVersion(target, id, doc.version ?? 0, { set })) return true
  }
  return false
}

/** Deletes a record only if it is still at `version`; false when another write got there first. */
export async function deleteIfVersion(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  target: Model<any>,
  id: Types.ObjectId,
  version: number,
): Promise<boolean> {
  const key = `v:${target.collection.collectionName}:${String(id)}:${version}`
  try {
    await Claim.create({ _id: key, kind: 'version', target: { delete: true }, at: new Date() })
  } catch (err) {
    if (!isDuplicateKey(err)) throw err
    await finishAbandoned(target, id, version, key)
    return false
  }
  if (!(await isAt(target, id, version))) return false
  const res = await target.deleteOne({ _id: id })
  return res.deletedCount === 1
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function finishAbandoned(target: Model<any>, id: Types.ObjectId, version: number, key: string) {
  const claim = await Claim.findById(key).lean()
  if (!claim || Date.now() - claim.at.getTime() < ABANDONED_MS) return
  // Claims of finished writes stay too; only a record still at the claimed version is unfinished.
  if (!(await isAt(target, id, version))) return
  const planned = claim.target as VersionedWrite | { delete: true }
  if ('delete' in planned) await target.deleteOne({ _id: id })
  else await target.updateOne({ _id: id }, toUpdate(planned))
}

function toUpdate(write: VersionedWrite) {
  return {
    $set: write.set,
    ...(write.unset?.length ? { $unset: Object.fromEntries(write.unset.map((f) => [f, 1])) } : {}),
  }
}

