import dayjs from 'dayjs'
import utc from 'dayjs/plugin/utc.js'
import timezone from 'dayjs/plugin/timezone.js'

dayjs.extend(utc)
dayjs.extend(timezone)

export const TZ = 'Asia/Shanghai'

/** Wall-clock time in Asia/Shanghai, e.g. `2026-11-22 14:05`. */
export function formatShanghai(d: Date, pattern = 'YYYY-MM-DD HH:mm'): string {
  return dayjs(d).tz(TZ).format(pattern)
}

/** A DATE column value (midnight UTC) as `YYYY-MM-DD`. */
export function formatDateOnly(d: Date): string {
  return d.toISOString().slice(0, 10)
}
