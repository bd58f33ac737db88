import { CertificateLookup, CertificateLookupFold, CertificateLookupTotal } from './lookup.model'
import { foldLookups, LookupRecorder } from './lookups'
import { lookupCounts } from './repository'

const until = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 100 && !(await check()); i++) await new Promise((r) => setTimeout(r, 20))
}

describe('LookupRecorder', () => {
  it('writes a batch once it is full, without waiting for the timer', async () => {
    const recorder = new LookupRecorder({ flushMs: 60_000, maxBatch: 3 })
    const at = new Date()
    for (const genuine of [true, true, false]) recorder.record('BATCH-2026-000001', genuine, at)
    await until(async () => (await CertificateLookup.countDocuments({ no: 'BATCH-2026-000001' })) === 3)
    expect(await CertificateLookup.countDocuments({ no: 'BATCH-2026-000001', genuine: true })).toBe(2)
  })

  it('writes what waits once the interval has passed', async () => {
    const recorder = new LookupRecorder({ flushMs: 30 })
    recorder.record('TIMER-2026-000001', true, new Date())
    expect(await CertificateLookup.countDocuments({ no: 'TIMER-2026-000001' })).toBe(0)
    await until(async () => (await CertificateLookup.countDocuments({ no: 'TIMER-2026-000001' })) === 1)
    expect(await CertificateLookup.countDocuments({ no: 'TIMER-2026-000001' })).toBe(1)
  })

  it('loses nothing when many checks arrive while a batch is being written', async () => {
    const recorder = new LookupRecorder({ flushMs: 5, maxBatch: 7 })
    for (let i = 0; i < 100; i++) {
      recorder.record('MANY-2026-000001', true, new Date())
      if (i % 10 === 0) await new Promise((r) => setImmediate(r))
    }
    await recorder.flush()
    expect(await CertificateLookup.countDocuments({ no: 'MANY-2026-000001' })).toBe(100)
  })
})

describe('folding checks into totals', () => {
  const checks = (no: string, genuine: number, forged = 0) =>
    CertificateLookup.insertMany([
      ...Array.from({ length: genuine }, () => ({ no, at: new Date(), genuine: true })),
      ...Array.from({ length: forged }, () => ({ no, at: new Date(), genuine: false })),
    ])

  it('keeps every count while the checks themselves are folded away, batch by batch', async () => {
    await checks('FOLD-2026-000001', 7, 3)
    await checks('FOLD-2026-000002', 2)
    const before = await lookupCounts(['FOLD-2026-000001', 'FOLD-2026-000002', 'FOLD-2026-000003'])
    expect(Object.fromEntries(before)).toEqual({ 'FOLD-2026-000001': 7, 'FOLD-2026-000002': 2, 'FOLD-2026-000003': 0 })

    // The checks of the tests above are folded too, four at a time.
    expect(await foldLookups({ batchSize: 4, maxBatches: 100 })).toBeGreaterThanOrEqual(12)
    expect(await CertificateLookup.countDocuments({ no: /^FOLD-/ })).toBe(0)
    expect(Object.fromEntries(await lookupCounts(['FOLD-2026-000001', 'FOLD-2026-000002']))).toEqual({ 'FOLD-2026-000001': 7, 'FOLD-2026-000002': 2 })

    // New checks count on top of the total until the next fold takes them in too.
    await checks('FOLD-2026-000001', 1)
    expect((await lookupCounts(['FOLD-2026-000001'])).get('FOLD-2026-000001')).toBe(8)
    await foldLookups()
    expect((await lookupCounts(['FOLD-2026-000001'])).get('FOLD-2026-000001')).toBe(8)
  })

  it('finishes a fold cut short without adding twice', async () => {
    const [a1, a2, b1] = await checks('CUT-2026-000001', 2).then(async (a) => [...a, ...(await checks('CUT-2026-000002', 1))])
    // The process died after writing the fold and adding to the first number only.
    await CertificateLookupFold.create({
      _id: 'current',
      batch: 'batch-cut',
      eventIds: [a1!._id, a2!._id, b1!._id],
      counts: [
        { no: 'CUT-2026-000001', n: 2 },
        { no: 'CUT-2026-000002', n: 1 },
      ],
    })
    await CertificateLookupTotal.create({ _id: 'CUT-2026-000001', count: 2, batch: 'batch-cut' })

    await foldLookups()
    expect(await CertificateLookupFold.countDocuments()).toBe(0)
    expect(Object.fromEntries(await lookupCounts(['CUT-2026-000001', 'CUT-2026-000002']))).toEqual({ 'CUT-2026-000001': 2, 'CUT-2026-000002': 1 })
  })

  it('counts right when two processes fold at once', async () => {
    await checks('BOTH-2026-000001', 25)
    const recorder = new LookupRecorder({ flushMs: 1 })
    const folding = Promise.all([foldLookups({ batchSize: 5 }), foldLookups({ batchSize: 5 })])
    for (let i = 0; i < 10; i++) recorder.record('BOTH-2026-000001', true, new Date())
    await recorder.flush()
    await folding
    await foldLookups()
    expect((await lookupCounts(['BOTH-2026-000001'])).get('BOTH-2026-000001')).toBe(35)
    expect(await CertificateLookup.countDocuments({ no: 'BOTH-2026-000001' })).toBe(0)
  })
})
