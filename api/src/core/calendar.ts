import type { Deps } from './context.ts'
import { cachedLoad } from './cache.ts'
import { formatDateOnly } from './time.ts'

export type DayKind = 'holiday' | 'workday'
/** Special days keyed 'YYYY-MM-DD' (Asia/Shanghai); working periods in minutes after midnight. */
export type CalendarData = { days: Map<string, { kind: DayKind; name: string }>; periods: { start: number; end: number }[] }

const MINUTE = 60_000
const DAY = 86_400_000
/** Asia/Shanghai is UTC+8 all year (no daylight saving), so local time is a fixed shift. */
const OFFSET = 8 * 60 * MINUTE
/** How far ahead to look for working time before deciding the calendar has none. */
const MAX_IDLE_DAYS = 3 * 366

/** The Shanghai day number (days since 1970-01-01) of an instant. */
const dayOf = (ms: number) => Math.floor((ms + OFFSET) / DAY)
/** The instant a Shanghai day begins. */
const dayStart = (day: number) => day * DAY - OFFSET
const dayKey = (day: number) => new Date(day * DAY).toISOString().slice(0, 10)

/**
 * Working time: weekdays minus public holidays plus 调休 make-up days, within the working periods
 * of each day. Deadlines and paused time are measured on it. All arithmetic is on the fixed +8h
 * offset, never on the process's time zone.
 */
export class WorkingCalendar {
  private readonly days: CalendarData['days']
  /** Periods sorted, in ms after local midnight. */
  private readonly periods: { start: number; end: number }[]

  constructor(data: CalendarData) {
    this.days = data.days
    this.periods = data.periods
      .filter((p) => p.end > p.start)
      .map((p) => ({ start: p.start * MINUTE, end: p.end * MINUTE }))
      .sort((a, b) => a.start - b.start)
  }

  /** Mon–Fri unless marked a holiday; Sat/Sun only when marked a working day (调休). */
  isWorkingDay(day: string): boolean {
    const special = this.days.get(day)
    if (special) return special.kind === 'workday'
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay()
    return weekday >= 1 && weekday <= 5
  }

  /** The working periods of a Shanghai day number as absolute [start, end) ms; none on a day off. */
  private periodsOn(day: number): { start: number; end: number }[] {
    if (!this.periods.length || !this.isWorkingDay(dayKey(day))) return []
    const base = dayStart(day)
    return this.periods.map((p) => ({ start: base + p.start, end: base + p.end }))
  }

  /**
   * The instant `minutes` of working time after `start`. A start outside working hours begins
   * counting at the next working period; a deadline that uses up a period exactly ends at its end.
   */
  addWorkingMinutes(start: Date, minutes: number): Date {
    let remaining = minutes * MINUTE
    const t = start.getTime()
    if (!(remaining > 0)) return new Date(t)
    let idle = 0
    for (let day = dayOf(t); ; day++) {
      const periods = this.periodsOn(day)
      let used = false
      for (const p of periods) {
        const from = Math.max(p.start, t)
        if (from >= p.end) continue
        used = true
        const available = p.end - from
        if (remaining <= available) return new Date(from + remaining)
        remaining -= available
      }
      idle = used ? 0 : idle + 1
      if (idle > MAX_IDLE_DAYS) throw new Error(`工作日历在 ${dayKey(day - idle)} 之后三年内没有任何工作时间，无法计算时限`)
    }
  }

  /** Working minutes in [a, b); 0 when b <= a. Fractional when the instants are not on whole minutes. */
  workingMinutesBetween(a: Date, b: Date): number {
    const from = a.getTime()
    const to = b.getTime()
    if (to <= from) return 0
    let total = 0
    for (let day = dayOf(from), last = dayOf(to); day <= last; day++) {
      for (const p of this.periodsOn(day)) {
        const s = Math.max(p.start, from)
        const e = Math.min(p.end, to)
        if (e > s) total += e - s
      }
    }
    return total / MINUTE
  }

  /** Minutes in one full working day (the sum of the periods), e.g. 420 for 09:00–12:00, 13:30–17:30. */
  get minutesPerDay(): number {
    return this.periods.reduce((sum, p) => sum + (p.end - p.start), 0) / MINUTE
  }
}

/** The deadline `minutes` after start: in working time, or plain clock time for 'calendar' (urgent) categories. */
export function deadlineAfter(cal: WorkingCalendar, start: Date, minutes: number, clock: 'working' | 'calendar'): Date {
  return clock === 'calendar' ? new Date(start.getTime() + minutes * MINUTE) : cal.addWorkingMinutes(start, minutes)
}

/** Reads the special days and working periods from the database into a calendar (uncached). */
export async function loadCalendar(db: Deps['db']): Promise<WorkingCalendar> {
  const [days, periods] = await Promise.all([
    db.calendarDay.findMany({ select: { day: true, kind: true, name: true } }),
    db.workPeriod.findMany({ select: { startMinute: true, endMinute: true }, orderBy: { startMinute: 'asc' } }),
  ])
  return new WorkingCalendar({
    days: new Map(days.map((d) => [formatDateOnly(d.day), { kind: d.kind, name: d.name }])),
    periods: periods.map((p) => ({ start: p.startMinute, end: p.endMinute })),
  })
}

/** The calendar from the database, cached per process for 5 s (an admin edit clears it at once). */
export function getCalendar(deps: Pick<Deps, 'db' | 'caches'>): Promise<WorkingCalendar> {
  return cachedLoad(deps.caches.calendar, 'calendar', () => loadCalendar(deps.db))
}

/** Drops this process's cached calendar (after an admin edit). */
export function clearCalendarCache(deps: Pick<Deps, 'caches'>): void {
  deps.caches.calendar.clear()
}
