import { readStorage, removeStorage, STORAGE_KEYS, storageKeysWithPrefix, writeStorage } from '@/utils/storage'
import type { Chosen } from './items'

type DraftKey = `${typeof STORAGE_KEYS.bookingDraft}.${string}`

const P = STORAGE_KEYS.bookingDraft

/** One draft per editor: a new booking's, or an edit's from the version it started at. */
export const draftKeys = {
  create: (): DraftKey => `${P}.new`,
  edit: (id: string, version: number): DraftKey => `${P}.edit.${id}.${version}`,
}

/** The chosen instruments of an editor left without saving, so an accidental back loses nothing. */
export function loadDraft(key: DraftKey): Chosen[] | null {
  const d = readStorage<{ items: Chosen[] }>(key)
  return d && Array.isArray(d.items) ? d.items.filter((i) => i && typeof i.id === 'string') : null
}

export function saveDraft(key: DraftKey, items: Chosen[]): void {
  writeStorage(key, { items })
}

export function dropDraft(key: DraftKey): void {
  removeStorage(key)
}

/** Edits begun on an older version can no longer be saved as they were: forget them. */
export function dropStaleEditDrafts(id: string, keep: DraftKey): void {
  for (const key of storageKeysWithPrefix(`${P}.edit.${id}.`)) if (key !== keep) removeStorage(key)
}
