import type { Actor } from '../../core/actor.ts'
import { allowedActions } from '../../core/policy.ts'
import { fileUrl } from '../uploads/upload.service.ts'
import { noticePolicy, noticeState, type NoticeRecord } from './notice.policy.ts'
import { CATEGORY_LABELS, NOTICE_STATE_LABELS } from './notice.schema.ts'

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

/** Names of the grids (`g:<id>`) and buildings (`b:<id>`) notices are targeted at. */
export type TargetNames = Map<string, string>

/** How the target reads: 全社区, 青石第一网格、青石第二网格, or 青石花园 1号楼等5栋楼. */
export function targetLabel(n: Pick<NoticeRow, 'targetType' | 'targets'>, names: TargetNames): string {
  if (n.targetType === 'community') return '全社区'
  const isGrid = n.targetType === 'grids'
  const labels = n.targets.map((t) => names.get(isGrid ? `g:${t.gridId}` : `b:${t.buildingId}`) ?? '')
  const shown = labels.slice(0, 3).join('、')
  return labels.length > 3 ? `${shown}等${labels.length}${isGrid ? '个网格' : '栋楼'}` : shown
}

/** A notice in the staff list, with its state and the caller's allowed actions. */
export function presentNoticeManage(n: NoticeRow, actor: Actor, now: Date, names: TargetNames) {
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
    coverUrl: n.images[0] ? fileUrl(n.images[0].upload.storageKey) : null,
    state,
    stateLabel: NOTICE_STATE_LABELS[state],
    version: n.version,
    targetLabel: targetLabel(n, names),
    policies: allowedActions(actor, noticePolicy(now), n),
  }
}

/** A whole notice. `readAt` is when the caller read it, if recorded. */
export function presentNoticeDetail(n: NoticeRow, actor: Actor, now: Date, readAt: Date | null, names: TargetNames) {
  return {
    ...presentNoticeManage(n, actor, now, names),
    bodyHtml: n.bodyHtml,
    images: n.images.map((i) => ({ id: i.upload.id, url: fileUrl(i.upload.storageKey), width: i.upload.width, height: i.upload.height })),
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
