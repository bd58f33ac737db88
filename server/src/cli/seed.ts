import '../models'
import { syncAllIndexes } from '../db/connect'
import { describeSeedReport, seedAll } from '../seed'
import { runCommand } from './command'

void runCommand(async ({ log, out, sqliteDir }) => {
  await syncAllIndexes(sqliteDir)
  const report = await seedAll({ log })
  for (const line of describeSeedReport(report)) out(line)
})
