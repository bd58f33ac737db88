/**
 * The way to a verification record through the API, as people do it: a unit books instruments,
 * the demo institution (阿拉善盟检验检测中心) accepts, its 检定员 records, another checks, the
 * 批准人 approves. Needs `seedAll` for the catalogue, the institution and its staff.
 */
import type { Types } from 'mongoose'
import type { RecordInput, Role } from '@qjt/shared'
import { User } from '../../src/modules/auth/user.model'
import type { InstrumentDoc } from '../../src/modules/instruments/model'
import { Organization, type OrganizationDoc } from '../../src/modules/organizations/model'
import { bearer, type TestApp } from './app'
import { buildInstrument, buildOrg, buildUser, tokenFor } from './factories'

export type Auth = ReturnType<typeof bearer>

export interface Staff {
  alsm: OrganizationDoc
  /** demo-inst: 预约审核员 + 检定员. */
  verifier: Auth
  verifierId: string
  /** demo-inst-checker: a second 检定员, who checks. */
  checker: Auth
  checkerId: string
  /** demo-inst-approver: 批准人. */
  approver: Auth
  approverId: string
}

export async function demoStaff(t: TestApp): Promise<Staff> {
  const alsm = (await Organization.findOne({ shortCode: 'ALSM' }).lean())!
  const login = async (openid: string) => {
    const user = (await User.findOne({ openid }).lean())!
    return { auth: bearer(tokenFor(t, user)), id: String(user._id) }
  }
  const [verifier, checker, approver] = await Promise.all([login('demo-inst'), login('demo-inst-checker'), login('demo-inst-approver')])
  return {
    alsm,
    verifier: verifier.auth,
    verifierId: verifier.id,
    checker: checker.auth,
    checkerId: checker.id,
    approver: approver.auth,
    approverId: approver.id,
  }
}

/** Another person at the institution holding `roles`. */
export async function colleague(t: TestApp, staff: Staff, roles: Role[]): Promise<Auth> {
  return bearer(tokenFor(t, await buildUser({ org: staff.alsm, roles })))
}

export interface AcceptedTask {
  unit: OrganizationDoc
  unitAuth: Auth
  bookingId: string
  taskId: string
  rows: InstrumentDoc[]
}

/** A new unit in 阿拉善左旗 with these ledger rows, booked, submitted and accepted by 阿拉善盟. */
export async function acceptedTask(
  t: TestApp,
  staff: Staff,
  rows: Partial<InstrumentDoc>[] = [{}],
  opts: { unit?: OrganizationDoc; scheduledDate?: string } = {},
): Promise<AcceptedTask> {
  const unit = opts.unit ?? (await buildOrg())
  const admin = await buildUser({ org: unit, roles: ['unit_admin'] })
  const unitAuth = bearer(tokenFor(t, admin))
  const built: InstrumentDoc[] = []
  for (const row of rows) built.push(await buildInstrument({ org: unit, ...row }))
  return { ...(await bookAndAccept(t, staff, unitAuth, built, opts.scheduledDate)), unit, unitAuth }
}

/** Books existing ledger rows of a unit and has 阿拉善盟 accept the task. */
export async function bookAndAccept(t: TestApp, staff: Staff, unitAuth: Auth, rows: InstrumentDoc[], scheduledDate = '2026-11-27') {
  const instrumentIds = rows.map((r) => String(r._id))
  const draft = await t.request.post('/api/v1/bookings').set(unitAuth).send({ instrumentIds }).expect(201)
  const submitted = await t.request.post(`/api/v1/bookings/${draft.body.id}/submit`).set(unitAuth).send({}).expect(200)
  const taskId = submitted.body.tasks[0].id as string
  await t.request.post(`/api/v1/tasks/${taskId}/accept`).set(staff.verifier).send({ scheduledDate }).expect(200)
  return { bookingId: draft.body.id as string, taskId, rows }
}

/** What a 检定员 records for an electronic price scale that passes. */
export function recordInput(instrumentId: Types.ObjectId | string, overrides: Partial<RecordInput> = {}): RecordInput {
  return {
    instrumentId: String(instrumentId),
    regulation: 'JJG 539-2016',
    place: '阿拉善盟检验检测中心衡器实验室',
    environment: { temperature: '20.5', humidity: '45' },
    standards: [{ name: 'F1等级砝码组', certificateNo: 'ZJ-2026-0113', validUntil: '2027-03-31' }],
    points: [
      { nominal: '1.000', indication: '1.000', mpe: '0.005', unit: 'kg' },
      { nominal: '5.000', indication: '5.005', mpe: '0.005', unit: 'kg' },
      { nominal: '15.000', indication: '14.995', mpe: '0.010', unit: 'kg' },
    ],
    inspection: { passed: true },
    verifiedAt: '2026-11-27',
    ...overrides,
  }
}

/** Points of which the second fails. */
export const FAILING_POINTS: RecordInput['points'] = [
  { nominal: '1.000', indication: '1.000', mpe: '0.005', unit: 'kg' },
  { nominal: '5.000', indication: '5.006', mpe: '0.005', unit: 'kg' },
]

/** Records and checks; returns the record (in 待批准). */
export async function recordedAndChecked(t: TestApp, staff: Staff, taskId: string, input: RecordInput) {
  const created = await t.request.post(`/api/v1/tasks/${taskId}/records`).set(staff.verifier).send(input).expect(201)
  const checked = await t.request.post(`/api/v1/records/${created.body.id}/check`).set(staff.checker).send({}).expect(200)
  return checked.body as { id: string; version: number; status: string }
}
