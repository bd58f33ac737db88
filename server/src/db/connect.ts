import mongoose from 'mongoose'
import { addIdLookupIndexes } from './sqlite-ids'

/**
 * Connects the process-wide mongoose connection. Indexes are built by `npm run db:indexes`
 * (and by development start and tests), never implicitly on boot.
 */
export async function connectDatabase(uri: string, dbName: string): Promise<typeof mongoose> {
  mongoose.set('autoIndex', false)
  mongoose.set('autoCreate', false)
  mongoose.set('strictQuery', true)
  return mongoose.connect(uri, { dbName, serverSelectionTimeoutMS: 10_000, maxPoolSize: 20 })
}

export async function disconnectDatabase(): Promise<void> {
  await mongoose.disconnect()
}

/**
 * Creates every declared index of every registered model, and on the embedded FerretDB
 * (`sqliteDir`) the id-lookup indexes it lacks. Safe to re-run.
 */
export async function syncAllIndexes(sqliteDir?: string): Promise<string[]> {
  const names: string[] = []
  for (const model of Object.values(mongoose.models)) {
    await model.createCollection().catch(() => undefined)
    await model.createIndexes()
    names.push(model.collection.collectionName)
  }
  if (sqliteDir) {
    const added = addIdLookupIndexes(sqliteDir, [mongoose.connection.name])
    if (added.skipped) console.warn(`Lookups by id will read whole tables: ${added.skipped}`)
  }
  return names
}

/** Whether the database answers, for `/readyz`. */
export async function pingDatabase(): Promise<boolean> {
  const db = mongoose.connection.db
  if (!db || mongoose.connection.readyState !== 1) return false
  try {
    await db.admin().command({ ping: 1 })
    return true
  } catch {
    return false
  }
}
