import { roleScope, type Actor, type Role } from '../../core/actor.ts'
import type { Policy } from '../../core/policy.ts'

export type NoticeState = 'draft' | 'scheduled' | 'published' | 'withdrawn' | 'expired'

export type NoticeRecord = {
  streetId: number
  communityId: number
  status: 'draft' | 'scheduled' | 'published' | 'withdrawn'
  importance: 'normal' | 'important'
  publishAt: Date | null
  expiresAt: Date | null
}

/** The state a person sees: scheduled notices past their time count as published; expiry is derived. */
export function noticeState(n: NoticeRecord, now: Date): NoticeState {
  if (n.status === 'withdrawn' || n.status === 'draft') return n.status
  if (n.expiresAt && n.expiresAt <= now) return 'expired'
  if (n.status === 'scheduled' && n.publishAt && n.publishAt > now) return 'scheduled'
  return 'published'
}

/** The roles that write notices: committee staff (their community) and street staff (their street's communities). */
export const NOTICE_WRITER_ROLES = ['committee', 'street'] as const satisfies readonly Role[]

/** Committee staff write their community's notices; street staff those of their street's communities. */
export function canManageCommunity(actor: Actor, c: { streetId: number; communityId: number }): boolean {
  return (
    roleScope(actor, 'committee').communityIds.includes(c.communityId) ||
    roleScope(actor, 'street').streetIds.includes(c.streetId)
  )
}

/** Staff who follow read receipts: managers, and grid workers / leaders of the community. */
function followsReads(actor: Actor, n: NoticeRecord): boolean {
  return (
    canManageCommunity(actor, n) ||
    roleScope(actor, 'grid_leader').communityIds.includes(n.communityId) ||
    roleScope(actor, 'grid_worker').gridCommunityIds.includes(n.communityId)
  )
}

/** Policies for one notice; `now` decides derived states (scheduled time reached, expired). */
export const noticePolicy = (now: Date) => ({
  edit: ((actor, n) => {
    if (!canManageCommunity(actor, n)) return '只能编辑本社区（本街道）的公告'
    return noticeState(n, now) !== 'withdrawn' || '已撤回的公告不能编辑'
  }) as Policy<NoticeRecord>,
  publish: ((actor, n) => {
    if (!canManageCommunity(actor, n)) return '只能发布本社区（本街道）的公告'
    const s = noticeState(n, now)
    return s === 'draft' || s === 'scheduled' || '该公告已发布或已撤回'
  }) as Policy<NoticeRecord>,
  withdraw: ((actor, n) => {
    if (!canManageCommunity(actor, n)) return '只能撤回本社区（本街道）的公告'
    const s = noticeState(n, now)
    return s === 'scheduled' || s === 'published' || s === 'expired' || '该公告未发布或已撤回'
  }) as Policy<NoticeRecord>,
  viewReads: ((actor, n) => {
    if (n.importance !== 'important') return '只有重要公告记录阅读情况'
    if (n.status === 'draft') return '公告尚未发布'
    return followsReads(actor, n) || '无权查看阅读情况'
  }) as Policy<NoticeRecord>,
})
