/** Times are shown in Asia/Shanghai, which has been UTC+8 without daylight saving since 1991. */
const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000

const pad = (n: number) => String(n).padStart(2, '0')

/** `2026-11-22T02:05:00Z` → `2026-11-22 10:05` (Asia/Shanghai). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return ''
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return ''
  const d = new Date(t + SHANGHAI_OFFSET_MS)
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
}

/** The Asia/Shanghai calendar date and clock time of an instant: `{ date: '2026-11-22', time: '10:05' }`. */
export function shanghaiParts(at: Date | string | number): { date: string; time: string } {
  const d = new Date(new Date(at).getTime() + SHANGHAI_OFFSET_MS)
  return {
    date: `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`,
    time: `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`,
  }
}

/** A Shanghai date (`YYYY-MM-DD`) and time (`HH:mm`) as an ISO instant with its offset, as the API wants. */
export function shanghaiIso(date: string, time = '00:00'): string {
  return `${date}T${time}:00+08:00`
}

/** A short, friendly time for lists: today `10:05`, this year `11-20 10:05`, else the full date. */
export function formatShortTime(iso: string | null | undefined, now: Date = new Date()): string {
  if (!iso) return ''
  const t = Date.parse(iso)
  if (Number.isNaN(t)) return ''
  const at = shanghaiParts(t)
  const today = shanghaiParts(now)
  if (at.date === today.date) return `今天 ${at.time}`
  if (at.date.slice(0, 4) === today.date.slice(0, 4)) return `${at.date.slice(5)} ${at.time}`
  return at.date
}
