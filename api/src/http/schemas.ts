import { z } from 'zod'

/** A positive integer path parameter (`:id`, `:oid`…), 400 naming it when it is anything else. */
export function pathId(name: string) {
  const message = `${name} 必须是正整数`
  return z.coerce.number({ message }).int(message).positive(message)
}

/** Path parameters that are all positive integers, e.g. `idParams('id', 'oid')` for `/topics/:id/opinions/:oid`. */
export function idParams<K extends string>(...names: K[]) {
  return z.object(Object.fromEntries(names.map((n) => [n, pathId(n)])) as Record<K, ReturnType<typeof pathId>>).strict()
}

/** `/:id` of every record route. */
export const IdParam = idParams('id')

/** The opaque `?cursor=` of every list (core/pagination.ts decodes it). */
export const Cursor = z.string().max(64).optional()

/** `?limit=&cursor=` shared by every list. */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: Cursor,
})
