import { describe, expect, it } from 'vitest'
import { WorkingCalendar, type DayKind } from '../../core/calendar.ts'
import { AppError } from '../../core/errors.ts'
import { checkPattern, expandPattern, type SlotPattern } from './slot.pattern.ts'

// 国庆 2026: Thu 10-01 to Wed 10-07 off; Sun 09-20 and Sat 10-10 are 调休 working days.
const cal = new WorkingCalendar({
  days: new Map<string, { kind: DayKind; name: string }>([
    ...['01', '02', '03', '04', '05', '06', '07'].map((d): [string, { kind: DayKind; name: string }] => [`2026-10-${d}`, { kind: 'holiday', name: '国庆节' }]),
    ['2026-09-20', { kind: 'workday', name: '国庆节调休上班' }],
    ['2026-10-10', { kind: 'workday', name: '国庆节调休上班' }],
  ]),
  periods: [{ start: 540, end: 1050 }],
})
const now = new Date('2026-09-01T00:00:00+08:00')
const pattern = (p: Partial<SlotPattern> = {}): SlotPattern => ({
  from: '2026-09-28', to: '2026-10-11', weekdays: [1, 2, 3, 4, 5], times: [{ start: '09:00', end: '10:00' }], capacity: 10, workingDaysOnly: true, ...p,
})
/** The Shanghai wall-clock start of each slot. */
const starts = (p: SlotPattern, at = now) =>
  expandPattern(cal, p, at).slots.map((s) => new Date(s.startsAt.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' '))

describe('expandPattern', () => {
  it('skips the 国庆 holidays and gives the 调休 Saturday slots like a weekday', () => {
    const r = expandPattern(cal, pattern(), now)
    expect(starts(pattern())).toEqual(['2026-09-28 09:00', '2026-09-29 09:00', '2026-09-30 09:00', '2026-10-08 09:00', '2026-10-09 09:00', '2026-10-10 09:00'])
    expect(r.skippedDays).toEqual(['2026-10-01', '2026-10-02', '2026-10-05', '2026-10-06', '2026-10-07'])
  })

  it('gives a 调休 Sunday slots too, but no working day when only weekend days are chosen', () => {
    expect(starts(pattern({ from: '2026-09-19', to: '2026-09-20', weekdays: [1] }))).toEqual(['2026-09-20 09:00'])
    // Saturdays only: 10-03 is a holiday (skipped), 10-10 a working Saturday, an ordinary Saturday is not a working day.
    const r = expandPattern(cal, pattern({ from: '2026-10-03', to: '2026-10-17', weekdays: [6] }), now)
    expect(r.slots.map((s) => s.startsAt.toISOString())).toEqual(['2026-10-10T01:00:00.000Z'])
    expect(r.skippedDays).toEqual(['2026-10-03', '2026-10-17'])
  })

  it('without workingDaysOnly takes exactly the chosen weekdays, holidays included', () => {
    const p = pattern({ workingDaysOnly: false })
    expect(starts(p)).toEqual([
      '2026-09-28 09:00', '2026-09-29 09:00', '2026-09-30 09:00', '2026-10-01 09:00', '2026-10-02 09:00',
      '2026-10-05 09:00', '2026-10-06 09:00', '2026-10-07 09:00', '2026-10-08 09:00', '2026-10-09 09:00',
    ])
    expect(expandPattern(cal, p, now).skippedDays).toEqual([])
  })

  it('puts every time on each day at Shanghai wall-clock time, in order, and leaves out times already begun', () => {
    const p = pattern({ from: '2026-09-29', to: '2026-09-30', times: [{ start: '14:00', end: '15:30' }, { start: '08:30', end: '09:00' }] })
    expect(starts(p)).toEqual(['2026-09-29 08:30', '2026-09-29 14:00', '2026-09-30 08:30', '2026-09-30 14:00'])
    const r = expandPattern(cal, p, now)
    expect(r.slots[1].endsAt.toISOString()).toBe('2026-09-29T07:30:00.000Z')
    expect(starts(p, new Date('2026-09-29T08:30:00+08:00'))).toEqual(['2026-09-29 14:00', '2026-09-30 08:30', '2026-09-30 14:00'])
  })
})

describe('checkPattern', () => {
  const fieldOf = (p: SlotPattern, today = '2026-09-01') => {
    try {
      checkPattern(p, today)
      return null
    } catch (e) {
      return ((e as AppError).details as { fields: { field: string }[] }).fields[0].field
    }
  }
  it.each([
    ['a day that does not exist', pattern({ from: '2026-02-30' }), 'from'],
    ['to before from', pattern({ from: '2026-10-02', to: '2026-10-01' }), 'to'],
    ['93 days', pattern({ from: '2026-10-01', to: '2027-01-01' }), 'to'],
    ['wholly in the past', pattern({ from: '2026-08-01', to: '2026-08-31' }), 'to'],
    ['more than a year ahead', pattern({ from: '2027-12-01', to: '2027-12-02' }), 'to'],
    ['a time ending before it starts', pattern({ times: [{ start: '09:00', end: '10:00' }, { start: '11:00', end: '10:30' }] }), 'times.1.end'],
    ['overlapping times', pattern({ times: [{ start: '09:00', end: '10:00' }, { start: '09:30', end: '11:00' }] }), 'times'],
    ['the same time twice', pattern({ times: [{ start: '09:00', end: '10:00' }, { start: '09:00', end: '10:00' }] }), 'times'],
  ])('%s is refused naming the field', (_, p, field) => {
    expect(fieldOf(p)).toBe(field)
  })
  it('accepts 92 days, back-to-back times, and a range that began before today', () => {
    expect(fieldOf(pattern({ from: '2026-10-01', to: '2026-12-31' }))).toBeNull()
    expect(fieldOf(pattern({ times: [{ start: '09:00', end: '10:00' }, { start: '10:00', end: '11:00' }] }))).toBeNull()
    expect(fieldOf(pattern({ from: '2026-08-20', to: '2026-09-10' }))).toBeNull()
  })
})
