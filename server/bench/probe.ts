import mongoose from 'mongoose'
import { connectDatabase, syncAllIndexes } from '../src/db/connect'
import '../src/models'
import { Instrument } from '../src/modules/instruments/model'
import { benchDatabase } from './backends'
import { makeInstruments, makeUnits } from './fixtures'

async function main() {
  const db = await benchDatabase((process.argv[2] as 'sqlite') ?? 'sqlite')
  await connectDatabase(db.uri, 'probe')
  await mongoose.connection.dropDatabase()
  await syncAllIndexes()
  const [u] = await makeUnits(1, 'p')
  const n = Number(process.argv[3] ?? 10000)
  let t = Date.now()
  await makeInstruments(u!.org._id, n, 'P')
  console.log('insert', n, Date.now() - t, 'ms')
  const time = async (label: string, fn: () => Promise<unknown>) => { const s = performance.now(); await fn(); console.log(label, (performance.now() - s).toFixed(1), 'ms') }
  const orgId = u!.org._id
  await time('find orgId limit 10', () => Instrument.find({ orgId }).limit(10).lean())
  await time('find orgId sort updatedAt limit 10', () => Instrument.find({ orgId }).sort({ updatedAt: -1, _id: -1 }).limit(10).lean())
  await time('count orgId', () => Instrument.countDocuments({ orgId }))
  await time('estimated count', () => Instrument.estimatedDocumentCount())
  await time('find status', () => Instrument.find({ orgId, status: 'in_use' }).sort({ updatedAt: -1 }).skip(10).limit(10).lean())
  await time('count status', () => Instrument.countDocuments({ orgId, status: 'in_use' }))
  const one = await Instrument.findOne({}).lean()
  await time('findById', () => Instrument.findById(one!._id).lean())
  await time('updateOne _id', () => Instrument.updateOne({ _id: one!._id }, { $set: { name: 'x' } }))
  await time('updateOne _id+version', () => Instrument.updateOne({ _id: one!._id, version: 0 }, { $set: { name: 'y' } }))
  await mongoose.disconnect()
  await db.stop()
}
main()
