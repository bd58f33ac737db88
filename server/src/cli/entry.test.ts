import { execFile } from 'node:child_process'
import path from 'node:path'
import mongoose from 'mongoose'

/**
 * The commands as an operator runs them: a separate process against the test database server,
 * each in a database of its own.
 */
jest.setTimeout(60_000)

const serverDir = path.resolve(__dirname, '../..')
const tsx = path.resolve(serverDir, '../node_modules/.bin/tsx')
const dbName = `cli_entry_${process.pid}`

interface Run {
  code: number
  stdout: string
  stderr: string
}

function run(script: string, args: string[] = [], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      tsx,
      [path.join('src/cli', script), ...args],
      {
        cwd: serverDir,
        env: { ...process.env, NODE_ENV: 'development', MONGODB_URI: process.env.QJT_TEST_MONGODB_URI, MONGODB_DB: dbName, ...env },
        timeout: 50_000,
      },
      (err, stdout, stderr) => resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    )
  })
}

// A driver client of its own: the per-file setup closes every mongoose connection before this
// file's afterAll runs.
const client = new mongoose.mongo.MongoClient(process.env.QJT_TEST_MONGODB_URI!)
const db = () => client.db(dbName)

beforeAll(async () => {
  await client.connect()
  await db().dropDatabase()
})

afterAll(async () => {
  await db().dropDatabase()
  await client.close()
})

it('db:indexes builds the indexes of every collection and lists them', async () => {
  const r = await run('db-indexes.ts')
  expect(r.code).toBe(0)
  for (const name of ['users', 'organizations', 'invitations', 'catalogueitems', 'cataloguemetas', 'authorizations', 'faqs']) {
    expect(r.stdout).toContain(`  ${name}\n`)
  }
  const indexes = await db().collection('authorizations').indexes()
  expect(indexes.map((i) => i.key)).toEqual(expect.arrayContaining([{ institutionId: 1, regionCode: 1 }, { regionCode: 1, level2Codes: 1 }]))
})

it('seed fills an empty database, and a second run changes nothing', async () => {
  const first = await run('seed.ts')
  expect(first.code).toBe(0)
  expect(first.stdout).toContain('catalogue: items 23, kinds 23, created 23')
  expect(first.stdout).toContain('user demo-inst: created')
  expect(await db().collection('users').countDocuments()).toBe(6)
  const second = await run('seed.ts')
  expect(second.code).toBe(0)
  expect(second.stdout).toContain('unchanged 23')
  expect(second.stdout).not.toMatch(/: created$/m)
  expect(await db().collection('users').countDocuments()).toBe(6)
  expect(await db().collection('catalogueitems').countDocuments()).toBe(23)
})

it('admin prints what changed, and fails with a clear message and a non-zero code', async () => {
  const ok = await run('admin.ts', ['grant-role', '--openid', 'cli-staff', '--org', 'ALSM', '--role', 'inst_verifier'])
  expect(ok).toMatchObject({ code: 0, stdout: expect.stringMatching(/^user cli-staff in 阿拉善盟检验检测中心: created; roles now inst_verifier/) })

  const refused = await run('admin.ts', ['grant-role', '--openid', 'cli-staff', '--org', 'ALSM', '--role', 'unit_admin'])
  expect(refused.code).toBe(1)
  expect(refused.stderr).toContain('Error (VALIDATION_FAILED): 计量技术机构不能有“单位管理员”角色')
  expect(refused.stderr).not.toMatch(/\bat .*\.ts:\d+/)

  const usage = await run('admin.ts', ['grant-role', '--openid', 'x'])
  expect(usage.code).toBe(2)
  expect(usage.stderr).toContain('Missing --org, --role')

  const help = await run('admin.ts', ['help'], { MONGODB_URI: 'mongodb://127.0.0.1:1/' })
  expect(help).toMatchObject({ code: 0, stdout: expect.stringContaining('Usage: npm run admin') })
})

it('stops with the configuration problem when the environment is wrong', async () => {
  const r = await run('seed.ts', [], { MONGODB_DB: 'bad name!' })
  expect(r.code).toBe(1)
  expect(r.stderr).toContain('Invalid configuration')
  expect(r.stderr).toContain('MONGODB_DB')
})
