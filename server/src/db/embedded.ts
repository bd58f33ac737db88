import { spawn, execFile, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type { Logger } from 'pino'

const run = promisify(execFile)

export const FERRETDB_VERSION = 'v1.24.2'
const FERRETDB_MODULE = 'github.com/FerretDB/FerretDB'

export type DatabaseKind = 'external' | 'ferretdb' | 'mongodb-memory-server'

export interface DatabaseHandle {
  uri: string
  kind: DatabaseKind
  /** FerretDB with SQLite: the folder of its database files. */
  sqliteDir?: string
  stop(): Promise<void>
}

/** Per-user cache shared by every clone on the machine: FerretDB is built once. */
export function ferretdbBinaryPath(): string {
  if (process.env.FERRETDB_BIN) return process.env.FERRETDB_BIN
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache')
  return path.join(cacheHome, 'qiangjiantong', `ferretdb-${FERRETDB_VERSION}`, 'ferretdb')
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function goAvailable(): Promise<boolean> {
  try {
    await run('go', ['version'])
    return true
  } catch {
    return false
  }
}

/**
 * Builds FerretDB from its Go module into the cache. `go install …@v1.24.2` alone gives a binary
 * that panics at start (the module zip lacks build/version/version.txt), so the module source is
 * copied, the version file written, and the command built from there.
 */
export async function buildFerretdb(log: Pick<Logger, 'info'>, target = ferretdbBinaryPath()): Promise<string> {
  if (fs.existsSync(target)) return target
  fs.mkdirSync(path.dirname(target), { recursive: true })
  const lock = `${target}.lock`
  // Another process (a parallel test run, a second clone) may be building: wait for it.
  for (let waited = 0; ; waited += 1000) {
    try {
      fs.mkdirSync(lock)
      break
    } catch {
      if (fs.existsSync(target)) return target
      const age = Date.now() - fs.statSync(lock, { throwIfNoEntry: false })!.mtimeMs
      if (age > 15 * 60_000) fs.rmSync(lock, { recursive: true, force: true })
      else if (waited > 15 * 60_000) throw new Error(`Timed out waiting for another FerretDB build (${lock})`)
      await sleep(1000)
    }
  }
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ferretdb-build-'))
  try {
    log.info(`Building FerretDB ${FERRETDB_VERSION} with Go (once per machine, a few minutes)…`)
    const env = { ...process.env, GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' }
    const { stdout } = await run('go', ['mod', 'download', '-json', `${FERRETDB_MODULE}@${FERRETDB_VERSION}`], {
      env,
      cwd: work,
      maxBuffer: 16 << 20,
    })
    const { Dir } = JSON.parse(stdout) as { Dir: string }
    const src = path.join(work, 'src')
    fs.cpSync(Dir, src, { recursive: true })
    fs.chmodSync(src, 0o755)
    const versionDir = path.join(src, 'build', 'version')
    fs.chmodSync(versionDir, 0o755)
    fs.writeFileSync(path.join(versionDir, 'version.txt'), `${FERRETDB_VERSION}\n`)
    const tmpTarget = `${target}.tmp-${process.pid}`
    await run('go', ['build', '-trimpath', '-o', tmpTarget, './cmd/ferretdb'], { env, cwd: src, maxBuffer: 16 << 20 })
    fs.renameSync(tmpTarget, target)
    log.info(`FerretDB built: ${target}`)
    return target
  } finally {
    fs.rmSync(work, { recursive: true, force: true })
    fs.rmSync(lock, { recursive: true, force: true })
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

async function waitForPort(port: number, child: ChildProcess, output: () => string, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`FerretDB exited (${child.exitCode}):\n${output()}`)
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1')
      socket.once('connect', () => {
        socket.destroy()
        resolve(true)
      })
      socket.once('error', () => resolve(false))
    })
    if (ok) return
    await sleep(100)
  }
  throw new Error(`FerretDB did not listen on port ${port} within ${timeoutMs} ms:\n${output()}`)
}

/**
 * Starts FerretDB on a free loopback port: with its SQLite backend (files in `dir`), or in front of
 * a PostgreSQL database when `postgresqlUrl` is given (its state files still in `dir`).
 */
export async function startFerretdb(binary: string, dir: string, opts: { postgresqlUrl?: string } = {}): Promise<DatabaseHandle> {
  fs.mkdirSync(dir, { recursive: true })
  const port = await freePort()
  const backend = opts.postgresqlUrl
    ? ['--handler=postgresql', `--postgresql-url=${opts.postgresqlUrl}`]
    : ['--handler=sqlite', `--sqlite-url=file:${dir}/`]
  const child = spawn(
    binary,
    [
      ...backend,
      `--listen-addr=127.0.0.1:${port}`,
      `--state-dir=${dir}`,
      '--debug-addr=-',
      '--telemetry=disable',
      '--log-level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  let output = ''
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000)
  }
  child.stdout?.on('data', keep)
  child.stderr?.on('data', keep)
  const killOnExit = () => child.kill('SIGKILL')
  process.once('exit', killOnExit)
  await waitForPort(port, child, () => output)
  return {
    uri: `mongodb://127.0.0.1:${port}/`,
    kind: 'ferretdb',
    ...(opts.postgresqlUrl ? {} : { sqliteDir: dir }),
    async stop() {
      process.removeListener('exit', killOnExit)
      if (child.exitCode !== null) return
      const exited = new Promise((r) => child.once('exit', r))
      child.kill('SIGTERM')
      let timer: NodeJS.Timeout | undefined
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))])
      clearTimeout(timer)
      if (child.exitCode === null) child.kill('SIGKILL')
    },
  }
}

async function startMemoryServer(dir: string): Promise<DatabaseHandle> {
  const { MongoMemoryServer } = await import('mongodb-memory-server')
  fs.mkdirSync(dir, { recursive: true })
  const server = await MongoMemoryServer.create({ instance: { dbPath: dir, storageEngine: 'wiredTiger' } })
  return { uri: server.getUri(), kind: 'mongodb-memory-server', stop: async () => void (await server.stop()) }
}

export const NO_DATABASE_HELP = [
  'No database could be started.',
  '  • Point MONGODB_URI at a MongoDB 6+ server (or FerretDB), e.g. MONGODB_URI=mongodb://127.0.0.1:27017/',
  `  • or install Go ≥ 1.24 (https://go.dev/dl/) so FerretDB ${FERRETDB_VERSION} can be built into ${path.dirname(ferretdbBinaryPath())}`,
  '  • or allow mongodb-memory-server to download MongoDB (needs internet access).',
].join('\n')

/**
 * The database for this process: MONGODB_URI when set; otherwise FerretDB (SQLite backend) built
 * from Go; otherwise mongodb-memory-server. Says which one started, or how to get one.
 */
export async function startDatabase(opts: { uri?: string; dataDir: string; log: Logger }): Promise<DatabaseHandle> {
  const { log } = opts
  if (opts.uri) {
    log.info({ db: 'external' }, 'Using the database at MONGODB_URI')
    return { uri: opts.uri, kind: 'external', stop: async () => {} }
  }
  const problems: string[] = []
  const binary = ferretdbBinaryPath()
  if (fs.existsSync(binary) || (await goAvailable())) {
    try {
      await buildFerretdb(log, binary)
      const handle = await startFerretdb(binary, path.join(opts.dataDir, 'ferretdb'))
      log.info({ db: 'ferretdb', version: FERRETDB_VERSION, uri: handle.uri }, `Started FerretDB ${FERRETDB_VERSION} (SQLite) in ${opts.dataDir}`)
      return handle
    } catch (err) {
      problems.push(`FerretDB: ${(err as Error).message}`)
    }
  } else {
    problems.push('FerretDB: Go is not installed and no built FerretDB is cached')
  }
  try {
    const handle = await startMemoryServer(path.join(opts.dataDir, 'mongodb'))
    log.info({ db: 'mongodb-memory-server', uri: handle.uri }, 'Started MongoDB with mongodb-memory-server')
    return handle
  } catch (err) {
    problems.push(`mongodb-memory-server: ${(err as Error).message}`)
  }
  throw new Error(`${NO_DATABASE_HELP}\nWhat was tried:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
}
