import { invalid } from './errors.ts'

/** Cursors are opaque to clients: base64url of the last row's id (descending lists). */
export function encodeCursor(id: number | bigint | string): string {
  return Buffer.from(`i:${id}`).toString('base64url')
}

/** Decodes a cursor, 400 naming `cursor` when it is not one of ours. */
export function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined || cursor === '') return undefined
  const m = /^i:(\d{1,18})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!m) throw invalid('cursor', '分页游标无效')
  return Number(m[1])
}

/** Takes `limit + 1` rows fetched in order and returns the page plus the next cursor. */
export function pageOf<T extends { id: number | bigint | string }>(rows: T[], limit: number) {
  const items = rows.slice(0, limit)
  const nextCursor = rows.length > limit ? encodeCursor(items[items.length - 1].id) : null
  return { items, page: { nextCursor } }
}
