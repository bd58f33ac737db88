import { readStorage, removeStorage, STORAGE_KEYS, storageKeysWithPrefix, writeStorage } from '@/utils/storage'
import type { FieldNames } from './InstrumentFields'

type DraftKey = `${typeof STORAGE_KEYS.instrumentDraft}.${string}`

/** A half-filled form, kept so an accidental back loses nothing. */
export interface Draft<V> {
  values: V
  names: FieldNames
}

const P = STORAGE_KEYS.instrumentDraft

/** One draft per form: an edit's draft belongs to the version it started from. */
export const draftKeys = {
  create: (): DraftKey => `${P}.new`,
  bulk: (): DraftKey => `${P}.bulk`,
  copy: (id: string): DraftKey => `${P}.copy.${id}`,
  edit: (id: string, version: number): DraftKey => `${P}.edit.${id}.${version}`,
}

export function loadDraft<V>(key: DraftKey): Draft<V> | null {
  const d = readStorage<Draft<V>>(key)
  return d && typeof d === 'object' && d.values ? { values: d.values, names: d.names ?? { region: [], catalogue: [] } } : null
}

export function saveDraft<V>(key: DraftKey, draft: Draft<V>): void {
  writeStorage(key, draft)
}

export function dropDraft(key: DraftKey): void {
  removeStorage(key)
}

/** Edits begun on an older version can no longer be saved as they are: forget them. */
export function dropStaleEditDrafts(id: string, keep: DraftKey): void {
  for (const key of storageKeysWithPrefix(`${P}.edit.${id}.`)) if (key !== keep) removeStorage(key)
}
