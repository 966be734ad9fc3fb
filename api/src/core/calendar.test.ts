import { describe, expect, it } from 'vitest'
import { deadlineAfter, WorkingCalendar, type DayKind } from './calendar.ts'

/** An instant given as Shanghai wall-clock time. */
const sh = (s: string) => new Date(`${s.replace(' ', 'T')}:00+08:00`)
/** An instant shown as Shanghai wall-clock time. */
const wall = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ')

const DEFAULT_PERIODS = [{ start: 540, end: 720 }, { start: 810, end: 1050 }]

function calendar(days: [string, DayKind, string][] = [], periods = DEFAULT_PERIODS) {
  return new WorkingCalendar({ days: new Map(days.map(([d, kind, name]) => [d, { kind, name }])), periods })
}

// 国庆 2026: Thu 10-01 to Wed 10-07 off; Sat 10-10 a 调休 working day.
const national = calendar([
  ...['01', '02', '03', '04', '05', '06', '07'].map((d): [string, DayKind, string] => [`2026-10-${d}`, 'holiday', '国庆节']),
  ['2026-10-10', 'workday', '国庆节调休'],
])
const plain = calendar()

describe('WorkingCalendar.isWorkingDay', () => {
  it.each([
    ['2026-12-03', true, 'a Thursday'],
    ['2026-12-05', false, 'a Saturday'],
    ['2026-12-06', false, 'a Sunday'],
    ['2026-10-01', false, 'a holiday on a Thursday'],
    ['2026-10-10', true, 'a 调休 Saturday'],
    ['2026-10-11', false, 'the Sunday after it'],
  ])('%s is a working day: %s (%s)', (day, expected) => {
    expect(national.isWorkingDay(day)).toBe(expected)
  })
})

describe('WorkingCalendar.addWorkingMinutes', () => {
  it('counts within one period of a plain weekday', () => {
    expect(wall(plain.addWorkingMinutes(sh('2026-12-03 10:00'), 60))).toBe('2026-12-03 11:00')
  })
  it('skips the lunch break', () => {
    expect(wall(plain.addWorkingMinutes(sh('2026-12-03 11:30'), 60))).toBe('2026-12-03 14:00')
  })
  it('ends at the end of a period it uses up exactly, not at the start of the next', () => {
    expect(wall(plain.addWorkingMinutes(sh('2026-12-03 09:00'), 180))).toBe('2026-12-03 12:00')
    expect(wall(plain.addWorkingMinutes(sh('2026-12-03 09:00'), 420))).toBe('2026-12-03 17:30')
  })
  it('skips a weekend', () => {
    expect(wall(plain.addWorkingMinutes(sh('2026-12-04 16:00'), 120))).toBe('2026-12-07 09:30')
  })
  it('skips a public holiday (国庆)', () => {
    expect(wall(national.addWorkingMinutes(sh('2026-09-30 17:00'), 60))).toBe('2026-10-08 09:30')
    expect(wall(national.addWorkingMinutes(sh('2026-09-30 09:00'), 3 * 420))).toBe('2026-10-09 17:30')
  })
  it('counts a 调休 Saturday as a working day', () => {
    expect(wall(national.addWorkingMinutes(sh('2026-10-09 17:00'), 60))).toBe('2026-10-10 09:30')
    expect(wall(national.addWorkingMinutes(sh('2026-09-30 12:00'), 3 * 420))).toBe('2026-10-10 12:00')
    // Without the make-up day the same deadline falls on Monday.
    const noMakeUp = calendar(['01', '02', '03', '04', '05', '06', '07'].map((d) => [`2026-10-${d}`, 'holiday', '国庆节']))
    expect(wall(noMakeUp.addWorkingMinutes(sh('2026-10-09 17:00'), 60))).toBe('2026-10-12 09:30')
  })
  it('starts counting at the next working period when started at night or on a holiday', () => {
    expect(wall(plain.addWorkingMinutes(sh('2026-12-03 22:00'), 30))).toBe('2026-12-04 09:30')
    // 03:00 in Shanghai is still the previous day in UTC: the day is taken at +8h.
    expect(wall(plain.addWorkingMinutes(sh('2026-12-03 03:00'), 30))).toBe('2026-12-03 09:30')
    expect(wall(plain.addWorkingMinutes(sh('2026-12-03 12:45'), 30))).toBe('2026-12-03 14:00')
    expect(wall(national.addWorkingMinutes(sh('2026-10-03 10:00'), 30))).toBe('2026-10-08 09:30')
  })
  it('keeps seconds of the start', () => {
    const start = new Date(sh('2026-12-03 10:00').getTime() + 15_500)
    expect(plain.addWorkingMinutes(start, 1).getTime() - start.getTime()).toBe(60_000)
  })
  it('uses the periods it is given', () => {
    const shifts = calendar([], [{ start: 480, end: 600 }, { start: 1200, end: 1320 }])
    expect(wall(shifts.addWorkingMinutes(sh('2026-12-03 09:30'), 60))).toBe('2026-12-03 20:30')
    expect(shifts.minutesPerDay).toBe(240)
    expect(plain.minutesPerDay).toBe(420)
  })
  it('returns the start for zero minutes', () => {
    expect(plain.addWorkingMinutes(sh('2026-12-05 10:00'), 0)).toEqual(sh('2026-12-05 10:00'))
  })
  it('throws a clear error when the calendar has no working time at all', () => {
    expect(() => calendar([], []).addWorkingMinutes(sh('2026-12-03 10:00'), 60)).toThrow(/没有任何工作时间/)
  })
  it('handles a long deadline (100000 minutes) by whole periods', () => {
    const start = sh('2026-12-03 10:17')
    const end = national.addWorkingMinutes(start, 100_000)
    expect(national.workingMinutesBetween(start, end)).toBe(100_000)
  })
})

describe('WorkingCalendar.workingMinutesBetween', () => {
  it('counts only working time, across lunch, nights, weekends and holidays', () => {
    expect(plain.workingMinutesBetween(sh('2026-12-03 11:00'), sh('2026-12-03 14:00'))).toBe(90)
    expect(plain.workingMinutesBetween(sh('2026-12-04 16:00'), sh('2026-12-07 10:00'))).toBe(150)
    expect(national.workingMinutesBetween(sh('2026-09-30 17:00'), sh('2026-10-08 10:00'))).toBe(90)
    expect(national.workingMinutesBetween(sh('2026-10-09 17:00'), sh('2026-10-10 10:00'))).toBe(90)
    expect(plain.workingMinutesBetween(sh('2026-12-05 08:00'), sh('2026-12-06 20:00'))).toBe(0)
  })
  it('is 0 when b is not after a', () => {
    expect(plain.workingMinutesBetween(sh('2026-12-03 11:00'), sh('2026-12-03 11:00'))).toBe(0)
    expect(plain.workingMinutesBetween(sh('2026-12-03 11:00'), sh('2026-12-03 10:00'))).toBe(0)
  })
  it('agrees with addWorkingMinutes from any start', () => {
    const starts = ['2026-09-29 08:00', '2026-09-30 11:59', '2026-10-03 13:00', '2026-10-09 16:45', '2026-12-04 23:30', '2026-12-31 12:10']
    for (const s of starts) {
      for (const m of [1, 29, 120, 420, 421, 1260, 5000]) {
        const end = national.addWorkingMinutes(sh(s), m)
        expect(national.workingMinutesBetween(sh(s), end), `${s} + ${m}`).toBe(m)
        // The deadline is the first instant at which that much time has passed: a minute earlier, less has.
        expect(national.workingMinutesBetween(sh(s), new Date(end.getTime() - 60_000))).toBe(m - 1)
      }
    }
  })
})

describe('deadlineAfter', () => {
  it('runs on working time for working categories', () => {
    expect(wall(deadlineAfter(plain, sh('2026-12-04 16:00'), 120, 'working'))).toBe('2026-12-07 09:30')
  })
  it('runs on the clock, nights and weekends included, for calendar (urgent) categories', () => {
    expect(wall(deadlineAfter(plain, sh('2026-12-04 16:00'), 24 * 60, 'calendar'))).toBe('2026-12-05 16:00')
    expect(wall(deadlineAfter(national, sh('2026-10-01 23:50'), 30, 'calendar'))).toBe('2026-10-02 00:20')
  })
})
