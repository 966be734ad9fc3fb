/** A rate 0..1 as a percentage with one decimal (`0.9333` → `93.3%`); `—` when there is no data. */
export function percent(rate: number | null | undefined): string {
  if (rate === null || rate === undefined || Number.isNaN(rate)) return '—'
  const tenths = Math.round(rate * 1000) / 10
  return `${Number.isInteger(tenths) ? tenths.toFixed(0) : tenths.toFixed(1)}%`
}

/** The month `delta` months from `month` (`YYYY-MM`): `shiftMonth('2026-01', -1)` → `2025-12`. */
export function shiftMonth(month: string, delta: number): string {
  const [y, m] = month.split('-').map(Number)
  const index = y * 12 + (m - 1) + delta
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`
}

/** `2026-12` → `2026年12月`. */
export function monthText(month: string): string {
  const [y, m] = month.split('-')
  return `${y}年${Number(m)}月`
}
