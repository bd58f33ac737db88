import { CertificateLookup } from './lookup.model'
import { LookupRecorder } from './lookups'

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
