import '../models'
import { syncAllIndexes } from '../db/connect'
import { runCommand } from './command'

void runCommand(async ({ out }) => {
  const collections = await syncAllIndexes()
  out(`Indexes in place for ${collections.length} collections:`)
  for (const name of collections) out(`  ${name}`)
})
