import type { Actor } from '../../core/actor.ts'
import { roleScope } from '../../core/actor.ts'
import { TtlCache } from '../../core/cache.ts'

import type { DbOrTx, SqlPool } from '../../core/db.ts'
import { invalid } from '../../core/errors.ts'
import { keepSerialised } from '../../core/serialised.ts'
import { fileUrl } from '../../core/fileUrls.ts'
import { CATEGORY_LABELS } from './notice.schema.ts'

/**
 * Whose notices a caller reads. Residents: the communities, grids and buildings of their approved
 * households. Staff: community/street scope sees every notice of those communities; grid workers
 * see notices for their grids' communities, their grids, and buildings in their grids.
 */
export type Audience = {
  communityIds: number[]
  /** Communities whose every notice is visible (community and street staff). */
  fullCommunityIds: number[]
  /** Notices targeted at these grids are visible. */
  gridIds: number[]
  /** Notices targeted at these buildings are visible. */
  buildingIds: number[]
  /** Notices targeted at any building in these grids are visible (grid staff). */
  buildingGridIds: number[]
}

const uniq = (xs: number[]) => [...new Set(xs)].sort((a, b) => a - b)

/** The caller's audience; residents need no query. */
export async function audienceOf(db: DbOrTx, actor: Actor): Promise<Audience> {
  const r = actor.residence
  const a: Audience = {
    communityIds: [...r.communityIds],
    fullCommunityIds: [],
    gridIds: [...r.gridIds],
    buildingIds: [...r.buildingIds],
    buildingGridIds: [],
  }
  a.fullCommunityIds.push(...roleScope(actor, 'committee', 'grid_leader').communityIds)
  const streets = roleScope(actor, 'street').streetIds
  if (streets.length) {
    const cs = await db.community.findMany({ where: { streetId: { in: streets } }, select: { id: true } })
    a.fullCommunityIds.push(...cs.map((c) => c.id))
  }
  const worker = roleScope(actor, 'grid_worker')
  a.gridIds.push(...worker.gridIds)
  a.buildingGridIds.push(...worker.gridIds)
  a.communityIds.push(...worker.gridCommunityIds)
  a.communityIds.push(...a.fullCommunityIds)
  return {
    communityIds: uniq(a.communityIds),
    fullCommunityIds: uniq(a.fullCommunityIds),
    gridIds: uniq(a.gridIds),
    buildingIds: uniq(a.buildingIds),
    buildingGridIds: uniq(a.buildingGridIds),
  }
}

export const audienceKey = (a: Audience) =>
  `c${a.communityIds}|f${a.fullCommunityIds}|g${a.gridIds}|b${a.buildingIds}|bg${a.buildingGridIds}`

type Sql = { sql: string; params: unknown[] }

/** The statuses a visible notice can have: published, or scheduled and due but not yet promoted. */
const VISIBLE_STATUSES = ['published', 'scheduled'] as const
type VisibleStatus = (typeof VISIBLE_STATUSES)[number]

/**
 * The SQL condition "notice n is visible to this audience now": published (or scheduled and
 * due), not expired, and targeted at the audience. The single definition used by the feed, the
 * detail check and the benchmark baseline. `statuses` narrows it to some of the visible statuses
 * (the feed asks one status at a time so that MariaDB can walk the index in order).
 */
export function visibleWhere(a: Audience, now: Date, statuses: readonly VisibleStatus[] = VISIBLE_STATUSES): Sql {
  const reach: string[] = ["n.target_type = 'community'"]
  const params: unknown[] = [a.communityIds, statuses, now, now]
  if (a.fullCommunityIds.length) {
    reach.push('n.community_id IN (?)')
    params.push(a.fullCommunityIds)
  }
  const targeted: string[] = []
  const tParams: unknown[] = []
  if (a.gridIds.length) {
    targeted.push('t.grid_id IN (?)')
    tParams.push(a.gridIds)
  }
  if (a.buildingIds.length) {
    targeted.push('t.building_id IN (?)')
    tParams.push(a.buildingIds)
  }
  if (a.buildingGridIds.length) {
    targeted.push('t.building_id IN (SELECT b.id FROM buildings b WHERE b.grid_id IN (?))')
    tParams.push(a.buildingGridIds)
  }
  if (targeted.length) {
    reach.push(`EXISTS (SELECT 1 FROM notice_targets t WHERE t.notice_id = n.id AND (${targeted.join(' OR ')}))`)
    params.push(...tParams)
  }
  return {
    sql: `n.community_id IN (?) AND n.status IN (?) AND n.publish_at <= ?
      AND (n.expires_at IS NULL OR n.expires_at > ?) AND (${reach.join(' OR ')})`,
    params,
  }
}

export type FeedPage = { pinned: boolean; limit: number; cursor?: { at: Date; id: number }; category?: string }

const FEED_COLUMNS = `n.id, n.title, n.summary, n.category, n.importance, n.publish_at, n.pinned_until, n.community_id,
  c.name AS community_name,
  (SELECT u.storage_key FROM notice_images i JOIN uploads u ON u.id = i.upload_id WHERE i.notice_id = n.id ORDER BY i.position LIMIT 1) AS cover_key`

/**
 * One query of the resident feed: the pinned notices (first page only), or a page of the others,
 * newest first, keyset-paginated on (publish_at, id). Exported for the benchmark baseline.
 *
 * It is a UNION ALL of one branch per visible status, each ordered and limited on its own: with a
 * single status, `(community_id, status, publish_at)` hands rows over in the page's order, so a
 * resident's page reads about `limit` rows instead of the community's whole history (a filesort
 * over two status ranges). The pinned page is served by `(community_id, pinned_until)`.
 */
export function feedQuery(a: Audience, now: Date, page: FeedPage): Sql {
  const branches: string[] = []
  const params: unknown[] = []
  for (const status of VISIBLE_STATUSES) {
    const v = visibleWhere(a, now, [status])
    params.push(...v.params)
    let extra = ''
    if (page.pinned) {
      extra += ' AND n.pinned_until > ?'
      params.push(now)
    } else {
      extra += ' AND (n.pinned_until IS NULL OR n.pinned_until <= ?)'
      params.push(now)
      if (page.cursor) {
        extra += ' AND (n.publish_at < ? OR (n.publish_at = ? AND n.id < ?))'
        params.push(page.cursor.at, page.cursor.at, page.cursor.id)
      }
    }
    if (page.category) {
      extra += ' AND n.category = ?'
      params.push(page.category)
    }
    params.push(page.limit)
    branches.push(`(SELECT ${FEED_COLUMNS} FROM notices n JOIN communities c ON c.id = n.community_id
      WHERE ${v.sql}${extra} ORDER BY n.publish_at DESC, n.id DESC LIMIT ?)`)
  }
  params.push(page.limit)
  return { sql: `${branches.join(' UNION ALL ')} ORDER BY publish_at DESC, id DESC LIMIT ?`, params }
}

type FeedRow = {
  id: number; title: string; summary: string; category: keyof typeof CATEGORY_LABELS; importance: 'normal' | 'important'
  publish_at: Date; pinned_until: Date | null; community_id: number; community_name: string; cover_key: string | null
}

function presentFeedRow(r: FeedRow, now: Date) {
  return {
    id: r.id,
    title: r.title,
    summary: r.summary,
    category: r.category,
    categoryLabel: CATEGORY_LABELS[r.category],
    importance: r.importance,
    isPinned: r.pinned_until !== null && r.pinned_until > now,
    publishedAt: r.publish_at.toISOString(),
    community: { id: r.community_id, name: r.community_name },
    coverUrl: r.cover_key ? fileUrl(r.cover_key) : null,
  }
}

export const encodeFeedCursor = (at: Date, id: number) => Buffer.from(`t:${at.getTime()}:${id}`).toString('base64url')

export function decodeFeedCursor(cursor: string | undefined): { at: Date; id: number } | undefined {
  if (!cursor) return undefined
  const m = /^t:(\d{1,15}):(\d{1,10})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'))
  if (!m) throw invalid('cursor', '分页游标无效')
  return { at: new Date(Number(m[1])), id: Number(m[2]) }
}

type FeedResult = { data: ReturnType<typeof presentFeedRow>[]; page: { nextCursor: string | null } }
type CacheEntry = { versions: string; validUntil: number; result: FeedResult }

/** An entry lives 45–60 s (jittered, so that entries filled together are not refilled together). */
const MAX_CACHE_MS = 60_000
const cacheLifetime = () => MAX_CACHE_MS * (0.75 + Math.random() * 0.25)

/**
 * How long a process trusts its copy of the communities' feed versions. A write on another
 * instance shows here within this time (plus one request): the 1 s freshness bound of issue 12.
 */
export const FEED_VERSIONS_MS = 250

/**
 * This process's copy of every community's feed version: one statement per FEED_VERSIONS_MS of
 * the request clock instead of one per request. Concurrent requests share one read; `forget()`
 * (this process's own writes) makes the next request read again.
 */
export class FeedVersions {
  private snapshot?: { at: number; versions: Map<number, number> }
  private loading?: { at: number; versions: Promise<Map<number, number>> }
  private generation = 0

  constructor(private readonly sql: SqlPool) {}

  /** The versions as of at most FEED_VERSIONS_MS before `now` (never a read from the future). */
  async get(now: number): Promise<Map<number, number>> {
    const fresh = (at: number) => now >= at && now - at < FEED_VERSIONS_MS
    if (this.snapshot && fresh(this.snapshot.at)) return this.snapshot.versions
    if (this.loading && fresh(this.loading.at)) return this.loading.versions
    const generation = this.generation
    const loading = { at: now, versions: this.read() }
    this.loading = loading
    try {
      const versions = await loading.versions
      if (generation === this.generation && this.loading === loading) this.snapshot = { at: now, versions }
      return versions
    } finally {
      if (this.loading === loading) this.loading = undefined
    }
  }

  /** Drops the copy (and any read in flight): the next request reads the versions again. */
  forget(): void {
    this.generation++
    this.snapshot = undefined
    this.loading = undefined
  }

  private async read(): Promise<Map<number, number>> {
    const [rows] = await this.sql.query<({ community_id: number; version: number } & import('mysql2').RowDataPacket)[]>(
      'SELECT community_id, version FROM notice_feed_versions')
    return new Map(rows.map((r) => [r.community_id, Number(r.version)]))
  }
}

const versionsByPool = new WeakMap<SqlPool, FeedVersions>()

/** The feed versions of the app instance whose database pool is `sql` (one copy per instance). */
function feedVersionsOf(sql: SqlPool): FeedVersions {
  let v = versionsByPool.get(sql)
  if (!v) versionsByPool.set(sql, (v = new FeedVersions(sql)))
  return v
}

/**
 * Call after committing a change to what readers see (the transaction bumped the feed version):
 * this instance's next feed request reads the versions again instead of trusting its copy.
 */
export function feedChanged(sql: SqlPool): void {
  feedVersionsOf(sql).forget()
}

/**
 * The feed with a shared-nothing cache that is never stale by more than FEED_VERSIONS_MS: an entry
 * is used only while (a) every community's feed version is unchanged — writers bump it in the
 * same transaction as the change, and every instance re-reads the versions at least every
 * FEED_VERSIONS_MS (this one at once after its own writes: `feedChanged()`) — and (b) no
 * time-driven change (a scheduled notice becoming due, a pin ending, an expiry) has come since it
 * was filled. A hit hands back the very same result object, so its serialised bytes can be kept.
 */
export class NoticeFeed {
  private readonly cache = new TtlCache<string, CacheEntry>(MAX_CACHE_MS, 5_000)
  private readonly feedVersions: FeedVersions

  constructor(private readonly sql: SqlPool) {
    this.feedVersions = feedVersionsOf(sql)
  }

  private async versions(communityIds: number[], now: Date): Promise<string> {
    const m = await this.feedVersions.get(now.getTime())
    return communityIds.map((id) => `${id}:${m.get(id) ?? 0}`).join(',')
  }

  /**
   * The next moment a time-driven change alters what these communities' readers see: a scheduled
   * notice falling due, a pin ending, an expiry. Three MIN()s, each a short range of an index
   * that leads with community_id; returned as separate DATETIME columns so that mysql2 hands back
   * Dates (LEAST() with a string fallback would come back as a string).
   */
  async nextChange(communityIds: number[], now: Date): Promise<number> {
    const [rows] = await this.sql.query<({ due: Date | null; unpin: Date | null; expiry: Date | null } & import('mysql2').RowDataPacket)[]>(
      `SELECT
         (SELECT MIN(publish_at) FROM notices WHERE community_id IN (?) AND status = 'scheduled' AND publish_at > ?) AS due,
         (SELECT MIN(pinned_until) FROM notices WHERE community_id IN (?) AND pinned_until > ? AND status IN ('scheduled', 'published')) AS unpin,
         (SELECT MIN(expires_at) FROM notices WHERE community_id IN (?) AND expires_at > ? AND status IN ('scheduled', 'published')) AS expiry`,
      [communityIds, now, communityIds, now, communityIds, now],
    )
    const r = rows[0]
    const times = [r?.due, r?.unpin, r?.expiry].filter((t): t is Date => t instanceof Date).map((t) => t.getTime())
    return times.length ? Math.min(...times) : Number.POSITIVE_INFINITY
  }

  /** A page of the caller's feed (pinned notices first on the first page). */
  async page(a: Audience, q: { limit: number; cursor?: string; category?: string }, now: Date): Promise<FeedResult> {
    if (!a.communityIds.length) return { data: [], page: { nextCursor: null } }
    const cursor = decodeFeedCursor(q.cursor)
    const key = `${audienceKey(a)}|${q.cursor ?? ''}|${q.limit}|${q.category ?? ''}`
    const versions = await this.versions(a.communityIds, now)
    const hit = this.cache.get(key)
    if (hit && hit.versions === versions && now.getTime() < hit.validUntil) return hit.result

    const [pinnedRows, rows, next] = await Promise.all([
      cursor ? Promise.resolve([] as FeedRow[]) : this.run(feedQuery(a, now, { pinned: true, limit: 10, category: q.category })),
      this.run(feedQuery(a, now, { pinned: false, limit: q.limit + 1, cursor, category: q.category })),
      this.nextChange(a.communityIds, now),
    ])
    const pageRows = rows.slice(0, q.limit)
    const last = pageRows[pageRows.length - 1]
    const result: FeedResult = keepSerialised({
      data: [...pinnedRows, ...pageRows].map((r) => presentFeedRow(r, now)),
      page: { nextCursor: rows.length > q.limit && last ? encodeFeedCursor(last.publish_at, last.id) : null },
    })
    this.cache.set(key, { versions, validUntil: Math.min(next, now.getTime() + cacheLifetime()), result })
    return result
  }

  private async run(q: Sql): Promise<FeedRow[]> {
    const [rows] = await this.sql.query(q.sql, q.params)
    return rows as FeedRow[]
  }
}

/** Bumps a community's feed version; call inside the transaction that changes what readers see. */
export async function bumpFeedVersion(tx: DbOrTx, communityId: number, now: Date): Promise<void> {
  await tx.$executeRaw`INSERT INTO notice_feed_versions (community_id, version, updated_at) VALUES (${communityId}, 1, ${now})
    ON DUPLICATE KEY UPDATE version = version + 1, updated_at = VALUES(updated_at)`
}

/** True when notice `id` is visible to the audience now (the same condition as the feed). */
export async function isVisible(sql: SqlPool, a: Audience, id: number, now: Date): Promise<boolean> {
  if (!a.communityIds.length) return false
  const v = visibleWhere(a, now)
  const [rows] = await sql.query(`SELECT n.id FROM notices n WHERE n.id = ? AND ${v.sql}`, [id, ...v.params])
  return (rows as unknown[]).length > 0
}

