import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { allowedActions } from '../../core/policy.ts'
import type { FileUrls } from '../../core/fileUrls.ts'
import { noticeImagesArePublic } from '../uploads/upload.access.ts'
import { noticePolicy, noticeState, type NoticeRecord } from './notice.policy.ts'
import { CATEGORY_LABELS, NOTICE_STATE_LABELS, type NoticeSnapshot } from './notice.schema.ts'

export type NoticeRow = NoticeRecord & {
  id: number
  title: string
  summary: string
  bodyHtml: string
  category: keyof typeof CATEGORY_LABELS
  targetType: 'community' | 'grids' | 'buildings'
  publishedAt: Date | null
  pinnedUntil: Date | null
  withdrawnAt: Date | null
  withdrawReason: string | null
  version: number
  community: { id: number; name: string }
  targets: { gridId: number | null; buildingId: number | null }[]
  images: { upload: { id: number; storageKey: string; width: number; height: number } }[]
  author: { displayName: string }
  _count: { revisions: number }
}

const iso = (d: Date | null) => d?.toISOString() ?? null
const date = (s: string | null) => (s === null ? null : new Date(s))

/** Names of the grids (`g:<id>`) and buildings (`b:<id>`) notices are targeted at. */
export type TargetNames = Map<string, string>

/** How a target building is named: 青石花园 1号楼. */
export const buildingName = (b: { estate: string; name: string }) => `${b.estate} ${b.name}`

/** How the target reads: 全社区, 青石第一网格、青石第二网格, or 青石花园 1号楼等5栋楼. */
export function targetLabel(n: Pick<NoticeRow, 'targetType' | 'targets'>, names: TargetNames): string {
  if (n.targetType === 'community') return '全社区'
  const isGrid = n.targetType === 'grids'
  const labels = n.targets.map((t) => names.get(isGrid ? `g:${t.gridId}` : `b:${t.buildingId}`) ?? '')
  const shown = labels.slice(0, 3).join('、')
  return labels.length > 3 ? `${shown}等${labels.length}${isGrid ? '个网格' : '栋楼'}` : shown
}

/** A notice's image URL: plain while the notice is public, signed otherwise (only staff see those). */
const imageUrl = (n: NoticeRow, now: Date, files: FileUrls) => (noticeImagesArePublic(n, now) ? files.plain : files.signed)

/** A notice in the staff list, with its state and the caller's allowed actions. */
export function presentNoticeManage(n: NoticeRow, actor: Actor, now: Date, names: TargetNames, files: FileUrls) {
  const state = noticeState(n, now)
  return {
    id: n.id,
    title: n.title,
    summary: n.summary,
    category: n.category,
    categoryLabel: CATEGORY_LABELS[n.category],
    importance: n.importance,
    isPinned: state === 'published' && n.pinnedUntil !== null && n.pinnedUntil > now,
    publishedAt: iso(n.publishAt),
    community: n.community,
    coverUrl: n.images[0] ? imageUrl(n, now, files)(n.images[0].upload.storageKey) : null,
    state,
    stateLabel: NOTICE_STATE_LABELS[state],
    version: n.version,
    targetLabel: targetLabel(n, names),
    policies: allowedActions(actor, noticePolicy(now), n),
  }
}

/** A whole notice. `readAt` is when the caller read it, if recorded. */
export function presentNoticeDetail(n: NoticeRow, actor: Actor, now: Date, readAt: Date | null, names: TargetNames, files: FileUrls) {
  return {
    ...presentNoticeManage(n, actor, now, names, files),
    bodyHtml: n.bodyHtml,
    images: n.images.map((i) => ({ id: i.upload.id, url: imageUrl(n, now, files)(i.upload.storageKey), width: i.upload.width, height: i.upload.height })),
    target: {
      type: n.targetType,
      gridIds: n.targets.filter((t) => t.gridId !== null).map((t) => t.gridId!),
      buildingIds: n.targets.filter((t) => t.buildingId !== null).map((t) => t.buildingId!),
    },
    publishAt: iso(n.publishAt),
    pinnedUntil: iso(n.pinnedUntil),
    expiresAt: iso(n.expiresAt),
    withdrawnAt: iso(n.withdrawnAt),
    withdrawReason: n.withdrawReason,
    author: { displayName: n.author.displayName },
    readAt: iso(readAt),
    revisions: n._count.revisions,
  }
}

/** A snapshot's target as notice_targets rows, for the target label and its names. */
export function snapshotTargets(t: { gridIds: number[]; buildingIds: number[] }): NoticeRow['targets'] {
  return [...t.gridIds.map((gridId) => ({ gridId, buildingId: null })), ...t.buildingIds.map((buildingId) => ({ gridId: null, buildingId }))]
}

export type RevisionRow = { version: number; title: string; bodyHtml: string; createdAt: Date; snapshot: z.output<typeof NoticeSnapshot> | null }
export type UploadRow = { id: number; storageKey: string; width: number; height: number }

/**
 * One earlier version of a notice. `editor` made the edit that replaced it; its state is the one
 * it had at that moment; images no longer stored are left out, the others have signed URLs.
 */
export function presentRevision(
  r: RevisionRow, n: Pick<NoticeRow, 'streetId' | 'communityId'>, editor: string, uploads: Map<number, UploadRow>, names: TargetNames, files: FileUrls,
) {
  const s = r.snapshot
  let snapshot = null
  if (s) {
    const state = noticeState({ ...n, status: s.status, importance: s.importance, publishAt: date(s.publishAt), expiresAt: date(s.expiresAt) }, r.createdAt)
    snapshot = {
      summary: s.summary,
      category: s.category,
      categoryLabel: CATEGORY_LABELS[s.category],
      importance: s.importance,
      state,
      stateLabel: NOTICE_STATE_LABELS[state],
      target: s.target,
      targetLabel: targetLabel({ targetType: s.target.type, targets: snapshotTargets(s.target) }, names),
      images: s.imageIds.flatMap((id) => {
        const u = uploads.get(id)
        return u ? [{ id, url: files.signed(u.storageKey), width: u.width, height: u.height }] : []
      }),
      publishAt: s.publishAt,
      publishedAt: s.publishedAt,
      pinnedUntil: s.pinnedUntil,
      expiresAt: s.expiresAt,
    }
  }
  return { version: r.version, editedAt: r.createdAt.toISOString(), editor: { displayName: editor }, title: r.title, bodyHtml: r.bodyHtml, snapshot }
}
