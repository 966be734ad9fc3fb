import { expect } from 'vitest'
import type { Client } from './client.ts'

/**
 * A kept answer goes out again as the same bytes: one ETag across calls, the same body, and 304
 * when the client sends the ETag back.
 */
export async function expectKeptAnswer(client: Client, path: string): Promise<void> {
  const first = await client.get(path)
  const etag = first.headers.get('etag')
  expect(etag).toBeTruthy()
  const again = await client.get(path)
  expect(again.headers.get('etag')).toBe(etag)
  expect(again.body).toEqual(first.body)
  // fetch adds Cache-Control: no-cache to a conditional request unless the request names its own.
  expect((await client.get(path, { 'if-none-match': etag!, 'cache-control': 'max-age=0' })).status).toBe(304)
}
