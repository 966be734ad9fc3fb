// The resident's hot reads of `npm run bench` (issue 12 §2): what the mini-program asks on every
// start — who am I (`GET /api/v1/me`), how many unread messages, the message centre's first
// page — and a bare Koa hello-world, the floor `/api/health` is read against. The sampled
// residents get a fixed set of message-centre entries first (30 each, 8 unread; inserted once,
// kept: INSERT IGNORE on the messages' unique key makes a second run a no-op).
import type { Connection } from 'mysql2/promise'
import type { Scenario } from './scenarios-reports.ts'

/** Scenario keys of this file (`--only`). */
export const READ_SCENARIO_KEYS = ['koa-hello', 'me', 'unread', 'messages']

const MESSAGES_EACH = 30
const UNREAD_EACH = 8

type Ctx = {
  db: Connection
  api: string
  koaHello: string
  users: number[]
  token: (userId: number) => string
  only?: Set<string>
  log: (s: string) => void
}

/** Gives each resident MESSAGES_EACH messages (the newest UNREAD_EACH unread), once. */
async function seedMessages(db: Connection, users: number[]): Promise<number> {
  const [r] = await db.query(
    `INSERT IGNORE INTO messages (user_id, kind, title, body, link, resource_type, resource_id, read_at, created_at)
     SELECT u.id, 'notice', CONCAT('社区公告 ', s.seq), '请留意本周末的停水安排，提前储水。', '/packages/notices/detail/index',
       'bench', CAST(s.seq AS CHAR),
       IF(s.seq > ?, NULL, UTC_TIMESTAMP(3) - INTERVAL s.seq HOUR), UTC_TIMESTAMP(3) - INTERVAL (? - s.seq) HOUR
     FROM users u JOIN seq_1_to_${MESSAGES_EACH} s WHERE u.id IN (?)`,
    [MESSAGES_EACH - UNREAD_EACH, MESSAGES_EACH, users],
  )
  return (r as { affectedRows: number }).affectedRows
}

/** Builds the read scenarios (the residents rotate, one token each, as the list scenario does). */
export async function readScenarios(ctx: Ctx): Promise<Scenario[]> {
  const wanted = (key: string) => !ctx.only || ctx.only.has(key)
  if (wanted('unread') || wanted('messages')) {
    const added = await seedMessages(ctx.db, ctx.users)
    if (added) ctx.log(`  messages: ${added} added for ${ctx.users.length} residents (${MESSAGES_EACH} each, ${UNREAD_EACH} unread)`)
  }
  const asResidents = () => {
    let i = 0
    return (req: { headers?: Record<string, string> }) => ({ ...req, headers: { ...req.headers, authorization: ctx.token(ctx.users[i++ % ctx.users.length]) } })
  }
  const n = ctx.users.length
  return [
    { key: 'koa-hello', label: 'Koa hello-world (bare Koa, one middleware, JSON)', base: ctx.koaHello, path: '/', ready: () => true },
    { key: 'me', label: `me \`GET /api/v1/me\` as a resident (${n} residents)`, base: ctx.api, path: '/api/v1/me', ready: () => true, setup: asResidents },
    { key: 'unread', label: `unread count \`GET /api/v1/messages/unread-count\` (${n} residents)`, base: ctx.api, path: '/api/v1/messages/unread-count', ready: () => true, setup: asResidents },
    { key: 'messages', label: `message centre \`GET /api/v1/messages\` first page (${n} residents)`, base: ctx.api, path: '/api/v1/messages', ready: () => true, setup: asResidents },
  ]
}
