import type { z } from 'zod'
import { invalid } from '../../core/errors.ts'
import type { WorkingCalendar } from '../../core/calendar.ts'
import { addDays, DAY_MS, shanghaiDayStart as dayStart } from '../../core/time.ts'
import type { SlotPatternBody } from './service.schema.ts'

export type SlotPattern = z.output<typeof SlotPatternBody>
export type PlannedSlot = { startsAt: Date; endsAt: Date }

/** The most days one pattern may cover, and how far ahead slots may be published. */
export const MAX_PATTERN_DAYS = 92
export const MAX_AHEAD_DAYS = 366

const minutesOf = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5))

/** True for a YYYY-MM-DD that names a real day (not 2026-02-30). */
export function isRealDay(day: string): boolean {
  const t = Date.parse(`${day}T00:00:00Z`)
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === day
}

/** Days from `a` to `b` (YYYY-MM-DD), negative when b is earlier. */
export const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / DAY_MS)

/** ISO weekday of a day: 1 = Monday … 7 = Sunday. */
const weekdayOf = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay() || 7

/**
 * Checks a pattern against the rules a schema cannot express, each a 400 naming the field: real
 * dates, `from` ≤ `to` within 92 days, not wholly past nor more than a year ahead, every time
 * ending after it starts, and no two times overlapping on a day.
 */
export function checkPattern(p: SlotPattern, today: string): void {
  if (!isRealDay(p.from)) throw invalid('from', '日期不存在')
  if (!isRealDay(p.to)) throw invalid('to', '日期不存在')
  if (daysBetween(p.from, p.to) < 0) throw invalid('to', '结束日期不能早于开始日期')
  if (daysBetween(p.from, p.to) >= MAX_PATTERN_DAYS) throw invalid('to', `一次最多安排${MAX_PATTERN_DAYS}天`)
  if (daysBetween(today, p.to) < 0) throw invalid('to', '结束日期已经过去')
  if (daysBetween(today, p.to) > MAX_AHEAD_DAYS) throw invalid('to', '最多只能安排一年以内的时段')
  p.times.forEach((t, i) => {
    if (minutesOf(t.end) <= minutesOf(t.start)) throw invalid(`times.${i}.end`, '结束时间须晚于开始时间')
  })
  const sorted = [...p.times].sort((a, b) => minutesOf(a.start) - minutesOf(b.start))
  for (let i = 1; i < sorted.length; i++) {
    if (minutesOf(sorted[i].start) < minutesOf(sorted[i - 1].end)) {
      throw invalid('times', `时段 ${sorted[i - 1].start}–${sorted[i - 1].end} 与 ${sorted[i].start}–${sorted[i].end} 重叠`)
    }
  }
}

/**
 * The slots a (checked) pattern asks for, in start order. With `workingDaysOnly` the working
 * calendar decides: a chosen day that is not a working day (a weekend, a public holiday) is
 * skipped and listed, and a 调休 working Saturday or Sunday gets slots whenever any of Monday–Friday
 * is chosen. Times already started at `now` are left out.
 */
export function expandPattern(
  cal: Pick<WorkingCalendar, 'isWorkingDay'>, p: SlotPattern, now: Date,
): { slots: PlannedSlot[]; skippedDays: string[] } {
  const chosen = new Set(p.weekdays)
  const anyWeekday = p.weekdays.some((w) => w <= 5)
  const slots: PlannedSlot[] = []
  const skippedDays: string[] = []
  const times = [...p.times].sort((a, b) => minutesOf(a.start) - minutesOf(b.start))
  for (let i = 0, n = daysBetween(p.from, p.to); i <= n; i++) {
    const day = addDays(p.from, i)
    const weekday = weekdayOf(day)
    let included = chosen.has(weekday)
    if (p.workingDaysOnly) {
      if (!cal.isWorkingDay(day)) {
        if (included) skippedDays.push(day)
        continue
      }
      // A working Saturday or Sunday is a 调休 make-up day: it stands in for a weekday.
      if (weekday >= 6 && anyWeekday) included = true
    }
    if (!included) continue
    const base = dayStart(day).getTime()
    for (const t of times) {
      const startsAt = new Date(base + minutesOf(t.start) * 60_000)
      if (startsAt <= now) continue
      slots.push({ startsAt, endsAt: new Date(base + minutesOf(t.end) * 60_000) })
    }
  }
  return { slots, skippedDays }
}
