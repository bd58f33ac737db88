import Taro from '@tarojs/taro'
import type { InstrumentCreateInput, InstrumentView, MeView } from '@qjt/shared'
import { COMMON_FIELDS, type CommonField, type FieldNames } from './InstrumentFields'

export type InstrumentFormState = Record<CommonField | 'serialNo', string>

/** Field order on the page, for scrolling to the first problem. */
export const FIELD_ORDER: (CommonField | 'serialNo' | 'firstSerialNo' | 'count')[] = [
  'name',
  'level1Code',
  'level2Code',
  'model',
  'range',
  'accuracyClass',
  'serialNo',
  'firstSerialNo',
  'count',
  'manufacturer',
  'origin',
  'quantity',
  'purchasedAt',
  'usage',
  'regionCode',
  'location',
  'deliveryMode',
  'validUntil',
  'certificateNo',
  'institutionName',
]

/** Scrolls the form (element ids `${idPrefix}-<field>-field`) to a field. */
export function scrollToField(idPrefix: string, field: string) {
  void Taro.pageScrollTo({ selector: `#${idPrefix}-${field}-field`, duration: 200, offsetTop: -48 }).catch(() => undefined)
}

/** Scrolls to the first field, in page order, among the problems' paths (`level2Code`, `points.0.mpe`…). */
export function scrollToFirstProblem(idPrefix: string, paths: (string | number | symbol | undefined)[]) {
  const bad = new Set(paths.map((p) => String(p).split('.')[0]))
  const first = FIELD_ORDER.find((f) => bad.has(f))
  // 一级目录 sits in the same cascader as 二级目录, which carries the field's id.
  if (first) scrollToField(idPrefix, first === 'level1Code' ? 'level2Code' : first)
}

/** A new instrument: the usual choices preset, used in the unit's own county. */
export function blankState(me: MeView | null): { values: InstrumentFormState; names: FieldNames } {
  return {
    values: {
      name: '',
      kind: 'working',
      level1Code: '',
      level2Code: '',
      model: '',
      range: '',
      accuracyClass: '',
      serialNo: '',
      manufacturer: '',
      origin: 'domestic',
      quantity: '1',
      purchasedAt: '',
      usage: '',
      regionCode: me?.org?.regionCode ?? '',
      location: '',
      deliveryMode: 'send_in',
      validUntil: '',
      certificateNo: '',
      institutionName: '',
    },
    names: { region: me?.org?.regionName ? me.org.regionName.split(/\s+/) : [], catalogue: [] },
  }
}

export function stateOf(i: InstrumentView): { values: InstrumentFormState; names: FieldNames } {
  const values = {} as InstrumentFormState
  for (const f of [...COMMON_FIELDS, 'serialNo'] as const) {
    const v = i[f]
    values[f] = v === null || v === undefined ? '' : String(v)
  }
  return { values, names: { region: i.regionName ? i.regionName.split(/\s+/) : [], catalogue: [i.level1Name, i.level2Name] } }
}

export function sameValues(a: Record<string, string>, b: Record<string, string>): boolean {
  return Object.keys(b).every((k) => (a[k] ?? '') === (b[k] ?? ''))
}

const norm = (v: unknown) => (v === null || v === undefined ? '' : String(v))

/**
 * What an edit changed, compared with the record it started from. A cleared optional field is
 * sent as '' (its empty value in the form).
 */
export function changedFields(input: InstrumentCreateInput, original: InstrumentView): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const f of [...COMMON_FIELDS, 'serialNo'] as const) {
    const next = (input as Record<string, unknown>)[f]
    if (norm(next) !== norm(original[f])) out[f] = next === undefined || next === null ? '' : next
  }
  return out
}
