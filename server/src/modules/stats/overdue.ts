import type { Types } from 'mongoose'
import { daysBetween, type OverdueGroup, type OverdueRow } from '@qjt/shared'
import { Instrument, type InstrumentDoc } from '../instruments/model'
import { isOverdue } from '../instruments/rules'
import { Organization } from '../organizations/model'
import { countyLabel, type Scope } from './scope'

export type OverdueInstrument = Pick<
  InstrumentDoc,
  '_id' | 'orgId' | 'code' | 'name' | 'level1Code' | 'level1Name' | 'level2Name' | 'regionCode' | 'validUntil' | 'status'
>

export interface UnitContact {
  name: string
  regionName: string
  contactPhone: string
}

/** Overdue instruments of a division as of `today`, grouped; the unit grouping also lists them. */
export interface OverdueReport {
  scope: Scope
  today: string
  groupBy: OverdueGroup
  rows: OverdueRow[]
  /** Unit grouping: each unit's overdue instruments, units in the rows' order, longest overdue first. */
  detail: { unit: UnitContact; code: string; name: string; level2Name: string; validUntil: string; daysOverdue: number }[]
}

/**
 * The division's overdue instruments: one read of the rows whose 有效期至 is before today, the
 * ledger's own rule (`isOverdue`, which also leaves out scrapped ones) deciding each.
 */
export async function overdueInstruments(scope: Scope, today: string): Promise<OverdueInstrument[]> {
  const rows = await Instrument.find(
    { regionCode: { $in: scope.counties }, validUntil: { $lt: today } },
    { orgId: 1, code: 1, name: 1, level1Code: 1, level1Name: 1, level2Name: 1, regionCode: 1, validUntil: 1, status: 1 },
  ).lean<OverdueInstrument[]>()
  return rows.filter((row) => isOverdue(row, today))
}

/** Most overdue instruments first; ties by name, then key, so pages never overlap. */
const byCount = (a: OverdueRow, b: OverdueRow) => b.count - a.count || a.label.localeCompare(b.label, 'zh-Hans-CN') || a.key.localeCompare(b.key)

/** Groups overdue instruments by county of use, unit or 一级目录, largest groups first. */
export async function overdueReport(scope: Scope, today: string, groupBy: OverdueGroup, withDetail: boolean): Promise<OverdueReport> {
  const instruments = await overdueInstruments(scope, today)
  const groups = new Map<string, OverdueInstrument[]>()
  const keyOf = (i: OverdueInstrument) => (groupBy === 'region' ? i.regionCode : groupBy === 'unit' ? String(i.orgId) : i.level1Code)
  for (const i of instruments) {
    const group = groups.get(keyOf(i))
    if (group) group.push(i)
    else groups.set(keyOf(i), [i])
  }

  const units = groupBy === 'unit' ? await unitContacts([...groups.values()].map((g) => g[0]!.orgId)) : new Map<string, UnitContact>()
  const rows: OverdueRow[] = [...groups].map(([key, items]) => {
    const count = items.length
    if (groupBy === 'region') return { key, label: countyLabel(key, scope), count }
    if (groupBy === 'catalogue') return { key, label: items[0]!.level1Name, count }
    const unit = units.get(key)!
    return { key, label: unit.name, count, regionName: unit.regionName, contactPhone: unit.contactPhone }
  })
  rows.sort(byCount)

  const detail: OverdueReport['detail'] = []
  if (withDetail && groupBy === 'unit') {
    for (const row of rows) {
      const items = [...groups.get(row.key)!].sort((a, b) => a.validUntil!.localeCompare(b.validUntil!) || a.code.localeCompare(b.code))
      for (const i of items) {
        detail.push({
          unit: units.get(row.key)!,
          code: i.code,
          name: i.name,
          level2Name: i.level2Name,
          validUntil: i.validUntil!,
          daysOverdue: daysBetween(i.validUntil!, today),
        })
      }
    }
  }
  return { scope, today, groupBy, rows, detail }
}

/** Name, county and phone of each unit, in one read. */
async function unitContacts(ids: Types.ObjectId[]): Promise<Map<string, UnitContact>> {
  const orgs = ids.length ? await Organization.find({ _id: { $in: ids } }, { name: 1, regionCode: 1, contactPhone: 1 }).lean() : []
  const found = new Map(orgs.map((o) => [String(o._id), o]))
  return new Map(
    ids.map((id) => {
      const org = found.get(String(id))
      // The unit's own county, wherever its instruments are used.
      const contact = org
        ? { name: org.name, regionName: countyLabel(org.regionCode, { level: 'province' }), contactPhone: org.contactPhone ?? '' }
        : { name: '（单位已注销）', regionName: '', contactPhone: '' }
      return [String(id), contact]
    }),
  )
}
