import { useCallback, useEffect, useRef, useState } from 'react'
import { ApiError } from '../services/request'

export type Resource<T> = {
  data: T | undefined
  error: ApiError | undefined
  loading: boolean
  /** Loads again (retry button, pull-down refresh, page shown again). */
  reload: () => Promise<void>
}

/** Normalises anything thrown into an ApiError for display. */
export function asApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e
  return new ApiError({ status: 0, code: 'CLIENT_ERROR', message: e instanceof Error ? e.message : '出错了，请重试' })
}

/**
 * Loads data for a page and tracks loading / error state. `load` runs on mount (unless
 * `immediate` is false) and on every `reload()`; a stale response never overwrites a newer one.
 */
export function useResource<T>(load: () => Promise<T>, opts: { immediate?: boolean } = {}): Resource<T> {
  const [data, setData] = useState<T>()
  const [error, setError] = useState<ApiError>()
  const [loading, setLoading] = useState(opts.immediate !== false)
  const seq = useRef(0)
  const loadRef = useRef(load)
  loadRef.current = load

  const reload = useCallback(async () => {
    const mine = ++seq.current
    setLoading(true)
    setError(undefined)
    try {
      const value = await loadRef.current()
      if (mine === seq.current) setData(value)
    } catch (e) {
      if (mine === seq.current) setError(asApiError(e))
    } finally {
      if (mine === seq.current) setLoading(false)
    }
  }, [])

  useEffect(() => {
    if (opts.immediate !== false) void reload()
  }, [])

  return { data, error, loading, reload }
}
