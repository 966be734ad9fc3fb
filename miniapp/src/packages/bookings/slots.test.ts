import { describe, expect, it } from 'vitest'
import { dayLabel, groupSlotsByDay, initialDay, slotState, slotText } from './slots'
import { slot } from './testFixtures'

describe('slot calendar logic', () => {
  it('labels a Shanghai day with its weekday', () => {
    expect(dayLabel('2026-12-03')).toBe('12月3日 周四')
    expect(dayLabel('2026-12-06')).toBe('12月6日 周日')
    expect(dayLabel('2027-01-01')).toBe('1月1日 周五')
  })

  it('groups slots into days in time order, counting the bookable ones, whatever order they came in', () => {
    const slots = [
      slot(4, '2026-12-04', '14:00', 3),
      slot(1, '2026-12-03', '09:30', 0),
      slot(2, '2026-12-03', '09:00', 2),
      slot(3, '2026-12-03', '14:00', 5, { status: 'closed', bookable: false }),
      slot(5, '2026-12-04', '08:30', 1),
    ]
    const days = groupSlotsByDay(slots)
    expect(days.map((d) => d.day)).toEqual(['2026-12-03', '2026-12-04'])
    expect(days[0].slots.map((s) => s.id)).toEqual([2, 1, 3])
    expect(days[1].slots.map((s) => s.id)).toEqual([5, 4])
    expect(days.map((d) => d.bookable)).toEqual([1, 2])
    expect(days[0].label).toBe('12月3日 周四')
  })

  it('groups by the API day (Shanghai), not the UTC date of the start', () => {
    // 07:30 in Shanghai is 23:30 of the day before in UTC.
    const early = slot(7, '2026-12-03', '07:30')
    expect(early.startsAt).toBe('2026-12-02T23:30:00.000Z')
    expect(groupSlotsByDay([early]).map((d) => d.day)).toEqual(['2026-12-03'])
    expect(slotText(early)).toBe('12月3日 周四 07:30–08:00')
  })

  it('says what each slot offers: places left, full, closed, outside the window', () => {
    expect(slotState(slot(1, '2026-12-03', '09:00', 3))).toBe('余 3')
    expect(slotState(slot(1, '2026-12-03', '09:00', 0))).toBe('已约满')
    expect(slotState(slot(1, '2026-12-03', '09:00', 4, { status: 'closed', bookable: false }))).toBe('已关闭')
    expect(slotState(slot(1, '2026-12-03', '09:00', 4, { bookable: false }))).toBe('不可约')
  })

  it('opens on the day of the chosen slot, else the first day with room', () => {
    const days = groupSlotsByDay([slot(1, '2026-12-03', '09:00', 0), slot(2, '2026-12-04', '09:00', 2), slot(3, '2026-12-05', '09:00', 2)])
    expect(initialDay(days)).toBe('2026-12-04')
    expect(initialDay(days, 3)).toBe('2026-12-05')
    expect(initialDay(groupSlotsByDay([slot(1, '2026-12-03', '09:00', 0)]))).toBe('2026-12-03')
    expect(initialDay([])).toBeUndefined()
  })
})
