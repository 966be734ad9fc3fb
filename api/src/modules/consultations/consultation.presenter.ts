import type { Actor } from '../../core/actor.ts'
import { maskName } from '../../core/pii.ts'
import type { FileUrls } from '../../core/fileUrls.ts'
import { managesCommunity, nextStates, topicPolicies, type TopicFacts } from './consultation.policy.ts'
import {
  AUDIENCE_LABELS, METHOD_LABELS, OPINION_STATUS_LABELS, SOURCE_LABELS, STANCE_LABELS, STATE_LABELS,
} from './consultation.schema.ts'

/** A topic row as the services load it. */
export type TopicRow = TopicFacts & {
  id: number; title: string; background: string; source: 'staff' | 'resident'
  closedReason: string | null; discussionStartsAt: Date | null
  supportThreshold: number | null; supportDeadline: Date | null; supportCount: number
  stateChangedAt: Date; version: number; createdAt: Date
  createdBy: { displayName: string }
  attachments: { position: number; upload: { id: number; storageKey: string; width: number; height: number } }[]
  _count: { opinions: number }
}

const iso = (d: Date | null) => d?.toISOString() ?? null

/** A topic in a list. */
export function presentTopic(t: Omit<TopicRow, 'createdBy' | 'attachments' | '_count' | 'targets'>) {
  return {
    id: t.id, communityId: t.communityId, title: t.title,
    source: t.source, sourceLabel: SOURCE_LABELS[t.source],
    state: t.state, stateLabel: STATE_LABELS[t.state],
    decisionMethod: t.decisionMethod, decisionMethodLabel: METHOD_LABELS[t.decisionMethod],
    audience: t.audience, audienceLabel: AUDIENCE_LABELS[t.audience],
    supportCount: t.supportCount, supportThreshold: t.supportThreshold, supportDeadline: iso(t.supportDeadline),
    discussionEndsAt: iso(t.discussionEndsAt), createdAt: t.createdAt.toISOString(),
  }
}

/** The topic page: background, attachments, counts, my support and the caller's buttons. */
export function presentTopicDetail(actor: Actor, t: TopicRow, now: Date, mySupport: boolean, files: FileUrls) {
  const staff = managesCommunity(actor, t.communityId)
  return {
    ...presentTopic(t),
    background: t.background,
    closedReason: t.closedReason,
    discussionStartsAt: iso(t.discussionStartsAt),
    stateChangedAt: t.stateChangedAt.toISOString(),
    gridIds: t.targets.flatMap((x) => (x.gridId === null ? [] : [x.gridId])),
    buildingIds: t.targets.flatMap((x) => (x.buildingId === null ? [] : [x.buildingId])),
    attachments: [...t.attachments].sort((a, b) => a.position - b.position)
      .map((a) => ({ id: a.upload.id, url: files.signed(a.upload.storageKey), width: a.upload.width, height: a.upload.height })),
    author: t.source === 'staff' ? '居委会' : staff || t.createdById === actor.id ? t.createdBy.displayName : maskName(t.createdBy.displayName),
    opinionCount: t._count.opinions,
    mySupport,
    version: t.version,
    nextStates: staff ? nextStates(t).map((s) => ({ state: s, label: STATE_LABELS[s], needsReason: s === 'closed' })) : [],
    allowedActions: topicPolicies(actor, t, now, mySupport),
  }
}

/** An opinion row as the services load it. */
export type OpinionRow = {
  id: number; topicId: number; authorId: number; parentId: number | null
  stance: 'for' | 'against' | 'other' | null; body: string; official: boolean
  status: 'published' | 'held' | 'hidden' | 'deleted'; hiddenReason: string | null
  likeCount: number; version: number; editedAt: Date | null; createdAt: Date
  author: { displayName: string }
}

/** What the caller may see of a topic's discussion. */
export type OpinionViewer = { actor: Actor; staff: boolean; open: boolean; liked: Set<number> }

/** How an author is shown: officials by their staff name (e.g. 周慧（青石社区居委会）), residents masked (their own name to themselves and staff). */
export function authorLabel(o: Pick<OpinionRow, 'official' | 'authorId' | 'author'>, v: Pick<OpinionViewer, 'actor' | 'staff'>) {
  if (o.official) return o.author.displayName
  return v.staff || o.authorId === v.actor.id ? o.author.displayName : maskName(o.author.displayName)
}

/**
 * What a top-level opinion the caller may not see shows in place of itself when it still has a reply
 * they see: neither its author, its text nor the reason it was hidden, only what became of it.
 */
export const PLACEHOLDER_TEXTS = { deleted: '该意见已删除', hidden: '该意见已被隐藏', held: '该意见正在审核' } as const

type Unseen = keyof typeof PLACEHOLDER_TEXTS

/** Why the caller may not see the opinion itself, or null if they may (the rule `visibleWhere` applies in the query). */
function unseen(o: OpinionRow, v: OpinionViewer): Unseen | null {
  if (o.status === 'deleted') return 'deleted'
  return o.status === 'published' || v.staff || o.authorId === v.actor.id ? null : o.status
}

function presentPlaceholder(o: OpinionRow, status: Unseen) {
  return {
    id: o.id, parentId: o.parentId, author: null, mine: false, official: false, stance: null, stanceLabel: null,
    body: PLACEHOLDER_TEXTS[status], status, statusLabel: OPINION_STATUS_LABELS[status], hiddenReason: null,
    likeCount: 0, liked: false, edited: false, version: 0, createdAt: o.createdAt.toISOString(),
    allowedActions: { edit: false, delete: false, like: false, reply: false, hide: false, publish: false },
  }
}

/**
 * One opinion: a hidden one reads 「已被管理员隐藏：<reason>」 to its author; staff see the text and
 * the reason. One the caller may not see (deleted; hidden or held and not theirs), listed only as the
 * parent of replies they see, is a placeholder: 「该意见已删除」, 「该意见已被隐藏」 or 「该意见正在审核」.
 */
export function presentOpinion(o: OpinionRow, v: OpinionViewer) {
  const gone = unseen(o, v)
  if (gone) return presentPlaceholder(o, gone)
  const mine = o.authorId === v.actor.id
  const hiddenToMe = o.status === 'hidden' && !v.staff
  return {
    id: o.id, parentId: o.parentId, author: authorLabel(o, v), mine, official: o.official,
    stance: o.stance, stanceLabel: o.stance ? STANCE_LABELS[o.stance] : null,
    body: hiddenToMe ? `已被管理员隐藏：${o.hiddenReason ?? ''}` : o.body,
    status: o.status, statusLabel: OPINION_STATUS_LABELS[o.status],
    hiddenReason: mine || v.staff ? o.hiddenReason : null,
    likeCount: o.likeCount, liked: v.liked.has(o.id), edited: o.editedAt !== null, version: o.version,
    createdAt: o.createdAt.toISOString(),
    allowedActions: {
      edit: mine && v.open && (o.status === 'published' || o.status === 'held'),
      delete: mine,
      like: o.status === 'published' && !v.liked.has(o.id),
      reply: o.parentId === null && o.status === 'published' && v.open,
      hide: v.staff && (o.status === 'published' || o.status === 'held'),
      publish: v.staff && o.status === 'held',
    },
  }
}
