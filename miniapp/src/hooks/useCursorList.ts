import { useCallback, useEffect, useRef, useState } from 'react'
import type { ApiError, Page } from '../services/request'
import { asApiError } from './useResource'

export type CursorList<T> = {
  items: T[]
  nextCursor: string | null
  /** First page loading (also during a reload). */
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

/**
 * A cursor-paginated list: the first page on mount and whenever `deps` change, 加载更多 by
 * cursor, reload for pull-down refresh. A response for an outdated query never lands.
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

  const reload = useCallback(async () => {
    const mine = ++seq.current
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
      if (mine === seq.current) setLoading(false)
    }
  }, [])

  const loadMore = useCallback(async () => {
    const cursor = cursorRef.current
    if (!cursor || busyMore.current) return
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
    if (opts.immediate !== false) void reload()
  }, deps)

  return { items, nextCursor, loading, loadingMore, error, loaded, reload, loadMore, update: setItems }
}
