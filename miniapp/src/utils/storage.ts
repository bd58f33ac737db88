import Taro from '@tarojs/taro'

/** Storage keys in one place; values are JSON. */
export const STORAGE_KEYS = {
  token: 'qjt.token',
  largeText: 'qjt.largeText',
  privacyRefused: 'qjt.privacyRefused',
  registerDraft: 'qjt.draft.orgRegister',
  /** Prefix: one draft per form (`.new`, `.bulk`, `.copy.<id>`, `.edit.<id>.<version>`). */
  instrumentDraft: 'qjt.draft.instrument',
  /** Prefix: the chosen instruments of an unsaved booking (`.new`, `.edit.<id>.<version>`). */
  bookingDraft: 'qjt.draft.booking',
  /** Prefix: one verification record being entered (`.new.<taskId>.<instrumentId>`, `.edit.<id>.<version>`). */
  recordDraft: 'qjt.draft.record',
  /** The standards and place a verifier used last: the next record usually uses the same. */
  recordDefaults: 'qjt.recordDefaults',
} as const

type StorageKey =
  | (typeof STORAGE_KEYS)[keyof typeof STORAGE_KEYS]
  | `${typeof STORAGE_KEYS.instrumentDraft}.${string}`
  | `${typeof STORAGE_KEYS.bookingDraft}.${string}`
  | `${typeof STORAGE_KEYS.recordDraft}.${string}`

/** Reads a stored value; storage that is full, locked or corrupt reads as absent. */
export function readStorage<T>(key: StorageKey): T | null {
  try {
    const raw: unknown = Taro.getStorageSync(key)
    if (raw === '' || raw === undefined || raw === null) return null
    return (typeof raw === 'string' ? JSON.parse(raw) : raw) as T
  } catch {
    return null
  }
}

export function writeStorage(key: StorageKey, value: unknown): void {
  try {
    Taro.setStorageSync(key, JSON.stringify(value))
  } catch {
    // Storage full or unavailable: the app still works, it just forgets on restart.
  }
}

export function removeStorage(key: StorageKey): void {
  try {
    Taro.removeStorageSync(key)
  } catch {
    // Nothing to clean up.
  }
}

/** Stored keys that start with `prefix`, e.g. every draft of one instrument. */
export function storageKeysWithPrefix(prefix: StorageKey): StorageKey[] {
  try {
    return (Taro.getStorageInfoSync().keys ?? []).filter((k): k is StorageKey => k.startsWith(prefix))
  } catch {
    return []
  }
}
