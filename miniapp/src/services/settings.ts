import { readStorage, STORAGE_KEYS, writeStorage } from '@/utils/storage'
import { createStore, useStore } from './store'

/** 大字模式: scales every text size on our pages by 1.25, remembered on this phone. */
const largeText = createStore<boolean>(readStorage<boolean>(STORAGE_KEYS.largeText) === true)

export function setLargeText(on: boolean): void {
  largeText.set(on)
  writeStorage(STORAGE_KEYS.largeText, on)
}

export function useLargeText(): boolean {
  return useStore(largeText)
}
