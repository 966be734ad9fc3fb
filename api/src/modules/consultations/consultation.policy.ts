import { hasRole, roleScope, type Actor, type Role } from '../../core/actor.ts'
import { conflict } from '../../core/errors.ts'
import { STATE_LABELS, type TopicState } from './consultation.schema.ts'

/** What the policies need to know about a topic. */
export type TopicFacts = {
  communityId: number
  state: TopicState
  audience: 'community' | 'grids' | 'buildings'
  createdById: number
  decisionMethod: 'none' | 'vote' | 'meeting'
  discussionEndsAt: Date | null
  targets: { gridId: number | null; buildingId: number | null }[]
}

/** The roles that open and manage topics (议题管理): committee staff in their communities, administrators anywhere. */
export const TOPIC_MANAGER_ROLES = ['admin', 'committee'] as const satisfies readonly Role[]

/** Committee staff of the topic's community, or an administrator: they open and manage topics. */
export const managesCommunity = (actor: Actor, communityId: number) =>
  hasRole(actor, 'admin') || roleScope(actor, 'committee').communityIds.includes(communityId)

/** A resident whose household is in the topic's audience (the whole community, or its grids / buildings). */
export function inAudience(actor: Actor, t: Pick<TopicFacts, 'communityId' | 'audience' | 'targets'>): boolean {
  const r = actor.residence
  if (!r.communityIds.includes(t.communityId)) return false
  if (t.audience === 'community') return true
  if (t.audience === 'grids') return t.targets.some((x) => x.gridId !== null && r.gridIds.includes(x.gridId))
  return t.targets.some((x) => x.buildingId !== null && r.buildingIds.includes(x.buildingId))
}

/**
 * Who sees a topic: its community's managers; residents in its audience once it is public; the
 * proposer of a proposal still awaiting review. Everyone else: 404.
 */
export function canSee(actor: Actor, t: TopicFacts): boolean {
  if (managesCommunity(actor, t.communityId)) return true
  if (t.state === 'proposed') return t.createdById === actor.id
  return inAudience(actor, t)
}

/** States a topic still lives in (it may still be closed). */
const LIVE: readonly TopicState[] = ['proposed', 'gathering', 'discussion', 'voting', 'decided', 'in_progress']

/**
 * The staff transitions, `from → to`. Expiry is the job's (a proposal past its deadline), and
 * reaching the support threshold moves gathering → discussion by itself.
 */
export function allowedTransition(t: Pick<TopicFacts, 'state' | 'decisionMethod'>, to: TopicState): boolean {
  if (to === 'closed') return LIVE.includes(t.state)
  switch (`${t.state}>${to}`) {
    case 'proposed>gathering': // a held proposal released by staff
    case 'gathering>discussion': // adopted
    case 'decided>in_progress':
    case 'decided>completed': // nothing to carry out
    case 'in_progress>completed':
      return true
    case 'discussion>voting':
      return t.decisionMethod === 'vote'
    case 'discussion>decided':
      // Consultation only. A meeting's or a vote's decision is recorded (POST …/decision), which decides it.
      return t.decisionMethod === 'none'
    default:
      return false
  }
}

/** The states staff may move the topic to now. */
export const nextStates = (t: Pick<TopicFacts, 'state' | 'decisionMethod'>): TopicState[] =>
  (Object.keys(STATE_LABELS) as TopicState[]).filter((to) => allowedTransition(t, to))

/** 409 WRONG_STATE naming the current state (and the states the action needs). */
export function requireState(t: Pick<TopicFacts, 'state'>, needed: TopicState | readonly TopicState[], what: string) {
  const list = (Array.isArray(needed) ? needed : [needed]) as TopicState[]
  if (list.includes(t.state)) return
  const names = list.map((s) => `「${STATE_LABELS[s]}」`).join('或')
  throw conflict('WRONG_STATE', `${what}只能在议题${names}时进行，当前为「${STATE_LABELS[t.state]}」`, { needed: list, current: t.state })
}

/** Opinions are taken while the topic is open for discussion and its window has not ended. */
export const discussionOpen = (t: Pick<TopicFacts, 'state' | 'discussionEndsAt'>, now: Date) =>
  t.state === 'discussion' && (!t.discussionEndsAt || t.discussionEndsAt > now)

/** The caller's buttons on a topic. */
export function topicPolicies(actor: Actor, t: TopicFacts, now: Date, mySupport: boolean) {
  const staff = managesCommunity(actor, t.communityId)
  const resident = inAudience(actor, t)
  return {
    support: resident && t.state === 'gathering' && !mySupport,
    adopt: staff && t.state === 'gathering',
    transition: staff && nextStates(t).length > 0,
    opine: (staff || resident) && discussionOpen(t, now),
    moderate: staff,
    exportOpinions: staff,
  }
}
