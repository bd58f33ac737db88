import pino, { type Logger } from 'pino'
import { EnvError, loadEnv, type Env } from '@qjt/config'
import { AppError } from '../core/errors'
import { createLogger } from '../core/logger'
import { connectDatabase, disconnectDatabase } from '../db/connect'
import type { DatabaseHandle } from '../db/embedded'
import { openDatabaseForCommand } from '../db/runtime'

/** A mistake in how a command was called: answered with its usage, exit code 2. */
export class UsageError extends Error {}

export interface CommandContext {
  config: Env
  log: Logger
  /** One line of the command's result, on stdout (logs go to stderr). */
  out: (line: string) => void
  /** The embedded database's files, when the command runs on it. */
  sqliteDir?: string
}

/** Lines that say what went wrong, without a stack trace for expected failures. */
export function describeError(err: unknown): string[] {
  if (err instanceof AppError) {
    const details = (err.details ?? []).map((d) => `  - ${d.message}`)
    return details.length > 1 ? [`Error (${err.code}):`, ...details] : [`Error (${err.code}): ${err.message}`]
  }
  if (err instanceof EnvError || err instanceof UsageError) return [err.message]
  return [`Error: ${err instanceof Error ? err.message : String(err)}`]
}

/**
 * Runs a one-off command: configuration, a logger on stderr, the database (shared with a
 * running server when there is one), the job, then everything closed again. Exits 1 on failure
 * (2 for a usage mistake) with a message fit for the terminal.
 */
export async function runCommand(job: (ctx: CommandContext) => Promise<void>, opts: { database?: boolean } = {}): Promise<never> {
  let db: DatabaseHandle | undefined
  let code = 0
  try {
    const config = loadEnv()
    const log = createLogger('info', pino.destination({ dest: 2, sync: true }))
    const out = (line: string) => process.stdout.write(`${line}\n`)
    if (opts.database !== false) {
      db = await openDatabaseForCommand(config, log)
      await connectDatabase(db.uri, config.mongodbDb)
    }
    await job({ config, log, out, sqliteDir: db?.sqliteDir })
  } catch (err) {
    code = err instanceof UsageError ? 2 : 1
    for (const line of describeError(err)) process.stderr.write(`${line}\n`)
  } finally {
    await disconnectDatabase().catch(() => undefined)
    await db?.stop().catch(() => undefined)
  }
  process.exit(code)
}
