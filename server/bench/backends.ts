import { execFileSync, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import pino from 'pino'
import { buildFerretdb, ferretdbBinaryPath, freePort, startFerretdb, type DatabaseHandle } from '../src/db/embedded'

export type Backend = 'sqlite' | 'postgresql' | 'uri'

/**
 * A fresh database for a benchmark: the embedded default (FerretDB on SQLite), FerretDB on a
 * throwaway PostgreSQL cluster (Debian's PostgreSQL), or whatever MONGODB_URI names.
 */
export async function benchDatabase(backend: Backend): Promise<DatabaseHandle & { label: string }> {
  const log = pino({ level: 'warn' })
  if (backend === 'uri') {
    const uri = process.env.MONGODB_URI
    if (!uri) throw new Error('--backend=uri needs MONGODB_URI')
    return { uri, kind: 'external', label: 'MONGODB_URI', stop: async () => {} }
  }
  const binary = await buildFerretdb(log, ferretdbBinaryPath())
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `qjt-bench-${backend}-`))
  if (backend === 'sqlite') {
    const db = await startFerretdb(binary, dir)
    return {
      ...db,
      label: 'FerretDB 1.24.2 + SQLite',
      stop: async () => {
        await db.stop()
        fs.rmSync(dir, { recursive: true, force: true })
      },
    }
  }
  const pg = await startPostgres(dir)
  const db = await startFerretdb(binary, path.join(dir, 'ferretdb'), { postgresqlUrl: pg.url })
  return {
    ...db,
    label: `FerretDB 1.24.2 + PostgreSQL ${pg.version}`,
    stop: async () => {
      await db.stop()
      pg.stop()
      fs.rmSync(dir, { recursive: true, force: true })
    },
  }
}

function pgBin(name: string): string {
  const base = '/usr/lib/postgresql'
  const versions = fs.existsSync(base) ? fs.readdirSync(base).sort() : []
  const found = versions.map((v) => path.join(base, v, 'bin', name)).reverse().find((p) => fs.existsSync(p))
  if (!found) throw new Error(`PostgreSQL's ${name} not found: apt-get install -y postgresql`)
  return found
}

/** A PostgreSQL cluster of its own in `dir`, trusting local connections, stopped with the bench. */
async function startPostgres(dir: string) {
  const data = path.join(dir, 'pg')
  fs.mkdirSync(data, { recursive: true })
  // PostgreSQL refuses to run as root; the Debian package's postgres user runs it.
  const asPostgres = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : []
  if (asPostgres.length) execFileSync('chown', ['-R', 'postgres:postgres', dir])
  const run = (cmd: string, args: string[]) => {
    const [bin, ...rest] = [...asPostgres, cmd, ...args]
    const r = spawnSync(bin!, rest, { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`)
    return r.stdout
  }
  run(pgBin('initdb'), ['-D', data, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-locale'])
  const port = await freePort()
  run(pgBin('pg_ctl'), ['-D', data, '-l', path.join(data, 'log'), '-w', '-o', `-p ${port} -k ${data} -c listen_addresses=127.0.0.1 -c fsync=on`, 'start'])
  run(pgBin('createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'ferretdb'])
  // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)" → "15.18"
  const version = /\d+(\.\d+)+/.exec(run(pgBin('postgres'), ['--version']))?.[0] ?? ''
  return {
    url: `postgres://postgres@127.0.0.1:${port}/ferretdb`,
    version,
    stop: () => run(pgBin('pg_ctl'), ['-D', data, '-m', 'fast', 'stop']),
  }
}

export function argValue(name: string, fallback: string): string {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`))
  return hit ? hit.slice(name.length + 3) : fallback
}

/** p50/p95/p99 of durations in ms. */
export function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b)
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99) }
}

export const fmt = (ms: number) => (Number.isFinite(ms) ? `${ms.toFixed(1)} ms` : '—')
