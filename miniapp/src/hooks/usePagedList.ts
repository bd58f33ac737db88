import type { Page } from '@qjt/shared'
import { useReachBottom } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'

interface State<T> {
  items: T[]
  total: number
  page: number
  loaded: boolean
  loading: boolean
  loadingMore: boolean
  error: unknown
}

/**
 * A list the API serves in pages: first page on mount (when enabled) and on `reload()`,
 * the next one when the user scrolls to the bottom. `fetchPage` must be stable (useCallback).
 */
export function usePagedList<T>(fetchPage: (page: number) => Promise<Page<T>>, enabled = true) {
  const [state, setState] = useState<State<T>>({
    items: [],
    total: 0,
    page: 0,
    loaded: false,
    loading: enabled,
    loadingMore: false,
    error: null,
  })
  const seq = useRef(0)

  const reload = useCallback(async () => {
    const id = ++seq.current
    setState((s) => ({ ...s, loading: true, error: null }))
    try {
      const res = await fetchPage(1)
      if (id === seq.current) {
        setState({ items: res.items, total: res.total, page: 1, loaded: true, loading: false, loadingMore: false, error: null })
      }
    } catch (error) {
      if (id === seq.current) setState((s) => ({ ...s, loading: false, error }))
    }
  }, [fetchPage])

  const hasMore = state.loaded && state.items.length < state.total

  const loadMore = useCallback(async () => {
    if (!hasMore || state.loadingMore || state.loading) return
    const id = seq.current
    setState((s) => ({ ...s, loadingMore: true }))
    try {
      const res = await fetchPage(state.page + 1)
      if (id === seq.current) {
        setState((s) => ({
          ...s,
          items: [...s.items, ...res.items],
          total: res.total,
          page: res.page,
          loadingMore: false,
        }))
      }
    } catch {
      if (id === seq.current) setState((s) => ({ ...s, loadingMore: false }))
    }
  }, [fetchPage, hasMore, state.loading, state.loadingMore, state.page])

  useEffect(() => {
    if (enabled) void reload()
  }, [enabled, reload])

  useReachBottom(() => void loadMore())

  const update = useCallback((fn: (items: T[]) => T[], totalDelta = 0) => {
    setState((s) => ({ ...s, items: fn(s.items), total: Math.max(0, s.total + totalDelta) }))
  }, [])

  return {
    ...state,
    hasMore,
    initialLoading: state.loading && !state.loaded,
    reload,
    loadMore,
    update,
  }
}
