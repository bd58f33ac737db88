import {
  BOOKING_STATUSES,
  INSTRUMENT_STATUSES,
  VERIFY_STATUSES,
  chinaToday,
  type BookingStatus,
  type InstrumentStatus,
  type OverdueRow,
  type Page,
  type StatsOverdueExportQuery,
  type StatsOverdueQuery,
  type StatsOverview,
  type StatsOverviewQuery,
  type VerifyStatus,
} from '@qjt/shared'
import type { Actor } from '../../core/context'
import type { Clock } from '../../core/clock'
import { Booking } from '../bookings/model'
import { Certificate } from '../certificates/model'
import { Instrument } from '../instruments/model'
import { verificationFigures, type CertificateFacts } from './figures'
import { overdueInstruments, overdueReport, type OverdueReport } from './overdue'
import { scopeOf } from './scope'

const zeros = <K extends string>(keys: readonly K[]) => Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>

interface InstrumentGroup {
  _id: { status: InstrumentStatus; verifyStatus: VerifyStatus; level1Code: string; level1Name: string }
  count: number
}

/**
 * What a regulator sees of its division: every figure is of instruments used there (their county
 * of use), whichever unit keeps them. Reads cross organizations on purpose, so they are scoped
 * by region instead: `scopeOf` decides the division from the caller's organization.
 *
 * Counting is done by the database where FerretDB 1.x can ($match and $group with `$sum`), and
 * in code where a rule decides (overdue is `isOverdue`'s call, the rates need de-duplication):
 * one read per collection, whatever the size of the division.
 */
export class StatsService {
  constructor(private readonly deps: { clock: Clock }) {}

  /** Today in China: what 逾期 is measured against. */
  today(): string {
    return chinaToday(this.deps.clock())
  }

  /**
   * The division now (instruments by status, overdue, by 一级目录) and in `year` (the current
   * one by default): bookings created in it that hold an instrument used in the division, and the
   * verifications' pass and on-time rates (see `verificationFigures`).
   */
  async overview(actor: Actor, query: StatsOverviewQuery): Promise<StatsOverview> {
    const scope = await scopeOf(actor, query.regionCode)
    const today = this.today()
    const year = query.year ?? Number(today.slice(0, 4))
    const inScope = { $in: scope.counties }
    const [groups, overdue, bookings, certificates] = await Promise.all([
      Instrument.aggregate<InstrumentGroup>([
        { $match: { regionCode: inScope } },
        { $group: { _id: { status: '$status', verifyStatus: '$verifyStatus', level1Code: '$level1Code', level1Name: '$level1Name' }, count: { $sum: 1 } } },
      ]),
      overdueInstruments(scope, today),
      Booking.aggregate<{ _id: BookingStatus; count: number }>([
        { $match: { 'items.regionCode': inScope, createdAt: { $gte: chinaNewYear(year), $lt: chinaNewYear(year + 1) } } },
        { $group: { _id: '$status', count: { $sum: 1 } } },
      ]),
      Certificate.find(
        { 'instrument.regionCode': inScope, verifiedAt: { $gte: `${year}-01-01`, $lte: `${year}-12-31` } },
        { instrumentId: 1, verifiedAt: 1, conclusion: 1, previousValidUntil: 1, issuedAt: 1, revokedAt: 1 },
      ).lean<CertificateFacts[]>(),
    ])

    const byStatus = zeros(INSTRUMENT_STATUSES)
    const byVerifyStatus = zeros(VERIFY_STATUSES)
    const catalogue = new Map<string, StatsOverview['byCatalogue'][number]>()
    let total = 0
    for (const { _id: g, count } of groups) {
      total += count
      byStatus[g.status] += count
      byVerifyStatus[g.verifyStatus] += count
      const item = catalogue.get(g.level1Code) ?? { level1Code: g.level1Code, level1Name: g.level1Name, count: 0, overdue: 0 }
      item.count += count
      catalogue.set(g.level1Code, item)
    }
    for (const row of overdue) {
      const item = catalogue.get(row.level1Code)
      if (item) item.overdue += 1
    }
    const bookingsByStatus = zeros(BOOKING_STATUSES)
    for (const { _id, count } of bookings) bookingsByStatus[_id] += count
    const figures = verificationFigures(certificates)

    return {
      regionCode: scope.regionCode,
      regionName: scope.regionName,
      year,
      instruments: { total, byStatus, byVerifyStatus, overdue: overdue.length },
      byCatalogue: [...catalogue.values()].sort((a, b) => a.level1Code.localeCompare(b.level1Code)),
      bookings: { total: bookings.reduce((n, b) => n + b.count, 0), byStatus: bookingsByStatus },
      passRate: figures.passRate,
      onTimeRate: figures.onTimeRate,
      verifications: figures.verifications,
    }
  }

  /** Overdue instruments grouped by county of use, unit or 一级目录, largest groups first, paged. */
  async overdue(actor: Actor, query: StatsOverdueQuery): Promise<Page<OverdueRow>> {
    const scope = await scopeOf(actor, query.regionCode)
    const { rows } = await overdueReport(scope, this.today(), query.groupBy, false)
    const { page, pageSize } = query
    return { items: rows.slice((page - 1) * pageSize, page * pageSize), total: rows.length, page, pageSize }
  }

  /** Every group, and for the unit grouping every overdue instrument: what the export writes. */
  async overdueExport(actor: Actor, query: StatsOverdueExportQuery): Promise<OverdueReport> {
    const scope = await scopeOf(actor, query.regionCode)
    return overdueReport(scope, this.today(), query.groupBy, true)
  }
}

/** Midnight of 1 January in China (UTC+8, no daylight saving). */
const chinaNewYear = (year: number) => new Date(Date.UTC(year, 0, 1) - 8 * 3600_000)
