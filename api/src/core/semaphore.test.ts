import { describe, expect, it } from 'vitest'
import { Semaphore } from './semaphore.ts'

const tick = () => new Promise((resolve) => setTimeout(resolve, 5))

describe('Semaphore', () => {
  it('runs at most `size` tasks at once, the rest in arrival order, and frees slots on failure', async () => {
    const s = new Semaphore(2)
    const order: number[] = []
    let running = 0
    const task = (i: number) => s.run(async () => {
      running++
      expect(running).toBeLessThanOrEqual(2)
      order.push(i)
      await tick()
      running--
      if (i === 1) throw new Error('refused')
      return i
    })
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map(task))
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'fulfilled'])
    expect(order).toEqual([0, 1, 2, 3, 4])
    expect([s.peak, s.runs]).toEqual([2, 5])
    expect(await s.run(async () => 'free again')).toBe('free again')
  })

  it('refuses a size that is not a positive integer', () => {
    expect(() => new Semaphore(0)).toThrow()
    expect(() => new Semaphore(1.5)).toThrow()
  })
})
