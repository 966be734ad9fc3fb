import { describe, expect, it } from 'vitest'
import { monthText, percent, shiftMonth } from './format'

describe('考核 figures formatting', () => {
  it('shows rates as percentages and no data as a dash, never as 0%', () => {
    expect(percent(0.9333)).toBe('93.3%')
    expect(percent(1)).toBe('100%')
    expect(percent(0)).toBe('0%')
    expect(percent(null)).toBe('—')
  })

  it('steps months across a year boundary', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12')
    expect(shiftMonth('2026-12', 1)).toBe('2027-01')
    expect(shiftMonth('2026-06', 0)).toBe('2026-06')
    expect(monthText('2026-03')).toBe('2026年3月')
  })
})
