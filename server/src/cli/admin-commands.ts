import fs from 'node:fs'
import path from 'node:path'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { ROLES } from '@qjt/shared'
import type { Clock } from '../core/clock'
import { ReferenceService } from '../modules/reference/service'
import { grantRole, upsertInstitution } from '../seed/provision'
import { UsageError } from './command'
import { parseCsv } from './csv'

export const ADMIN_USAGE = `Usage: npm run admin -- <command> [options]

Commands:
  create-institution --name <名称> --region <区县代码> --address <地址> --phone <电话>
                     --short-code <简称> [--authorization-no <计量授权证书号>]
      Creates a verification institution, or updates the one with this short code.
  grant-role --openid <openid> --org <单位编号|机构简称> --role <role> [--name <姓名>] [--move]
      Gives a person a role in an organization, creating the account if they never logged in.
      Roles: ${ROLES.join(', ')} (they must fit the organization's type).
      --move takes them out of another organization they belong to (they lose its roles).
  load-authorizations --file <rows.json|rows.csv>
      Replaces the authorization table of every institution named in the file.
      JSON: [{ "institution": "ALSM", "regionCode": "152921", "level2Codes": ["0101", "0401"] }]
      CSV:  institution,regionCode,level2Codes   (codes separated by ";" inside the cell)
      Every row is checked first; nothing is written if any row is wrong.
  load-catalogue --file <catalogue.json> [--allow-removal]
      Loads the 强制检定目录 in the format of server/src/seed/data/catalogue.json. Codes stay
      stable; dropping an existing 二级目录 is refused unless --allow-removal.
  help
      This text.

File paths are relative to the folder the command was started from.`

type Out = (line: string) => void
type Options = NonNullable<ParseArgsConfig['options']>

export interface AdminOptions {
  /** Folder that relative file paths start from (npm runs workspace scripts elsewhere). */
  cwd?: string
  clock?: Clock
}

function parse<O extends Options>(args: string[], options: O, required: (keyof O & string)[]) {
  let values: Record<string, string | boolean | undefined>
  try {
    values = parseArgs({ args, options, strict: true, allowPositionals: false }).values as typeof values
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${ADMIN_USAGE}`)
  }
  const missing = required.filter((k) => values[k] === undefined || values[k] === '')
  if (missing.length > 0) throw new UsageError(`Missing ${missing.map((k) => `--${k}`).join(', ')}\n\n${ADMIN_USAGE}`)
  return values
}

const str = (v: string | boolean | undefined) => (typeof v === 'string' ? v : undefined)

function readInput(file: string, cwd: string): { text: string; ext: string; full: string } {
  const full = path.resolve(cwd, file)
  if (!fs.existsSync(full)) throw new UsageError(`File not found: ${full}`)
  return { text: fs.readFileSync(full, 'utf8'), ext: path.extname(full).toLowerCase(), full }
}

function parseJson(text: string, full: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''))
  } catch (err) {
    throw new UsageError(`${full} is not valid JSON: ${(err as Error).message}`)
  }
}

const HEADERS: Record<string, 'institution' | 'regionCode' | 'level2Codes'> = {
  institution: 'institution',
  shortcode: 'institution',
  机构: 'institution',
  机构简称: 'institution',
  regioncode: 'regionCode',
  行政区划: 'regionCode',
  行政区划代码: 'regionCode',
  level2codes: 'level2Codes',
  二级目录: 'level2Codes',
  二级目录代码: 'level2Codes',
}

/** Authorization rows from a CSV file with a header line. */
export function authorizationRowsFromCsv(text: string): unknown[] {
  const [header, ...lines] = parseCsv(text)
  if (!header) throw new UsageError('The CSV file is empty')
  const columns = header.map((h) => HEADERS[h.trim().toLowerCase()] ?? HEADERS[h.trim()])
  for (const needed of ['institution', 'regionCode', 'level2Codes'] as const) {
    if (!columns.includes(needed)) throw new UsageError(`The CSV header needs the columns institution, regionCode, level2Codes (missing ${needed})`)
  }
  return lines.map((cells) => {
    const row: Record<string, unknown> = {}
    columns.forEach((col, i) => {
      if (!col) return
      const cell = (cells[i] ?? '').trim()
      row[col] = col === 'level2Codes' ? cell.split(/[;；|、\s]+/).filter(Boolean) : cell
    })
    return row
  })
}

const list = (codes: string[]) => (codes.length > 0 ? codes.join(', ') : '-')

/** Runs one administrator command on the connected database, writing what changed to `out`. */
export async function runAdmin(argv: string[], out: Out, opts: AdminOptions = {}): Promise<void> {
  const args = argv[0] === '--' ? argv.slice(1) : argv
  const [command, ...rest] = args
  const cwd = opts.cwd ?? process.env.INIT_CWD ?? process.cwd()
  switch (command) {
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      out(ADMIN_USAGE)
      return

    case 'create-institution': {
      const v = parse(
        rest,
        {
          name: { type: 'string' },
          region: { type: 'string' },
          address: { type: 'string' },
          phone: { type: 'string' },
          'short-code': { type: 'string' },
          'authorization-no': { type: 'string' },
        },
        ['name', 'region', 'address', 'phone', 'short-code'],
      )
      const { org, change } = await upsertInstitution({
        name: str(v.name)!,
        regionCode: str(v.region)!,
        address: str(v.address)!,
        phone: str(v.phone)!,
        shortCode: str(v['short-code'])!,
        authorizationNo: str(v['authorization-no']),
      })
      out(`institution ${org.name} (${org.shortCode}): ${change}, id ${String(org._id)}`)
      return
    }

    case 'grant-role': {
      const v = parse(
        rest,
        { openid: { type: 'string' }, org: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' }, move: { type: 'boolean' } },
        ['openid', 'org', 'role'],
      )
      const r = await grantRole({
        openid: str(v.openid)!,
        org: str(v.org)!,
        role: str(v.role)!,
        name: str(v.name),
        move: v.move === true,
        clock: opts.clock,
      })
      out(`user ${r.openid} in ${r.orgName}: ${r.change}; roles now ${r.roles.join(', ')} (user id ${r.userId})`)
      return
    }

    case 'load-authorizations': {
      const v = parse(rest, { file: { type: 'string' } }, ['file'])
      const { text, ext, full } = readInput(str(v.file)!, cwd)
      const csv = ext === '.csv'
      const json = csv ? null : parseJson(text, full)
      const rows = csv ? authorizationRowsFromCsv(text) : json && typeof json === 'object' && 'rows' in json ? json.rows : json
      const r = await new ReferenceService().loadAuthorizations(rows, { firstRowNumber: csv ? 2 : 1 })
      out(`authorizations of ${list(r.institutions)}: ${r.rows} rows read; created ${r.created}, updated ${r.updated}, unchanged ${r.unchanged}, removed ${r.removed}`)
      return
    }

    case 'load-catalogue': {
      const v = parse(rest, { file: { type: 'string' }, 'allow-removal': { type: 'boolean' } }, ['file'])
      const { text, full } = readInput(str(v.file)!, cwd)
      const r = await new ReferenceService().loadCatalogue(parseJson(text, full), {
        origin: 'import',
        allowRemovingKinds: v['allow-removal'] === true,
      })
      out(`catalogue: ${r.items} items, ${r.kinds} kinds`)
      out(`  created: ${list(r.created)}`)
      out(`  updated: ${list(r.updated)}`)
      out(`  unchanged: ${list(r.unchanged)}`)
      if (r.removedKinds.length > 0) out(`  removed kinds: ${list(r.removedKinds)}`)
      if (r.notInFile.length > 0) out(`  stored but not in the file (left as they are): ${list(r.notInFile)}`)
      return
    }

    default:
      throw new UsageError(`Unknown command: ${command}\n\n${ADMIN_USAGE}`)
  }
}

/** Whether the arguments only ask for help (no database needed). */
export const wantsHelp = (argv: string[]) => {
  const first = argv[0] === '--' ? argv[1] : argv[0]
  return first === undefined || first === 'help' || first === '--help' || first === '-h'
}
