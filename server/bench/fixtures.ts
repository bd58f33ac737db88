import { Types } from 'mongoose'
import { Instrument } from '../src/modules/instruments/model'
import { Organization } from '../src/modules/organizations/model'
import { User } from '../src/modules/auth/user.model'

const COUNTIES = ['152921', '152922', '152923']
const NAMES = ['电子计价秤', '电子台秤', '地磅', '加油机', '血压计', '压力表']
const STATUSES = ['in_use', 'in_use', 'in_use', 'in_use', 'in_use', 'in_use', 'in_use', 'new', 'disabled', 'scrapped'] as const

/** Day offsets from today for 有效期至: some overdue, most valid, some never verified. */
function validUntil(i: number, today: Date): string | null {
  if (i % 5 === 0) return null
  const d = new Date(today.getTime() + (((i * 37) % 700) - 200) * 86_400_000)
  return d.toISOString().slice(0, 10)
}

let batch = 0

/** Units with their admin, inserted in bulk. */
export async function makeUnits(count: number, prefix: string) {
  batch += 1
  const orgs = Array.from({ length: count }, (_, i) => ({
    _id: new Types.ObjectId(),
    type: 'unit',
    name: `${prefix}${i + 1}号摊位`,
    regionCode: COUNTIES[i % COUNTIES.length],
    address: `巴彦浩特镇${i + 1}号`,
    contactName: '张三',
    contactPhone: '13800000000',
    version: 0,
    createdAt: new Date(),
    updatedAt: new Date(),
  }))
  for (let i = 0; i < orgs.length; i += 1000) await Organization.collection.insertMany(orgs.slice(i, i + 1000) as never[])
  const users = orgs.map((o, i) => ({
    _id: new Types.ObjectId(),
    // Openids are ASCII, as WeChat's are.
    openid: `bench${batch}-admin-${i}`,
    name: `管理员${i}`,
    orgId: o._id,
    orgType: 'unit',
    roles: ['unit_admin'],
    unionid: null,
    phone: null,
    joinedAt: new Date(),
    lastLoginAt: null,
    version: 0,
    createdAt: new Date(),
    updatedAt: new Date(),
  }))
  for (let i = 0; i < users.length; i += 1000) await User.collection.insertMany(users.slice(i, i + 1000) as never[])
  return orgs.map((o, i) => ({ org: o, user: users[i]! }))
}

/** `count` ledger rows of one unit, written straight to the collection in batches. */
export async function makeInstruments(orgId: Types.ObjectId, count: number, tag: string, today = new Date()) {
  const year = today.getFullYear()
  const batch = 5000
  for (let start = 0; start < count; start += batch) {
    const docs = []
    for (let i = start; i < Math.min(count, start + batch); i++) {
      const until = validUntil(i, today)
      const at = new Date(today.getTime() - (count - i) * 60_000)
      docs.push({
        orgId,
        code: `${tag}${year}${String(i).padStart(7, '0')}`,
        name: NAMES[i % NAMES.length],
        kind: 'working',
        level1Code: '01',
        level1Name: '非自动衡器',
        level2Code: '0101',
        level2Name: '非自动衡器',
        model: `ACS-${(i % 30) + 1}`,
        range: '(0~30)kg',
        accuracyClass: 'Ⅲ',
        serialNo: `SN-${tag}-${i}`,
        manufacturer: '上海友声衡器有限公司',
        origin: 'domestic',
        regionCode: COUNTIES[i % COUNTIES.length],
        location: `巴彦浩特镇农贸市场${(i % 200) + 1}号`,
        purchasedAt: '2023-05-01',
        quantity: 1,
        usage: 'trade',
        deliveryMode: 'send_in',
        validUntil: until,
        institutionId: null,
        institutionName: until ? '阿拉善盟检验检测中心' : null,
        certificateNo: until ? `ALSM-2025-${String(i % 999999).padStart(6, '0')}` : null,
        certificateId: null,
        status: STATUSES[i % STATUSES.length],
        verifyStatus: until ? 'verified' : 'unverified',
        verifyResult: until ? 'pass' : null,
        openBookingId: null,
        createdBy: null,
        version: 0,
        createdAt: at,
        updatedAt: at,
      })
    }
    await Instrument.collection.insertMany(docs as never[], { ordered: false })
  }
}
