/** Where a value read from a JSON column may arrive as text or parsed: its array, or [] for anything else. */
export function jsonArray(v: unknown): unknown[] {
  let arr: unknown = v
  if (typeof v === 'string') {
    try {
      arr = JSON.parse(v)
    } catch {
      return []
    }
  }
  return Array.isArray(arr) ? arr : []
}
