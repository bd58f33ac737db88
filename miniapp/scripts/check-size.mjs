#!/usr/bin/env node
// Checks the WeChat package limits on the weapp build: main package < 2 MB, each subpackage < 2 MB,
// everything < 20 MB. Run from the repository root after `npm run build:weapp`.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'

const MB = 1024 * 1024
const LIMITS = { main: 2 * MB, subpackage: 2 * MB, total: 20 * MB }

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist', 'weapp')
const appJsonPath = join(root, 'app.json')

if (!existsSync(root) || !existsSync(appJsonPath)) {
  console.error(`没有找到小程序构建产物 ${root}（或其中的 app.json），请先运行 npm run build:weapp`)
  process.exit(1)
}

/** Every file under `dir`, as paths relative to the build root with `/` separators. */
function listFiles(dir) {
  const out = []
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) out.push(...listFiles(full))
    else if (entry.isFile()) out.push({ path: relative(root, full).split(sep).join('/'), size: statSync(full).size })
  }
  return out
}

const appJson = JSON.parse(readFileSync(appJsonPath, 'utf8'))
const subRoots = [...(appJson.subPackages ?? appJson.subpackages ?? [])]
  .map((p) => String(p.root ?? '').replace(/^\/+|\/+$/g, ''))
  .filter(Boolean)

const sizes = { main: 0, total: 0, subpackages: Object.fromEntries(subRoots.map((r) => [r, 0])) }
for (const file of listFiles(root)) {
  sizes.total += file.size
  const owner = subRoots.find((r) => file.path === r || file.path.startsWith(`${r}/`))
  if (owner) sizes.subpackages[owner] += file.size
  else sizes.main += file.size
}

const kb = (n) => `${(n / 1024).toFixed(1)} KB`
const problems = []
const row = (label, size, limit) => {
  const ok = size < limit
  if (!ok) problems.push(`${label} ${kb(size)} 超过上限 ${kb(limit)}`)
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${label.padEnd(24)} ${kb(size).padStart(12)}  (上限 ${kb(limit)})`)
}

console.log(`小程序包体积（${relative(process.cwd(), root) || root}）`)
row('主包', sizes.main, LIMITS.main)
for (const [name, size] of Object.entries(sizes.subpackages)) row(`分包 ${name}`, size, LIMITS.subpackage)
row('总计', sizes.total, LIMITS.total)

if (problems.length) {
  console.error(`\n体积检查未通过：\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  process.exit(1)
}
console.log('\n体积检查通过')
