// Many tests race dozens of requests against one database; under a loaded machine 5 s is too tight.
jest.setTimeout(30_000)

import { createHash } from 'node:crypto'
import path from 'node:path'
import mongoose from 'mongoose'
import { connectDatabase, syncAllIndexes } from '../../src/db/connect'

/**
 * Each test file gets its own database, named after the file, dropped before and after.
 * Models are registered by the modules the test imports; their indexes are built here.
 */
const testPath = expect.getState().testPath ?? 'unknown'
const dbName = `t_${path.basename(testPath).replace(/\W+/g, '_').slice(0, 30)}_${createHash('sha1').update(testPath).digest('hex').slice(0, 8)}`

beforeAll(async () => {
  const uri = process.env.QJT_TEST_MONGODB_URI
  if (!uri) throw new Error('QJT_TEST_MONGODB_URI is not set: the jest global setup did not start a database')
  await connectDatabase(uri, dbName)
  await mongoose.connection.dropDatabase()
  // Tests run on the embedded database as it is set up for development.
  await syncAllIndexes(process.env.QJT_TEST_SQLITE_DIR)
})

afterAll(async () => {
  if (mongoose.connection.readyState === 1) {
    await mongoose.connection.dropDatabase()
    await mongoose.disconnect()
  }
})
