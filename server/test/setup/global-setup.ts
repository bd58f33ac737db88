import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pino from 'pino'
import { startDatabase, type DatabaseHandle } from '../../src/db/embedded'

declare global {
  var __QJT_DB__: DatabaseHandle | undefined
  var __QJT_DB_DIR__: string | undefined
}

/** One database server per jest run; every test file then works in a database of its own. */
export default async function globalSetup() {
  if (process.env.QJT_TEST_MONGODB_URI) return
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qjt-test-db-'))
  const log = pino({ level: process.env.CI ? 'info' : 'warn' })
  const handle = await startDatabase({ uri: process.env.MONGODB_URI, dataDir: dir, log })
  globalThis.__QJT_DB__ = handle
  globalThis.__QJT_DB_DIR__ = dir
  process.env.QJT_TEST_MONGODB_URI = handle.uri
  if (handle.sqliteDir) process.env.QJT_TEST_SQLITE_DIR = handle.sqliteDir
}
