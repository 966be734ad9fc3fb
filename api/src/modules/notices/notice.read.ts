import type { RowDataPacket } from 'mysql2'
import type { SqlPool } from '../../core/db.ts'
import { buildingName, type NoticeRow, type TargetNames } from './notice.presenter.ts'

type Raw = RowDataPacket & {
  id: number; street_id: number; community_id: number; author_id: number; title: string; body_html: string; summary: string
  category: NoticeRow['category']; importance: NoticeRow['importance']; target_type: NoticeRow['targetType']; status: NoticeRow['status']
  publish_at: Date | null; published_at: Date | null; pinned_until: Date | null; expires_at: Date | null; withdrawn_at: Date | null
  withdraw_reason: string | null; version: number; community_name: string; author_name: string; revision_count: number
  targets_json: unknown; images_json: unknown
}

type TargetJson = { id: number; gridId: number | null; buildingId: number | null; gridName: string | null; estate: string | null; buildingName: string | null }
type ImageJson = { position: number; id: number; storageKey: string; width: number; height: number }

// mysql2 hands JSON back parsed or as text depending on the server's column type for it.
const parse = <T>(json: unknown): T[] => (json == null ? [] : ((typeof json === 'string' ? JSON.parse(json) : json) as T[]))

/**
 * The notice row the detail view needs (the same shape as the Prisma `noticeInclude` load), with
 * the names of its target grids and buildings, in one round trip. The resident's detail page is
 * read far more often than any notice is written, and the Prisma load costs six statements.
 */
export async function readNoticeRow(sql: SqlPool, id: number): Promise<{ row: NoticeRow; names: TargetNames } | null> {
  const [rows] = await sql.query<Raw[]>(
    `SELECT n.id, n.street_id, n.community_id, n.author_id, n.title, n.body_html, n.summary, n.category, n.importance,
       n.target_type, n.status, n.publish_at, n.published_at, n.pinned_until, n.expires_at, n.withdrawn_at,
       n.withdraw_reason, n.version, c.name AS community_name, a.display_name AS author_name,
       (SELECT COUNT(*) FROM notice_revisions r WHERE r.notice_id = n.id) AS revision_count,
       (SELECT JSON_ARRAYAGG(JSON_OBJECT('id', t.id, 'gridId', t.grid_id, 'buildingId', t.building_id,
          'gridName', g.name, 'estate', b.estate, 'buildingName', b.name))
        FROM notice_targets t LEFT JOIN grids g ON g.id = t.grid_id LEFT JOIN buildings b ON b.id = t.building_id
        WHERE t.notice_id = n.id) AS targets_json,
       (SELECT JSON_ARRAYAGG(JSON_OBJECT('position', i.position, 'id', u.id, 'storageKey', u.storage_key, 'width', u.width, 'height', u.height))
        FROM notice_images i JOIN uploads u ON u.id = i.upload_id WHERE i.notice_id = n.id) AS images_json
     FROM notices n JOIN communities c ON c.id = n.community_id JOIN users a ON a.id = n.author_id
     WHERE n.id = ?`,
    [id],
  )
  const r = rows[0]
  if (!r) return null
  const targets = parse<TargetJson>(r.targets_json).sort((x, y) => x.id - y.id)
  const images = parse<ImageJson>(r.images_json).sort((x, y) => x.position - y.position)
  const names: TargetNames = new Map()
  for (const t of targets) {
    if (t.gridId !== null && t.gridName !== null) names.set(`g:${t.gridId}`, t.gridName)
    if (t.buildingId !== null && t.estate !== null && t.buildingName !== null) names.set(`b:${t.buildingId}`, buildingName({ estate: t.estate, name: t.buildingName }))
  }
  const row: NoticeRow = {
    id: r.id,
    streetId: r.street_id,
    communityId: r.community_id,
    title: r.title,
    bodyHtml: r.body_html,
    summary: r.summary,
    category: r.category,
    importance: r.importance,
    targetType: r.target_type,
    status: r.status,
    publishAt: r.publish_at,
    publishedAt: r.published_at,
    pinnedUntil: r.pinned_until,
    expiresAt: r.expires_at,
    withdrawnAt: r.withdrawn_at,
    withdrawReason: r.withdraw_reason,
    version: r.version,
    community: { id: r.community_id, name: r.community_name },
    targets: targets.map((t) => ({ gridId: t.gridId, buildingId: t.buildingId })),
    images: images.map((i) => ({ upload: { id: i.id, storageKey: i.storageKey, width: i.width, height: i.height } })),
    author: { displayName: r.author_name },
    _count: { revisions: Number(r.revision_count) },
  }
  return { row, names }
}
