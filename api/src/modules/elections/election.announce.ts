import type { Deps } from '../../core/context.ts'
import type { Tx } from '../../core/db.ts'
import { plainText, sanitizeRichText } from '../../core/sanitize.ts'
import { notifyUsers } from '../messages/message.notify.ts'
import { bumpFeedVersion } from '../notices/notice.feed.ts'
import { communityResidents, electionLink } from './election.phases.ts'

export type Announcement = { key: string; title: string; body: string; phase: string }

/**
 * Announces a change of the election to its community, inside the change's transaction: a
 * message-centre entry (and subscribe message) for each resident, and a published notice on the
 * community's notice board under the organiser's name (公告栏, for those who read the board rather
 * than their messages; none for an election without an organiser, e.g. a seed's). The notice does not fan out messages of its own: the residents were just told.
 */
export async function announce(tx: Tx, deps: Deps, e: { id: number; title: string; communityId: number }, m: Announcement, now: Date) {
  const title = `${e.title}：${m.title}`.slice(0, 100)
  await notifyUsers(tx, deps.config, {
    kind: 'election_phase', resourceType: 'election', resourceId: `${e.id}:${m.key}`,
    userIds: await communityResidents(tx, e.communityId),
    title, body: m.body, link: electionLink(e.id), templateKey: 'election',
    payload: { title: e.title, phase: m.phase, time: now.toISOString() }, now,
  })
  const [org] = await tx.$queryRaw<{ street_id: number; created_by: number | null }[]>`SELECT c.street_id, e.created_by
    FROM elections e JOIN communities c ON c.id = e.community_id WHERE e.id = ${e.id}`
  if (!org?.created_by) return // an election made outside the API (a seed) has no organiser to sign the notice
  const bodyHtml = sanitizeRichText(`${m.body}\n\n选举的时间安排、选民条件、选民名单、候选人和结果，请在「邻里通」小程序「议事 › 社区选举」中查看。`)
  await tx.$executeRaw`INSERT INTO notices (street_id, community_id, author_id, title, body_html, summary, category, importance, target_type, status, publish_at, published_at, created_at, updated_at)
    VALUES (${Number(org.street_id)}, ${e.communityId}, ${Number(org.created_by)}, ${title}, ${bodyHtml}, ${plainText(bodyHtml, 120)}, 'notice', 'normal', 'community', 'published', ${now}, ${now}, ${now}, ${now})`
  await bumpFeedVersion(tx, e.communityId, now)
}
