import { readStorage, removeStorage, STORAGE_KEYS, writeStorage } from '@/utils/storage'

interface StoredToken {
  token: string
  expiresAt: string
}

/** A token that expires within this margin is treated as gone, so we never send one mid-expiry. */
const EXPIRY_MARGIN_MS = 60 * 1000

export function getToken(): string | null {
  const stored = readStorage<StoredToken>(STORAGE_KEYS.token)
  if (!stored?.token) return null
  const expires = Date.parse(stored.expiresAt)
  if (!Number.isNaN(expires) && expires - EXPIRY_MARGIN_MS < Date.now()) return null
  return stored.token
}

export function setToken(token: string, expiresAt: string): void {
  writeStorage(STORAGE_KEYS.token, { token, expiresAt } satisfies StoredToken)
}

export function clearToken(): void {
  removeStorage(STORAGE_KEYS.token)
}
