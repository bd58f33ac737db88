import { RecordInputSchema, type RecordInput, type RecordView } from '@qjt/shared'
import { readStorage, removeStorage, STORAGE_KEYS, storageKeysWithPrefix, writeStorage } from '@/utils/storage'

export interface StandardRow {
  name: string
  certificateNo: string
  validUntil: string
}

export interface PointRow {
  item: string
  nominal: string
  indication: string
  mpe: string
  unit: string
}

/** What the record form holds: text as typed, so nothing is rounded before the server sees it. */
export interface RecordFormState {
  regulation: string
  place: string
  temperature: string
  humidity: string
  otherEnv: string
  standards: StandardRow[]
  points: PointRow[]
  /** null until the verifier says 合格 or 不合格. */
  inspectionPassed: boolean | null
  inspectionReason: string
  verifiedAt: string
}

export const blankStandard = (): StandardRow => ({ name: '', certificateNo: '', validUntil: '' })

/** A new point takes the unit of the one before it: a scale's points are all in kg. */
export const blankPoint = (prev?: PointRow): PointRow => ({ item: prev?.item ?? '', nominal: '', indication: '', mpe: '', unit: prev?.unit ?? '' })

export function stateOfRecord(r: RecordView): RecordFormState {
  return {
    regulation: r.regulation,
    place: r.place,
    temperature: r.environment.temperature,
    humidity: r.environment.humidity,
    otherEnv: r.environment.other ?? '',
    standards: r.standards.map((s) => ({ ...s })),
    points: r.points.map((p) => ({ item: p.item ?? '', nominal: p.nominal, indication: p.indication, mpe: p.mpe, unit: p.unit })),
    inspectionPassed: r.inspection.passed,
    inspectionReason: r.inspection.reason ?? '',
    verifiedAt: r.verifiedAt,
  }
}

/** The body the API takes (less `instrumentId` / `version`), before the schema checks it. */
export function inputOf(s: RecordFormState): Omit<RecordInput, 'instrumentId'> {
  return {
    regulation: s.regulation,
    place: s.place,
    environment: { temperature: s.temperature, humidity: s.humidity, other: s.otherEnv },
    standards: s.standards,
    points: s.points,
    // Unchosen travels as a non-boolean so the schema says 请选择外观检查结果.
    inspection: { passed: s.inspectionPassed as boolean, reason: s.inspectionReason },
    verifiedAt: s.verifiedAt,
  }
}

/** Form paths (`temperature`, `points.2.mpe`) for the API's and the schema's paths. */
export function formPath(apiPath: (string | number | symbol)[] | string): string {
  const key = Array.isArray(apiPath) ? apiPath.map(String).join('.') : apiPath
  return key
    .replace(/^environment\.other$/, 'otherEnv')
    .replace(/^environment\./, '')
    .replace(/^inspection\.passed$/, 'inspectionPassed')
    .replace(/^inspection\.reason$/, 'inspectionReason')
    .replace(/^inspection$/, 'inspectionPassed')
}

/** Every problem the shared schema finds, one message per form path (the first). */
export function problemsOf(s: RecordFormState, instrumentId: string): Record<string, string> {
  const result = RecordInputSchema.safeParse({ instrumentId, ...inputOf(s) })
  const out: Record<string, string> = {}
  if (result.success) return out
  for (const issue of result.error.issues) {
    const key = formPath(issue.path)
    if (key && !out[key]) out[key] = issue.message
  }
  return out
}

export function sameState(a: RecordFormState, b: RecordFormState): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Where one record's unsaved form is kept on the phone. */
export type DraftKey = `${typeof STORAGE_KEYS.recordDraft}.${string}`
const P = STORAGE_KEYS.recordDraft

/** One draft per record being entered: a new one per task and instrument, an edit per version. */
export const draftKeys = {
  create: (taskId: string, instrumentId: string): DraftKey => `${P}.new.${taskId}.${instrumentId}`,
  edit: (id: string, version: number): DraftKey => `${P}.edit.${id}.${version}`,
}

export function loadDraft(key: DraftKey): RecordFormState | null {
  const d = readStorage<{ state: RecordFormState }>(key)
  const s = d?.state
  return s && Array.isArray(s.standards) && Array.isArray(s.points) ? s : null
}

export function saveDraft(key: DraftKey, state: RecordFormState): void {
  writeStorage(key, { state })
}

export function dropDraft(key: DraftKey): void {
  removeStorage(key)
}

/** Edits begun on an older version can no longer be saved as they were. */
export function dropStaleEditDrafts(id: string, keep: DraftKey): void {
  for (const key of storageKeysWithPrefix(`${P}.edit.${id}.`)) if (key !== keep) removeStorage(key)
}

export interface RecordDefaults {
  standards: StandardRow[]
}

/** The standards of the last saved record: a verifier takes the same weights from one scale to the next. */
export function loadDefaults(): RecordDefaults | null {
  const d = readStorage<RecordDefaults>(STORAGE_KEYS.recordDefaults)
  return d && Array.isArray(d.standards) ? d : null
}

export function saveDefaults(d: RecordDefaults): void {
  writeStorage(STORAGE_KEYS.recordDefaults, d)
}
