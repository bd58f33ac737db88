/**
 * Certificates written straight to the database, as issuance leaves them, so tests and the
 * benchmark need no verification records. Used by this folder's tests and server/bench only.
 */
import { randomBytes } from 'node:crypto'
import { Types } from 'mongoose'
import { Organization, type OrganizationDoc } from '../organizations/model'
import { Certificate, type CertificateDoc } from './model'
import { registerCertificateNumber } from './repository'
import type { CertificateSigner } from './signing'

let serial = 0

/** A unique number in the institution's style: `ALSM-2026-000123`, notices `ALSM-TZ-2026-000045`. */
export function certificateNo(type: CertificateDoc['type'] = 'certificate', prefix = 'T'): string {
  serial += 1
  const tag = randomBytes(2).toString('hex').toUpperCase()
  return `${prefix}${tag}-${type === 'notice' ? 'TZ-' : ''}2026-${String(serial).padStart(6, '0')}`
}

type Facts = Omit<CertificateDoc, '_id' | 'keyId' | 'createdAt' | 'updatedAt' | 'version'>

/** An electronic price scale verified in 阿拉善左旗: a pass, or with `type: 'notice'` a fail. */
export function certificateFacts(overrides: Partial<Facts> = {}): Facts {
  const notice = overrides.type === 'notice'
  const at = (day: string, time: string) => new Date(`${day}T${time}+08:00`)
  return {
    no: certificateNo(overrides.type),
    type: 'certificate',
    conclusion: notice ? 'fail' : 'pass',
    conclusionText: notice ? '不合格' : 'Ⅲ级 合格',
    orgId: new Types.ObjectId(),
    institutionId: new Types.ObjectId(),
    instrumentId: new Types.ObjectId(),
    recordId: new Types.ObjectId(),
    taskId: new Types.ObjectId(),
    bookingId: new Types.ObjectId(),
    unit: { name: '阿拉善左旗巴彦浩特新华农贸市场', address: '阿拉善左旗巴彦浩特镇新华街18号', regionCode: '152921' },
    instrument: {
      code: '152921202600001201',
      name: '电子计价秤',
      model: 'ACS-15',
      serialNo: `YS2403-${randomBytes(3).toString('hex').toUpperCase()}`,
      manufacturer: '上海友声衡器有限公司',
      accuracyClass: 'Ⅲ',
      range: '(0~15)kg',
      level1Code: '01',
      level2Code: '0101',
      level2Name: '非自动衡器',
      regionCode: '152921',
    },
    institution: {
      name: '阿拉善盟检验检测中心',
      shortCode: 'ALSM',
      address: '内蒙古自治区阿拉善盟阿拉善左旗巴彦浩特镇土尔扈特路66号',
      phone: '0483-8350096',
      authorizationNo: '(蒙)法计(2021)15001号',
    },
    regulation: 'JJG 539-2016《数字指示秤》',
    place: '阿拉善盟检验检测中心衡器实验室',
    environment: { temperature: '20.5', humidity: '45', other: null },
    standards: [
      { name: 'M1等级砝码（1 mg～20 kg）', certificateNo: 'ZJ2026-0317', validUntil: '2027-03-16' },
      { name: 'F2等级砝码（1 g～2 kg）', certificateNo: 'ZJ2026-0318', validUntil: '2027-03-16' },
    ],
    points: notice
      ? [
          { item: '示值误差', nominal: '0.100', indication: '0.100', mpe: '0.005', unit: 'kg', error: '0.000', passed: true },
          { item: '示值误差', nominal: '5.000', indication: '5.005', mpe: '0.010', unit: 'kg', error: '+0.005', passed: true },
          { item: '示值误差', nominal: '15.000', indication: '15.025', mpe: '0.015', unit: 'kg', error: '+0.025', passed: false },
        ]
      : [
          { item: '示值误差', nominal: '0.100', indication: '0.100', mpe: '0.005', unit: 'kg', error: '0.000', passed: true },
          { item: '示值误差', nominal: '5.000', indication: '5.005', mpe: '0.010', unit: 'kg', error: '+0.005', passed: true },
          { item: '示值误差', nominal: '10.000', indication: '9.995', mpe: '0.010', unit: 'kg', error: '-0.005', passed: true },
          { item: '示值误差', nominal: '15.000', indication: '15.010', mpe: '0.015', unit: 'kg', error: '+0.010', passed: true },
          { item: '重复性', nominal: '7.500', indication: '7.505', mpe: '0.010', unit: 'kg', error: '+0.005', passed: true },
        ],
    inspection: { passed: true, reason: null },
    failures: notice ? ['示值误差：标称值 15.000 kg 处误差 +0.025 kg，超过最大允许误差 ±0.015 kg'] : [],
    verifiedAt: '2026-11-27',
    validUntil: notice ? null : '2027-11-26',
    previousValidUntil: '2026-11-30',
    mode: 'periodic',
    replaceBy: null,
    verifier: { userId: new Types.ObjectId(), name: '王建国', at: at('2026-11-27', '10:12:00') },
    checker: { userId: new Types.ObjectId(), name: '李秀兰', at: at('2026-11-27', '14:30:00') },
    approver: { userId: new Types.ObjectId(), name: '赵志刚', at: at('2026-11-27', '16:05:00') },
    issuedAt: at('2026-11-27', '16:05:00'),
    supersedes: null,
    supersededBy: null,
    revokedAt: null,
    revokeReason: null,
    ...overrides,
  }
}

/**
 * Issues a certificate the way approval does: signed with the current key, stored, its number
 * registered. Owner and issuer default to fresh organizations.
 */
export async function buildCertificate(
  signer: CertificateSigner,
  opts: Partial<Facts> & { unitOrg?: OrganizationDoc; institutionOrg?: OrganizationDoc } = {},
): Promise<CertificateDoc & { sig: string }> {
  const { unitOrg, institutionOrg, ...overrides } = opts
  const unit = unitOrg ?? (await makeOrg('unit'))
  const institution = institutionOrg ?? (await makeOrg('institution'))
  const facts = certificateFacts({ orgId: unit._id, institutionId: institution._id, ...overrides })
  facts.unit = { ...facts.unit, name: overrides.unit?.name ?? unit.name }
  const { keyId, sig } = signer.signCertificate(facts)
  const created = await Certificate.create({ ...facts, keyId })
  const cert = created.toObject() as CertificateDoc
  await registerCertificateNumber(cert)
  return { ...cert, sig }
}

async function makeOrg(type: 'unit' | 'institution'): Promise<OrganizationDoc> {
  const tag = randomBytes(3).toString('hex')
  const org = await Organization.create({
    type,
    name: type === 'unit' ? `阿拉善左旗巴彦浩特测试市场${tag}` : `测试检定机构${tag}`,
    regionCode: '152921',
    address: '阿拉善左旗巴彦浩特镇测试路1号',
    ...(type === 'institution' ? { shortCode: `T${tag.toUpperCase()}`, phone: '0483-0000000' } : {}),
  })
  return org.toObject()
}
