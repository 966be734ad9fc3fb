import { describe, expect, it } from 'vitest'
import { fenToYuanText, formatYuan, parseYuan, periodLabel } from './disclosures'

describe('三务公开 amounts', () => {
  it('formats fen as 元 with thousands and exactly two decimals', () => {
    expect(formatYuan(0)).toBe('0.00 元')
    expect(formatYuan(5)).toBe('0.05 元')
    expect(formatYuan(123456)).toBe('1,234.56 元')
    expect(formatYuan(100_000_000_000)).toBe('1,000,000,000.00 元')
    expect(formatYuan(-250000)).toBe('-2,500.00 元')
  })

  it('reads 元 into whole fen without floating-point drift, and says why it cannot', () => {
    expect(parseYuan('12')).toEqual({ fen: 1200 })
    expect(parseYuan('0.1')).toEqual({ fen: 10 })
    expect(parseYuan('19.99')).toEqual({ fen: 1999 })
    expect(parseYuan(' 1,234.5 ')).toEqual({ fen: 123450 })
    expect(parseYuan('')).toEqual({ error: '请填写金额' })
    expect(parseYuan('0')).toEqual({ error: '金额须大于0' })
    expect(parseYuan('1.234')).toHaveProperty('error')
    expect(parseYuan('-5')).toHaveProperty('error')
    expect(parseYuan('abc')).toHaveProperty('error')
    expect(fenToYuanText(120050)).toBe('1200.50')
    expect(fenToYuanText(1200)).toBe('12')
  })

  it('names periods in words', () => {
    expect(periodLabel('2026')).toBe('2026年')
    expect(periodLabel('2026-Q3')).toBe('2026年第三季度')
    expect(periodLabel('2026-07')).toBe('2026年7月')
  })
})
