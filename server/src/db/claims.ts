import { Schema, model, type Model, type Types } from 'mongoose'

/**
 * The one write both FerretDB and MongoDB make atomic: inserting a document whose `_id` is
 * taken fails for all but one writer. FerretDB 1.x reads and writes an update in two steps
 * (concurrent conditional updates and `$inc` both lose writes), so every "exactly one wins"
 * rule in this codebase is a claim here: a version of a record, a sequence block, a lease.
 */
const claimSchema = new Schema(
  {
    _id: { type: String, required: true },
    /** What kind of claim: 'version', 'sequence', 'once', 'lease'. */
    kind: { type: String, required: true },
    /** Sequences: name, first number and how many numbers the claim holds. */
    seq: { type: String },
    start: { type: Number },
    count: { type: Number },
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
  seq?: string
  start?: number
  count?: number
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

/** Where each sequence's next free number probably is; only a hint, the claims decide. */
const sequenceHintSchema = new Schema({ _id: { type: String, required: true }, next: { type: Number, required: true } }, { versionKey: false })
export const SequenceHint = model('SequenceHint', sequenceHintSchema)

/**
 * Reserves `count` consecutive numbers of a named sequence (1, 2, 3 …) and returns the first.
 * A reservation is a claim on its first number that records how many it holds; a loser reads
 * the winner's claim and tries right after it. Blocks chain from 1, so no two callers ever share
 * a number; the hint only saves walking the chain from its start.
 */
export async function nextSequence(name: string, count = 1): Promise<number> {
  const hint = await SequenceHint.findById(name).lean()
  let start = hint?.next ?? 1
  for (;;) {
    const key = `seq:${name}:${start}`
    try {
      await Claim.create({ _id: key, kind: 'sequence', seq: name, start, count, at: new Date() })
      break
    } catch (err) {
      if (!isDuplicateKey(err)) throw err
      // Others may have moved well ahead meanwhile: jump to the hint when it is further on.
      const [taken, ahead] = await Promise.all([Claim.findById(key, { count: 1 }).lean(), SequenceHint.findById(name).lean()])
      start = Math.max(start + (taken?.count ?? 1), ahead?.next ?? 0)
    }
  }
  await SequenceHint.updateOne({ _id: name }, { $max: { next: start + count } }, { upsert: true }).catch((err) => {
    if (!isDuplicateKey(err)) throw err
  })
  return start
}

/** How long a version claim may stay unfinished before others finish it for its claimant. */
const ABANDONED_MS = 30_000

export interface VersionedWrite {
  /** Fields to set; `version` is set by the write itself. */
  set: Record<string, unknown>
  unset?: string[]
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
  try {
    const res = await target.updateOne({ _id: id, version }, update)
    return res.matchedCount === 1
  } finally {
    // The version has moved on (or the record is gone): a later claim on it can win nothing.
    await releaseClaim(key)
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function finishAbandoned(target: Model<any>, id: Types.ObjectId, version: number, key: string) {
  const claim = await Claim.findById(key).lean()
  if (!claim || Date.now() - claim.at.getTime() < ABANDONED_MS) return
  await target.updateOne({ _id: id, version }, toUpdate(claim.target as VersionedWrite))
  await releaseClaim(key)
}

function toUpdate(write: VersionedWrite) {
  return {
    $set: write.set,
    ...(write.unset?.length ? { $unset: Object.fromEntries(write.unset.map((f) => [f, 1])) } : {}),
  }
}

