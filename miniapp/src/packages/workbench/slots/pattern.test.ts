import { describe, expect, it } from 'vitest'
import { slot } from '../bookingFixtures'
import {
  addDays, dayTitle, emptyPattern, emptySlot, groupByDay, newTime, patternProblems, patternResultText, slotProblems, toPatternInput, toSlotInput,
  type PatternForm,
} from './pattern'

const TODAY = '2026-12-01'

describe('批量发布 form', () => {
  it('starts with two weeks of working days from tomorrow', () => {
    const f = emptyPattern(TODAY)
    expect([f.from, f.to, f.weekdays, f.workingDaysOnly]).toEqual(['2026-12-02', '2026-12-15', [1, 2, 3, 4, 5], true])
    expect(patternProblems(f, TODAY)).toEqual({})
  })

  it('builds the request: weekdays and times in order, capacity as a number', () => {
    const form: PatternForm = {
      from: '2026-12-07', to: '2026-12-31', weekdays: [6, 1, 3], times: [newTime('14:00', '14:30'), newTime('09:00', '09:30')], capacity: ' 20 ',
      workingDaysOnly: false,
    }
    expect(toPatternInput(form)).toEqual({
      from: '2026-12-07', to: '2026-12-31', weekdays: [1, 3, 6], times: [{ start: '09:00', end: '09:30' }, { start: '14:00', end: '14:30' }], capacity: 20,
      workingDaysOnly: false,
    })
  })

  it('names what is wrong: past start, reversed or too long range, no days, bad or repeated times, capacity', () => {
    const base = emptyPattern(TODAY)
    expect(patternProblems({ ...base, from: '2026-11-30' }, TODAY)).toEqual({ from: '开始日期不能早于今天' })
    expect(patternProblems({ ...base, to: '2026-12-01' }, TODAY)).toEqual({ to: '结束日期不能早于开始日期' })
    expect(patternProblems({ ...base, to: addDays(base.from, 91) }, TODAY)).toEqual({})
    expect(patternProblems({ ...base, to: addDays(base.from, 92) }, TODAY)).toEqual({ to: '一次最多发布92天' })
    expect(patternProblems({ ...base, weekdays: [] }, TODAY)).toEqual({ weekdays: '请至少选择一天' })
    expect(patternProblems({ ...base, times: [] }, TODAY)).toEqual({ times: '请至少添加一个时段' })
    expect(patternProblems({ ...base, times: [newTime('09:00', '10:00'), newTime('11:00', '10:30')] }, TODAY)).toEqual({ times: '第2个时段的结束时间须晚于开始时间' })
    expect(patternProblems({ ...base, times: [newTime('09:00', '10:00'), newTime('09:00', '09:30')] }, TODAY)).toEqual({ times: '第2个时段的开始时间重复了' })
    expect(patternProblems({ ...base, capacity: '0' }, TODAY)).toEqual({ capacity: '名额不能小于1' })
    expect(patternProblems({ ...base, capacity: '十' }, TODAY)).toEqual({ capacity: '名额须为整数' })
  })

  it('says what the API did in the words staff read', () => {
    expect(patternResultText({ created: 38, skippedDays: ['2027-01-01', '2027-01-02'], existing: 4 })).toBe('新增38个时段，跳过2个非工作日，已存在4个')
  })
})

describe('one slot', () => {
  const now = new Date('2026-12-01T02:00:00.000Z') // 10:00 in Shanghai

  it('sends the Shanghai times as instants with their offset', () => {
    expect(toSlotInput({ date: '2026-12-03', start: '09:00', end: '09:30', capacity: '10' }))
      .toEqual({ startsAt: '2026-12-03T09:00:00+08:00', endsAt: '2026-12-03T09:30:00+08:00', capacity: 10 })
    expect(slotProblems(emptySlot(TODAY), now)).toEqual({})
  })

  it('refuses a slot already begun, an end before the start and a bad capacity', () => {
    expect(slotProblems({ date: TODAY, start: '09:30', end: '10:30', capacity: '5' }, now)).toEqual({ time: '不能发布已经开始或过去的时段' })
    expect(slotProblems({ date: TODAY, start: '10:30', end: '11:00', capacity: '5' }, now)).toEqual({})
    expect(slotProblems({ date: '2026-12-03', start: '10:00', end: '10:00', capacity: '1001' }, now))
      .toEqual({ time: '结束时间须晚于开始时间', capacity: '名额不能大于1000' })
  })
})

describe('days', () => {
  it('titles a day with its weekday and groups slots by day in time order', () => {
    expect(dayTitle('2026-12-03')).toBe('12月3日 周四')
    expect(dayTitle('2026-12-06')).toBe('12月6日 周日')
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01')
    const later = slot(2, 14)
    const other = { ...slot(3, 9), day: '2026-12-04', startsAt: '2026-12-04T01:00:00.000Z', endsAt: '2026-12-04T01:30:00.000Z' }
    const groups = groupByDay([other, later, slot(1, 9)])
    expect(groups.map((g) => [g.day, g.slots.map((s) => s.id)])).toEqual([['2026-12-03', [1, 2]], ['2026-12-04', [3]]])
  })
})
