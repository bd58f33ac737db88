import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import '../models'
import { AppError } from '../core/errors'
import { User } from '../modules/auth/user.model'
import { Organization } from '../modules/organizations/model'
import { Authorization } from '../modules/reference/authorization.model'
import { CatalogueItem } from '../modules/reference/catalogue.model'
import { ReferenceService } from '../modules/reference/service'
import shipped from '../seed/data/catalogue.json'
import { ADMIN_USAGE, authorizationRowsFromCsv, runAdmin } from './admin-commands'
import { UsageError, describeError } from './command'
import { parseCsv } from './csv'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qjt-admin-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

const clock = () => new Date('2025-05-01T09:00:00+08:00')

/** Runs an admin command and returns what it printed. */
async function admin(...argv: string[]): Promise<string[]> {
  const lines: string[] = []
  await runAdmin(argv, (l) => lines.push(l), { cwd: dir, clock })
  return lines
}

async function fails(...argv: string[]): Promise<Error> {
  const err = await admin(...argv).then(
    () => null,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(Error)
  return err as Error
}

const institutionArgs = (overrides: Record<string, string> = {}) =>
  Object.entries({
    name: '阿拉善右旗检验检测所',
    region: '152922',
    address: '阿拉善右旗额肯呼都格镇',
    phone: '0483-6020000',
    'short-code': 'alsy',
    ...overrides,
  }).flatMap(([k, v]) => [`--${k}`, v])

beforeAll(async () => {
  await new ReferenceService().loadCatalogue(shipped, { origin: 'seed' })
})

describe('help and usage', () => {
  it('prints the usage for help or no command', async () => {
    expect(await admin('help')).toEqual([ADMIN_USAGE])
    expect(await admin()).toEqual([ADMIN_USAGE])
    expect(ADMIN_USAGE).toMatch(/create-institution[\s\S]*grant-role[\s\S]*load-authorizations[\s\S]*load-catalogue/)
  })

  it('refuses unknown commands, unknown options and missing options', async () => {
    expect(await fails('frobnicate')).toBeInstanceOf(UsageError)
    expect((await fails('grant-role', '--openid', 'x', '--org', 'ALSY', '--role', 'inst_verifier', '--bogus')).message).toMatch(/bogus/)
    expect((await fails('create-institution', '--name', '某机构')).message).toMatch(/Missing --region, --address, --phone, --short-code/)
  })
})

describe('create-institution', () => {
  it('creates the institution once, then reports it unchanged or updates it', async () => {
    const [created] = await admin('create-institution', ...institutionArgs())
    expect(created).toMatch(/^institution 阿拉善右旗检验检测所 \(ALSY\): created, id [0-9a-f]{24}$/)
    expect(await admin('create-institution', ...institutionArgs())).toEqual([expect.stringContaining('unchanged')])
    expect(await admin('create-institution', ...institutionArgs({ phone: '0483-6029999', 'authorization-no': '(蒙)法计(2024)00001号' }))).toEqual([
      expect.stringContaining('updated'),
    ])
    const orgs = await Organization.find({ shortCode: 'ALSY' }).lean()
    expect(orgs).toHaveLength(1)
    expect(orgs[0]).toMatchObject({ type: 'institution', regionCode: '152922', phone: '0483-6029999', authorizationNo: '(蒙)法计(2024)00001号', version: 1 })
  })

  it('checks the values and refuses a second institution under a taken name', async () => {
    const err = await fails('create-institution', ...institutionArgs({ region: '152900', 'short-code': 'A-1', phone: 'call me' }))
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).details!.map((d) => d.path)).toEqual(['regionCode', 'phone', 'shortCode'])
    expect((await fails('create-institution', ...institutionArgs({ 'short-code': 'OTHER' }))).message).toMatch(/已有同名检定机构（简称 ALSY）/)
    expect(await Organization.countDocuments({ type: 'institution' })).toBe(1)
  })
})

describe('grant-role', () => {
  it('creates someone who never logged in, then adds roles', async () => {
    expect(await admin('grant-role', '--openid', 'staff-1', '--org', 'alsy', '--role', 'inst_verifier', '--name', '王检定')).toEqual([
      expect.stringMatching(/^user staff-1 in 阿拉善右旗检验检测所: created; roles now inst_verifier/),
    ])
    expect(await admin('grant-role', '--openid', 'staff-1', '--org', 'ALSY', '--role', 'inst_approver')).toEqual([
      expect.stringContaining('role_added; roles now inst_verifier, inst_approver'),
    ])
    expect(await admin('grant-role', '--openid', 'staff-1', '--org', 'ALSY', '--role', 'inst_approver')).toEqual([expect.stringContaining('unchanged')])
    const user = await User.findOne({ openid: 'staff-1' }).lean()
    expect(user).toMatchObject({ name: '王检定', orgType: 'institution', roles: ['inst_verifier', 'inst_approver'], joinedAt: clock() })
  })

  it('adds someone who logged in but has no organization, by organization id', async () => {
    const regulator = await Organization.create({ type: 'regulator', name: '阿拉善盟市场监督管理局', regionCode: '152900', address: '巴彦浩特镇' })
    await User.create({ openid: 'logged-in', name: '微信用户1234' })
    expect(await admin('grant-role', '--openid', 'logged-in', '--org', String(regulator._id), '--role', 'regulator')).toEqual([
      expect.stringContaining('joined; roles now regulator'),
    ])
    expect(await User.findOne({ openid: 'logged-in' }).lean()).toMatchObject({ orgId: regulator._id, orgType: 'regulator', name: '微信用户1234' })
  })

  it('refuses a role that does not fit the organization, an unknown role or organization', async () => {
    expect((await fails('grant-role', '--openid', 'staff-2', '--org', 'ALSY', '--role', 'unit_admin')).message).toMatch(/计量技术机构不能有“单位管理员”角色/)
    expect((await fails('grant-role', '--openid', 'staff-2', '--org', 'ALSY', '--role', 'boss')).message).toMatch(/角色 boss 不存在/)
    expect((await fails('grant-role', '--openid', 'staff-2', '--org', 'NOPE', '--role', 'inst_verifier')).message).toMatch(/单位 NOPE 不存在/)
    expect(await User.exists({ openid: 'staff-2' })).toBeNull()
  })

  it('moves a member of another organization only with --move, dropping the old roles', async () => {
    const unit = await Organization.create({ type: 'unit', name: '某农贸市场', regionCode: '152921', address: '某地址' })
    await User.create({ openid: 'mover', name: '李四', orgId: unit._id, orgType: 'unit', roles: ['unit_admin'] })
    const err = await fails('grant-role', '--openid', 'mover', '--org', 'ALSY', '--role', 'inst_reviewer')
    expect(err).toMatchObject({ code: 'ALREADY_IN_ORG', message: expect.stringMatching(/已属于“某农贸市场”.*--move/) })
    expect((await User.findOne({ openid: 'mover' }).lean())!.orgId).toEqual(unit._id)
    expect(await admin('grant-role', '--openid', 'mover', '--org', 'ALSY', '--role', 'inst_reviewer', '--move')).toEqual([
      expect.stringContaining('moved; roles now inst_reviewer'),
    ])
    expect(await User.findOne({ openid: 'mover' }).lean()).toMatchObject({ orgType: 'institution', roles: ['inst_reviewer'] })
  })
})

describe('load-authorizations', () => {
  it('reads JSON rows, and replaces the table idempotently', async () => {
    fs.writeFileSync(
      path.join(dir, 'rows.json'),
      JSON.stringify([
        { institution: 'ALSY', regionCode: '152922', level2Codes: ['0101', '0401'] },
        { institution: 'ALSY', regionCode: '152900', level2Codes: ['1301'] },
      ]),
    )
    expect(await admin('load-authorizations', '--file', 'rows.json')).toEqual([
      'authorizations of ALSY: 2 rows read; created 2, updated 0, unchanged 0, removed 0',
    ])
    expect(await admin('load-authorizations', '--file', path.join(dir, 'rows.json'))).toEqual([
      'authorizations of ALSY: 2 rows read; created 0, updated 0, unchanged 2, removed 0',
    ])
    expect(await Authorization.countDocuments()).toBe(2)
  })

  it('reads a CSV file (Excel BOM, Chinese headers, quoted cells) and names bad rows by line', async () => {
    fs.writeFileSync(path.join(dir, 'rows.csv'), '\uFEFF机构简称,行政区划代码,二级目录代码\r\nALSY,152922,"0101;0401"\r\nALSY,152923,0101 0701\r\n')
    expect(await admin('load-authorizations', '--file', 'rows.csv')).toEqual([
      'authorizations of ALSY: 2 rows read; created 1, updated 0, unchanged 1, removed 1',
    ])
    expect(await Authorization.find({}, { _id: 0, regionCode: 1, level2Codes: 1 }).sort({ regionCode: 1 }).lean()).toEqual([
      { regionCode: '152922', level2Codes: ['0101', '0401'] },
      { regionCode: '152923', level2Codes: ['0101', '0701'] },
    ])

    fs.writeFileSync(path.join(dir, 'bad.csv'), 'institution,regionCode,level2Codes\nALSY,152921,0101\nALSY,999999,101\nXX,152921,0101\n')
    const before = await Authorization.find().lean()
    const err = (await fails('load-authorizations', '--file', 'bad.csv')) as AppError
    expect(err.details!.map((d) => d.message)).toEqual([
      '第3行：行政区划代码 999999 不存在',
      '第3行：二级目录代码 101 不在强制检定目录中（以0开头的代码在 Excel 中请设为文本格式）',
      '第4行：检定机构 XX 不存在',
    ])
    expect(describeError(err)[0]).toBe('Error (VALIDATION_FAILED):')
    expect(await Authorization.find().lean()).toEqual(before)
  })

  it('says clearly when the file is missing, not JSON, or the CSV lacks a column', async () => {
    expect((await fails('load-authorizations', '--file', 'nope.json')).message).toMatch(/File not found: .*nope\.json/)
    fs.writeFileSync(path.join(dir, 'broken.json'), '[{')
    expect((await fails('load-authorizations', '--file', 'broken.json')).message).toMatch(/not valid JSON/)
    fs.writeFileSync(path.join(dir, 'cols.csv'), 'institution,regionCode\nALSY,152922\n')
    expect((await fails('load-authorizations', '--file', 'cols.csv')).message).toMatch(/missing level2Codes/)
  })
})

describe('load-catalogue', () => {
  it('loads a catalogue file in the shipped format and reports the changes', async () => {
    const file = structuredClone(shipped)
    file.items[0]!.children[0]!.regulations = ['JJG 539-2016']
    fs.writeFileSync(path.join(dir, 'catalogue.json'), JSON.stringify(file))
    const lines = await admin('load-catalogue', '--file', 'catalogue.json')
    expect(lines[0]).toBe('catalogue: 23 items, 23 kinds')
    expect(lines[2]).toMatch(/^ {2}updated: 01, 02, /)
    expect((await CatalogueItem.findOne({ code: '01' }).lean())!.children[0]!.regulations).toEqual(['JJG 539-2016'])
    expect(await admin('load-catalogue', '--file', 'catalogue.json')).toContain('  unchanged: ' + file.items.map((i) => i.code).join(', '))
  })

  it('refuses to drop a kind unless --allow-removal', async () => {
    const file = structuredClone(shipped)
    file.items[22]!.children[0]!.code = '2302'
    fs.writeFileSync(path.join(dir, 'dropped.json'), JSON.stringify(file))
    expect((await fails('load-catalogue', '--file', 'dropped.json')).message).toMatch(/2301/)
    expect(await admin('load-catalogue', '--file', 'dropped.json', '--allow-removal')).toContain('  removed kinds: 2301')
  })
})

describe('CSV reading', () => {
  it('handles quotes, escaped quotes, blank lines and CRLF', () => {
    expect(parseCsv('a,b\r\n"x, ""y""",z\n\n,\n')).toEqual([
      ['a', 'b'],
      ['x, "y"', 'z'],
    ])
    expect(authorizationRowsFromCsv('institution,regionCode,level2Codes,note\nALSM, 152921 ,0101|0401、0501,备注\n')).toEqual([
      { institution: 'ALSM', regionCode: '152921', level2Codes: ['0101', '0401', '0501'] },
    ])
  })
})
