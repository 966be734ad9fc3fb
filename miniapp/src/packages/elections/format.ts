/** Small pure helpers shared by the elections pages. */

/** A receipt code in groups of 4 for reading aloud or copying by hand (`K7M3QX9A2B4C` → `K7M3 QX9A 2B4C`). */
export function groupTracker(code: string): string {
  return code.replace(/(.{4})(?=.)/g, '$1 ')
}

/** What a resident typed as a receipt code: spaces dropped, upper case (the API compares that). */
export function normalizeTracker(typed: string): string {
  return typed.replace(/\s+/g, '').toUpperCase()
}

/** A turnout fraction (0–1) as a percent with one decimal (`0.756` → `75.6%`). */
export function percent(fraction: number): string {
  return `${Math.round(fraction * 1000) / 10}%`
}
