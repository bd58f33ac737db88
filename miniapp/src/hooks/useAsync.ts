import { useDidShow } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'

export interface AsyncState<T> {
  data: T | undefined
  error: unknown
  loading: boolean
}

/**
 * Loads a page's data when `enabled` (e.g. once signed in) and on `reload()`. A slower, older
 * answer never overwrites a newer one. `load` must be stable (useCallback).
 */
export function useAsync<T>(load: () => Promise<T>, enabled = true) {
  const [state, setState] = useState<AsyncState<T>>({ data: undefined, error: null, loading: enabled })
  const seq = useRef(0)

  const reload = useCallback(async () => {
    const id = ++seq.current
    setState((s) => ({ ...s, loading: true, error: null }))
    try {
      const data = await load()
      if (id === seq.current) setState({ data, error: null, loading: false })
    } catch (error) {
      if (id === seq.current) setState((s) => ({ ...s, error, loading: false }))
    }
  }, [load])

  useEffect(() => {
    if (enabled) void reload()
  }, [enabled, reload])

  const setData = useCallback((update: (prev: T | undefined) => T | undefined) => {
    setState((s) => ({ ...s, data: update(s.data) }))
  }, [])

  return {
    ...state,
    /** Only the first load shows the spinner; a refresh keeps the old content on screen. */
    initialLoading: state.loading && state.data === undefined,
    reload,
    setData,
  }
}

/** Runs `fn` each time the page comes back into view, except the first (the mount already loaded). */
export function useRefreshOnShow(fn: () => void, enabled = true): void {
  const first = useRef(true)
  useDidShow(() => {
    if (first.current) {
      first.current = false
      return
    }
    if (enabled) fn()
  })
}
