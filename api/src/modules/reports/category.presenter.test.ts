import { describe, expect, it } from 'vitest'
import { deadlineText } from './category.presenter.ts'

describe('deadlineText', () => {
  it.each([
    [120, 1260, 'working', 420, '受理时限 2 个工作小时 · 办结时限 3 个工作日'],
    [420, 840, 'working', 420, '受理时限 1 个工作日 · 办结时限 2 个工作日'],
    [90, 900, 'working', 420, '受理时限 90 个工作分钟 · 办结时限 15 个工作小时'],
    // A working day is the periods in force: with 8-hour days, 480 minutes is one day.
    [480, 1260, 'working', 480, '受理时限 1 个工作日 · 办结时限 21 个工作小时'],
    [30, 1440, 'calendar', 420, '受理时限 30 分钟 · 办结时限 24 小时（全天计时）'],
    [45, 4320, 'calendar', 420, '受理时限 45 分钟 · 办结时限 72 小时（全天计时）'],
  ] as const)('%i / %i minutes on the %s clock (%i-minute days): %s', (acceptMinutes, resolveMinutes, clock, perDay, text) => {
    expect(deadlineText({ acceptMinutes, resolveMinutes, clock }, perDay)).toBe(text)
  })
})
