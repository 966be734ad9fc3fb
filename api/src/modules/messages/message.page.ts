import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { cachePerOwner } from '../../core/cache.ts'
import type { Deps } from '../../core/context.ts'
import { executeRows } from '../../core/db.ts'
import { keepSerialised } from '../../core/serialised.ts'
import { presentMessage } from './message.presenter.ts'
import type { MessageListQuery, MessageView } from './message.schema.ts'
import { listMessages } from './message.service.ts'

/**
 * What a first page is checked against on every call: the user's version in message_versions (0
 * without a row) and their count of unread messages (the unread count's own index range). See
 * migration 20261207000000_message_versions for why this pair never comes back to an earlier value.
 */
const CHECK_SQL = `SELECT COALESCE((SELECT v.version FROM message_versions v WHERE v.user_id = ?), 0) AS version,
    (SELECT COUNT(*) FROM messages m WHERE m.user_id = ? AND m.read_at IS NULL) AS unread`

type Answer = { data: z.output<typeof MessageView>[]; page: { nextCursor: string | null } }
type Kept = { version: number; unread: number; answer: Answer }

/**
 * Per API instance (its Deps). A kept page with its serialisation is ~13 KB, so at most 4,000
 * pages (~55 MB), the oldest dropped first: the people opening the mini-program in the last minutes.
 */
const cacheOf = cachePerOwner<string, Kept>(10 * 60_000, 4_000)

/**
 * GET /messages's whole response body. The first page (no cursor) is kept per instance and user,
 * and answered again, serialised once, while the check reads the same version and unread count:
 * one statement per call instead of the page's twenty-one rows. The check runs before the rows
 * are read, so a change committed in between leaves the entry under the older check and the next
 * call reads again: never staler than a fresh read. Later pages are read every time.
 */
export async function messagePage(deps: Deps, actor: Actor, q: z.output<typeof MessageListQuery>): Promise<Answer> {
  if (q.cursor) return fresh(deps, actor, q)
  const [check] = await executeRows<{ version: number; unread: number }>(deps.sql, CHECK_SQL, [actor.id, actor.id])
  const version = Number(check.version)
  const unread = Number(check.unread)
  const cache = cacheOf(deps)
  const key = `${actor.id}|${q.unread ? 1 : 0}|${q.limit}`
  const hit = cache.get(key)
  if (hit && hit.version === version && hit.unread === unread) return hit.answer
  const answer = keepSerialised(await fresh(deps, actor, q))
  cache.set(key, { version, unread, answer })
  return answer
}

async function fresh(deps: Deps, actor: Actor, q: z.output<typeof MessageListQuery>): Promise<Answer> {
  const { items, page } = await listMessages(deps, actor, q)
  return { data: items.map(presentMessage), page }
}
