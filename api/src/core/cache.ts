/** A small in-process TTL cache with a size bound (oldest entries are dropped first). */
export class TtlCache<K, V> {
  private readonly map = new Map<K, { value: V; expiresAt: number }>()

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries = 10_000,
    private readonly now: () => number = Date.now,
  ) {}

  get(key: K): V | undefined {
    const hit = this.map.get(key)
    if (!hit) return undefined
    if (hit.expiresAt <= this.now()) {
      this.map.delete(key)
      return undefined
    }
    return hit.value
  }

  set(key: K, value: V): void {
    if (this.map.size >= this.maxEntries) this.map.delete(this.map.keys().next().value as K)
    this.map.set(key, { value, expiresAt: this.now() + this.ttlMs })
  }

  delete(key: K): void {
    this.map.delete(key)
  }

  clear(): void {
    this.map.clear()
  }
}

/**
 * One TtlCache per owner (an API instance's Deps or pool), made on first use: two instances in
 * one test process keep apart as two processes do, and a dropped owner takes its cache with it.
 */
export function cachePerOwner<K, V>(ttlMs: number, maxEntries?: number): (owner: object) => TtlCache<K, V> {
  const caches = new WeakMap<object, TtlCache<K, V>>()
  return (owner) => {
    let cache = caches.get(owner)
    if (!cache) caches.set(owner, (cache = new TtlCache<K, V>(ttlMs, maxEntries)))
    return cache
  }
}

/**
 * The cached promise for `key`, or a new one from `load`, cached: concurrent callers share one
 * load, and a load that fails is dropped so the next call tries again.
 */
export function cachedLoad<K, T>(cache: TtlCache<K, Promise<T>>, key: K, load: () => Promise<T>): Promise<T> {
  const hit = cache.get(key)
  if (hit) return hit
  const loading = load()
  cache.set(key, loading)
  loading.catch(() => {
    if (cache.get(key) === loading) cache.delete(key)
  })
  return loading
}
