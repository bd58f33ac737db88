import fs from 'node:fs'
import net from 'node:net'
import path from 'node:path'
import type { Logger } from 'pino'
import type { Env } from '@qjt/config'
import { startDatabase, type DatabaseHandle } from './embedded'

/** Where a running server says which embedded database it started, so commands can share it. */
const runtimeFile = (dataDir: string) => path.join(dataDir, 'database.json')

export function recordRuntimeDatabase(dataDir: string, handle: DatabaseHandle) {
  fs.mkdirSync(dataDir, { recursive: true })
  fs.writeFileSync(runtimeFile(dataDir), JSON.stringify({ uri: handle.uri, kind: handle.kind, sqliteDir: handle.sqliteDir, pid: process.pid }))
}

export function clearRuntimeDatabase(dataDir: string) {
  try {
    const current = JSON.parse(fs.readFileSync(runtimeFile(dataDir), 'utf8')) as { pid: number }
    if (current.pid === process.pid) fs.rmSync(runtimeFile(dataDir))
  } catch {
    /* nothing recorded */
  }
}

function alive(pid: number) {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

const answers = (uri: string) =>
  new Promise<boolean>((resolve) => {
    const { hostname, port } = new URL(uri)
    const socket = net.connect(Number(port), hostname)
    socket.once('connect', () => {
      socket.destroy()
      resolve(true)
    })
    socket.once('error', () => resolve(false))
  })

/**
 * The database for a one-off command (`seed`, `admin`, `db:indexes`): MONGODB_URI when set; the
 * embedded database of a server already running on this DATA_DIR; or an embedded one of its own
 * (the same files, so what the command writes is there when the server starts).
 */
export async function openDatabaseForCommand(config: Env, log: Logger): Promise<DatabaseHandle> {
  if (!config.mongodbUri) {
    try {
      const running = JSON.parse(fs.readFileSync(runtimeFile(config.dataDir), 'utf8')) as { uri: string; pid: number; sqliteDir?: string }
      if (alive(running.pid) && (await answers(running.uri))) {
        log.info(`Using the database of the running server (pid ${running.pid})`)
        return { uri: running.uri, kind: 'ferretdb', sqliteDir: running.sqliteDir, stop: async () => {} }
      }
    } catch {
      /* no server running */
    }
  }
  return startDatabase({ uri: config.mongodbUri, dataDir: config.dataDir, log })
}
