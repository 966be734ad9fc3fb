import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc.js'
import timezone from 'dayjs/plugin/timezone.js'

dayjs.extend(utc)
dayjs.extend(timezone)

export const TZ = 'Asia/Shanghai'

/** Asia/Shanghai is UTC+8 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * 3600_000

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
