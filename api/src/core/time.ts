import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc.js'
import timezone from 'dayjs/plugin/timezone.js'

dayjs.extend(utc)
dayjs.extend(timezone)

export const TZ = 'Asia/Shanghai'

/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991). */
export const SHANGHAI_OFFSET_MS = 8 * 3600_000
export const DAY_MS = 86_400_000

/**
 * Wall-clock time in Asia/Shanghai, e.g. `2026-11-22 14:05`: the UTC fields of the instant moved
 * by the fixed +8 h offset. The time-zone plugin's lookup cost ~0.7 ms a call, on every report
 * filed (docs/benchmarks.md); patterns here never print the offset itself.
 */
export function formatShanghai(d: Date, pattern = 'YYYY-MM-DD HH:mm'): string {
  return dayjs.utc(d.getTime() + SHANGHAI_OFFSET_MS).format(pattern)
}

/** A DATE column value (midnight UTC) as `YYYY-MM-DD`. */
export function formatDateOnly(d: Date): string {
  return d.toISOString().slice(0, 10)
}

/** The Asia/Shanghai day of an instant, `YYYY-MM-DD`. */
export const shanghaiDay = (d: Date): string => formatShanghai(d, 'YYYY-MM-DD')

/** The instant a Shanghai day (`YYYY-MM-DD`) begins. */
export const shanghaiDayStart = (day: string): Date => new Date(Date.parse(`${day}T00:00:00Z`) - SHANGHAI_OFFSET_MS)

/** The day `n` days after `day` (`YYYY-MM-DD`). */
export const addDays = (day: string, n: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY_MS).toISOString().slice(0, 10)

/** The instant a Shanghai day begins, at or before `d`. */
export const startOfShanghaiDay = (d: Date): Date => new Date(Math.floor((d.getTime() + SHANGHAI_OFFSET_MS) / DAY_MS) * DAY_MS - SHANGHAI_OFFSET_MS)
