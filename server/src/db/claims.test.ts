import { Schema, Types, model } from 'mongoose'
import { Claim, claimOnce, nextSequence, rewriteById, withDatabaseLease, writeIfVersion } from './claims'

const Thing = model('ClaimTestThing', new Schema({ state: String, by: Number, version: { type: Number, default: 0 } }, { timestamps: true }))

describe('claims: exactly one of many concurrent writers wins', () => {
  it('claimOnce', async () => {
    const wins = await Promise.all(Array.from({ length: 30 }, () => claimOnce('invitation:abc')))
    expect(wins.filter(Boolean)).toHaveLength(1)
  })

  it('nextSequence hands out every number once, without gaps, under 50 concurrent callers', async () => {
    const numbers = await Promise.all(Array.from({ length: 50 }, () => nextSequence('test:counter')))
    expect([...numbers].sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    expect(await nextSequence('test:counter')).toBe(51)
  })

  it('nextSequence reserves blocks that never overlap single numbers', async () => {
    const results = await Promise.all([
      ...Array.from({ length: 10 }, () => nextSequence('test:blocks', 1).then((s) => [s, 1] as const)),
      ...Array.from({ length: 5 }, () => nextSequence('test:blocks', 20).then((s) => [s, 20] as const)),
    ])
    const used = results.flatMap(([start, n]) => Array.from({ length: n }, (_, i) => start + i))
    expect(new Set(used).size).toBe(110)
    expect(Math.max(...used)).toBe(110)
  })

  it('a database lease keeps twenty read-modify-writes apart', async () => {
    const counter = await Thing.create({ state: 'counter', by: 0 })
    await Promise.all(
      Array.from({ length: 20 }, () =>
        withDatabaseLease('test:counter-doc', async () => {
          const current = (await Thing.findById(counter._id).lean())!
          await Thing.updateOne({ _id: counter._id }, { $set: { by: (current.by ?? 0) + 1 } })
        }),
      ),
    )
    expect((await Thing.findById(counter._id).lean())!.by).toBe(20)
  })

  it('takes over a lease whose holder died', async () => {
    await Claim.create({ _id: 'lease:seq:test:orphaned', kind: 'lease', at: new Date(Date.now() - 60_000) })
    expect(await nextSequence('test:orphaned')).toBe(1)
  })

  it('writeIfVersion lets one of twenty writers of the same version through', async () => {
    const thing = await Thing.create({ state: 'draft' })
    const wins = await Promise.all(
      Array.from({ length: 20 }, (_, i) => writeIfVersion(Thing, thing._id, 0, { set: { state: 'submitted', by: i } })),
    )
    expect(wins.filter(Boolean)).toHaveLength(1)
    const after = await Thing.findById(thing._id).lean()
    expect(after).toMatchObject({ state: 'submitted', version: 1, by: wins.indexOf(true) })
  })

  it('a writer who read the version before the winner wrote loses, even after the winner finished', async () => {
    const thing = await Thing.create({ state: 'draft' })
    expect(await writeIfVersion(Thing, thing._id, 0, { set: { state: 'first' } })).toBe(true)
    expect(await writeIfVersion(Thing, thing._id, 0, { set: { state: 'late' } })).toBe(false)
    expect(await Thing.findById(thing._id).lean()).toMatchObject({ state: 'first', version: 1 })
  })

  it('writeIfVersion refuses a stale version and changes nothing', async () => {
    const thing = await Thing.create({ state: 'draft', version: 3 })
    expect(await writeIfVersion(Thing, thing._id, 2, { set: { state: 'x' } })).toBe(false)
    expect(await Thing.findById(thing._id).lean()).toMatchObject({ state: 'draft', version: 3 })
  })

  it('finishes a write whose writer died after claiming it', async () => {
    const thing = await Thing.create({ state: 'draft' })
    await Claim.create({
      _id: `v:${Thing.collection.collectionName}:${thing._id}:0`,
      kind: 'version',
      target: { set: { state: 'submitted', version: 1 }, unset: [] },
      at: new Date(Date.now() - 60_000),
    })
    // The next writer of version 0 loses, but completes the dead writer's change first.
    expect(await writeIfVersion(Thing, thing._id, 0, { set: { state: 'other' } })).toBe(false)
    expect(await Thing.findById(thing._id).lean()).toMatchObject({ state: 'submitted', version: 1 })
    expect(await writeIfVersion(Thing, thing._id, 1, { set: { state: 'accepted' } })).toBe(true)
  })

  it('leaves a fresh claim of a live writer alone', async () => {
    const thing = await Thing.create({ state: 'draft' })
    await Claim.create({ _id: `v:${Thing.collection.collectionName}:${thing._id}:0`, kind: 'version', target: { set: { state: 'x', version: 1 }, unset: [] }, at: new Date() })
    expect(await writeIfVersion(Thing, new Types.ObjectId(String(thing._id)), 0, { set: { state: 'other' } })).toBe(false)
    expect(await Thing.findById(thing._id).lean()).toMatchObject({ state: 'draft', version: 0 })
  })

  it('rewriteById: twenty read-modify-writes each count once, by re-reading after losing', async () => {
    const counter = await Thing.create({ state: 'counter', by: 0 })
    type ThingDoc = { _id: Types.ObjectId; by: number; version: number }
    const results = await Promise.all(
      Array.from({ length: 20 }, () => rewriteById<ThingDoc>(Thing, counter._id, (doc) => ({ by: doc.by + 1 }), { attempts: 100 })),
    )
    expect(results.every(Boolean)).toBe(true)
    expect((await Thing.findById(counter._id).lean())!.by).toBe(20)
  })

  it('rewriteById: nothing to do is done; a writer that always loses says so', async () => {
    const thing = await Thing.create({ state: 'done', by: 0 })
    type ThingDoc = { _id: Types.ObjectId; state: string; by: number; version: number }
    expect(await rewriteById<ThingDoc>(Thing, thing._id, (doc) => (doc.state === 'done' ? null : { state: 'done' }))).toBe(true)
    expect(await rewriteById<ThingDoc>(Thing, new Types.ObjectId(), () => ({ state: 'x' }))).toBe(true)
    // Someone else writes the record every time this writer has read it.
    const lost = await rewriteById<ThingDoc>(
      Thing,
      thing._id,
      async (doc) => {
        await writeIfVersion(Thing, thing._id, doc.version, { set: { by: doc.by + 1 } })
        return { state: 'mine' }
      },
      { attempts: 3 },
    )
    expect(lost).toBe(false)
    expect((await Thing.findById(thing._id).lean())!).toMatchObject({ state: 'done', by: 3 })
  })
})
