import Taro, { useDidShow, usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useCallback, useEffect, useRef, useState } from 'react'
import type { ApiError, Page } from '../services/request'
import { asApiError } from './useResource'

export type CursorList<T> = {
  items: T[]
  nextCursor: string | null
  /**
   * First page loading (also during a reload, and from the very render in which `deps` changed,
   * before the effect that asks for the new first page has run).
   */
  loading: boolean
  loadingMore: boolean
  error: ApiError | undefined
  /** True once the first page has arrived at least once. */
  loaded: boolean
  reload: () => Promise<void>
  loadMore: () => Promise<void>
  /** Replaces items in place (after an action changed them). */
  update: (fn: (items: T[]) => T[]) => void
}

const sameDeps = (a: unknown[] | null, b: unknown[]) => a !== null && a.length === b.length && a.every((x, i) => Object.is(x, b[i]))

/**
 * A cursor-paginated list: the first page on mount and whenever `deps` change, 加载更多 by
 * cursor, reload for pull-down refresh. A response for an outdated query never lands.
 *
 * A change of `deps` (another filter) starts the list over: from that render on, the old items are
 * gone and `loading` is true, so no render shows the old list or an empty state under the new
 * filter. A reload (pull-down refresh) keeps the items on screen until the new page arrives.
 * 加载更多 does nothing while a first page is loading: its cursor belongs to the page being replaced.
 */
export function useCursorList<T extends { id: number | string }>(
  fetchPage: (cursor: string | null) => Promise<Page<T>>,
  deps: unknown[] = [],
  opts: { immediate?: boolean } = {},
): CursorList<T> {
  const [items, setItems] = useState<T[]>([])
  const [nextCursor, setNextCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(opts.immediate !== false)
  const [loadingMore, setLoadingMore] = useState(false)
  const [error, setError] = useState<ApiError>()
  const [loaded, setLoaded] = useState(false)
  const seq = useRef(0)
  const fetchRef = useRef(fetchPage)
  fetchRef.current = fetchPage
  const cursorRef = useRef<string | null>(null)
  const busyMore = useRef(false)
  const loadingFirst = useRef(false)
  // The deps whose first page has been asked for; until the effect catches up, the list is stale.
  const asked = useRef<unknown[] | null>(null)
  const stale = opts.immediate !== false && !sameDeps(asked.current, deps)

  const reload = useCallback(async () => {
    const mine = ++seq.current
    loadingFirst.current = true
    setLoading(true)
    setError(undefined)
    try {
      const page = await fetchRef.current(null)
      if (mine !== seq.current) return
      setItems(page.items)
      setNextCursor(page.nextCursor)
      cursorRef.current = page.nextCursor
      setLoaded(true)
    } catch (e) {
      if (mine === seq.current) setError(asApiError(e))
    } finally {
      if (mine === seq.current) {
        loadingFirst.current = false
        setLoading(false)
      }
    }
  }, [])

  const loadMore = useCallback(async () => {
    const cursor = cursorRef.current
    if (!cursor || busyMore.current || loadingFirst.current) return
    busyMore.current = true
    const mine = seq.current
    setLoadingMore(true)
    setError(undefined)
    try {
      const page = await fetchRef.current(cursor)
      if (mine !== seq.current) return
      setItems((prev) => {
        const seen = new Set(prev.map((x) => x.id))
        return [...prev, ...page.items.filter((x) => !seen.has(x.id))]
      })
      setNextCursor(page.nextCursor)
      cursorRef.current = page.nextCursor
    } catch (e) {
      if (mine === seq.current) setError(asApiError(e))
    } finally {
      busyMore.current = false
      setLoadingMore(false)
    }
  }, [])

  useEffect(() => {
    if (opts.immediate === false) return
    if (asked.current !== null) {
      // Another filter: none of the old items (nor their cursor) stay under it.
      setItems([])
      setNextCursor(null)
      cursorRef.current = null
    }
    asked.current = deps
    void reload()
  }, deps)

  return {
    items: stale ? [] : items,
    nextCursor: stale ? null : nextCursor,
    loading: loading || stale,
    loadingMore,
    error: stale ? undefined : error,
    loaded,
    reload,
    loadMore,
    update: setItems,
  }
}

/**
 * The page events of a list page: pulling down reloads, reaching the bottom loads more, and
 * coming back to the page (after a detail or a form changed something) reloads — not on the
 * first show, when the list is already loading.
 */
export function useListPageEvents(list: Pick<CursorList<unknown>, 'reload' | 'loadMore'>) {
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void list.reload()
    shown.current = true
  })
  usePullDownRefresh(() => void list.reload().finally(() => Taro.stopPullDownRefresh()))
  useReachBottom(() => void list.loadMore())
}
