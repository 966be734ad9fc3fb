import { describe, expect, it } from 'vitest'
import { cachedLoad, cachePerOwner, TtlCache } from './cache.ts'

describe('cachedLoad', () => {
  it('shares one load between concurrent callers and serves it until it expires', async () => {
    let now = 0
    const cache = new TtlCache<string, Promise<number>>(1_000, 10, () => now)
    let loads = 0
    const load = async () => ++loads
    expect(await Promise.all([cachedLoad(cache, 'k', load), cachedLoad(cache, 'k', load)])).toEqual([1, 1])
    now = 999
    expect(await cachedLoad(cache, 'k', load)).toBe(1)
    now = 1_000
    expect(await cachedLoad(cache, 'k', load)).toBe(2)
  })

  it('drops a failed load, so the next call tries again', async () => {
    const cache = new TtlCache<string, Promise<number>>(1_000)
    await expect(cachedLoad(cache, 'k', () => Promise.reject(new Error('down')))).rejects.toThrow('down')
    await Promise.resolve()
    expect(await cachedLoad(cache, 'k', async () => 7)).toBe(7)
  })
})

describe('cachePerOwner', () => {
  it('gives each owner its own cache, the same one on every call', () => {
    const cacheOf = cachePerOwner<string, number>(60_000)
    const a = {}
    const b = {}
    cacheOf(a).set('k', 1)
    expect(cacheOf(a)).toBe(cacheOf(a))
    expect(cacheOf(a).get('k')).toBe(1)
    expect(cacheOf(b).get('k')).toBeUndefined()
  })
})
