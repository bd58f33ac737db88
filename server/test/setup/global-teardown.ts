import fs from 'node:fs'

export default async function globalTeardown() {
  await globalThis.__QJT_DB__?.stop()
  if (globalThis.__QJT_DB_DIR__) fs.rmSync(globalThis.__QJT_DB_DIR__, { recursive: true, force: true })
  globalThis.__QJT_DB__ = undefined
}
