import type { z } from 'zod'
import { AppError, type FieldIssue } from './errors.ts'

// Input validation with a zod schema: the 400 VALIDATION_FAILED every route answers, naming each
// offending field. The route declaration (http/route.ts) runs it on params, query and body; a
// service that builds another service's input (Open311 → a report) runs it on what it built.

/** Turns zod issues into the `fields` list of a VALIDATION_FAILED error. */
export function zodIssuesToFields(error: z.ZodError, where: string): FieldIssue[] {
  const out: FieldIssue[] = []
  for (const issue of error.issues) {
    const base = issue.path.map(String).join('.')
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) out.push({ field: base ? `${base}.${key}` : key, message: '不允许的字段' })
    } else {
      out.push({ field: base || where, message: issue.message })
    }
  }
  return out
}

// A UTF-16 surrogate without its pair (JSON lets `"\ud800"` through): not text, and refused by
// the database's JSON columns. String.prototype.isWellFormed (ES2024, in Node 20) finds it.
const illFormed = (s: string) => !(s as unknown as { isWellFormed(): boolean }).isWellFormed()

/** The paths of every string in a parsed input that is not well-formed Unicode. */
function illFormedStrings(value: unknown, where: string): FieldIssue[] {
  const out: FieldIssue[] = []
  const stack: [unknown, string][] = [[value, '']]
  while (stack.length) {
    const [v, path] = stack.pop()!
    if (typeof v === 'string') {
      if (illFormed(v)) out.push({ field: path || where, message: '包含无效的字符' })
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        const at = path ? `${path}.${k}` : k
        if (illFormed(k)) out.push({ field: at, message: '包含无效的字符' })
        stack.push([child, at])
      }
    }
  }
  return out
}

/** Parses one part of the request, or throws 400 naming every offending field. */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, where: 'body' | 'query' | 'params'): z.output<S> {
  const result = schema.safeParse(value)
  const fields = result.success ? illFormedStrings(result.data, where) : zodIssuesToFields(result.error, where)
  if (result.success && !fields.length) return result.data
  const summary = fields.map((f) => `${f.field}: ${f.message}`).join('; ')
  throw new AppError(400, 'VALIDATION_FAILED', summary, { fields })
}
