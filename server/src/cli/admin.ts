import '../models'
import { syncAllIndexes } from '../db/connect'
import { runAdmin, wantsHelp } from './admin-commands'
import { runCommand } from './command'

const argv = process.argv.slice(2)

void runCommand(
  async ({ out }) => {
    // Unique indexes (openid, short code) must exist before accounts and institutions are written.
    if (!wantsHelp(argv)) await syncAllIndexes()
    await runAdmin(argv, out)
  },
  { database: !wantsHelp(argv) },
)
