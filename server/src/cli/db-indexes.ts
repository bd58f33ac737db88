import '../models'
import { syncAllIndexes } from '../db/connect'
import { runCommand } from './command'

void runCommand(async ({ out, sqliteDir }) => {
  const collections = await syncAllIndexes(sqliteDir)
  out(`Indexes in place for ${collections.length} collections:`)
  for (const name of collections) out(`  ${name}`)
})
