import { hasRole, roleScope, type Actor, type Role } from '../../core/actor.ts'
import { conflict } from '../../core/errors.ts'
import { PHASE_LABELS, type Phase, type ScheduledPhase } from './election.schema.ts'

/** What the policies need to know about an election. */
export type ElectionFacts = {
  communityId: number; phase: Phase; hasPreliminary: boolean; rollClosedAt: Date | null
  rounds?: { id: number; kind: 'preliminary' | 'formal'; status: 'scheduled' | 'open' | 'closed' | 'counted' }[]
  phases?: { phase: ScheduledPhase; openedAt: Date | null; closedAt: Date | null }[]
}

/** The roles that run 换届选举: administrators anywhere, committee staff in their community. */
export const ELECTION_MANAGER_ROLES = ['admin', 'committee'] as const satisfies readonly Role[]

/** Committee staff of the election's community, or an administrator. */
export const managesCommunity = (actor: Actor, communityId: number) =>
  hasRole(actor, 'admin') || roleScope(actor, 'committee').communityIds.includes(communityId)

/** A resident of the community (an approved household binding there). */
export const livesIn = (actor: Actor, communityId: number) => actor.residence.communityIds.includes(communityId)

/** Staff see drafts; residents of the community see it once it is past the draft. Everyone else: 404. */
export const canSee = (actor: Actor, e: Pick<ElectionFacts, 'communityId' | 'phase'>) =>
  managesCommunity(actor, e.communityId) || (e.phase !== 'draft' && livesIn(actor, e.communityId))

/** The lawful order of the scheduled phases for this election (the preliminary round only when it has one). */
export function phaseOrder(e: Pick<ElectionFacts, 'hasPreliminary'>): ScheduledPhase[] {
  return e.hasPreliminary
    ? ['conditions', 'registration', 'nomination', 'qualification', 'preliminary', 'formal', 'counting']
    : ['conditions', 'registration', 'nomination', 'qualification', 'formal', 'counting']
}

/** The phases this module opens; counting and publication belong to the count. */
export const OPENABLE: readonly ScheduledPhase[] = ['conditions', 'registration', 'nomination', 'qualification', 'preliminary', 'formal']

/** The phase that comes after the current one, or null at the end (or where the count takes over). */
export function nextPhase(e: Pick<ElectionFacts, 'phase' | 'hasPreliminary'>): ScheduledPhase | null {
  const order = phaseOrder(e)
  const next = e.phase === 'draft' ? order[0] : order[order.indexOf(e.phase as ScheduledPhase) + 1]
  return next && OPENABLE.includes(next) ? next : null
}

/** 409 WRONG_PHASE naming the phase the action needs. */
export function requirePhase(e: Pick<ElectionFacts, 'phase'>, needed: Phase | readonly Phase[], what: string) {
  const list = (Array.isArray(needed) ? needed : [needed]) as Phase[]
  if (list.includes(e.phase)) return
  const names = list.map((p) => `「${PHASE_LABELS[p]}」`).join('或')
  throw conflict('WRONG_PHASE', `${what}只能在${names}阶段进行，当前为「${PHASE_LABELS[e.phase]}」阶段`, { needed: list, current: e.phase })
}

/** Candidates may withdraw until the formal vote opens. */
export const WITHDRAW_PHASES: readonly Phase[] = ['nomination', 'qualification', 'preliminary']

/** Phases in which the count (closing a round, paper ballots, a further round) happens. */
export const VOTING_PHASES: readonly Phase[] = ['preliminary', 'formal', 'counting']

/** The caller's buttons. */
export function electionPolicies(actor: Actor, e: ElectionFacts, viewer: { onRoll: boolean | null; votedRounds: number[] | null }) {
  const staff = managesCommunity(actor, e.communityId)
  const onRoll = viewer.onRoll === true
  const rounds = e.rounds ?? []
  const open = rounds.find((r) => r.status === 'open')
  const formal = rounds.filter((r) => r.kind === 'formal')
  const formalDone = formal.length > 0 && formal.every((r) => r.status === 'counted')
  return {
    update: staff && e.phase === 'draft',
    // Nomination also needs the roll closed first.
    openNext: staff && nextPhase(e) !== null && (nextPhase(e) !== 'nomination' || !!e.rollClosedAt),
    manageRoll: staff && e.phase === 'registration' && !e.rollClosedAt,
    object: livesIn(actor, e.communityId) && e.phase === 'registration' && !e.rollClosedAt,
    signUp: onRoll && e.phase === 'nomination',
    review: staff && e.phase === 'qualification',
    vote: onRoll && !!e.rollClosedAt && !!open && !(viewer.votedRounds ?? []).includes(open.id),
    count: staff && VOTING_PHASES.includes(e.phase) && rounds.some((r) => r.status === 'open' || r.status === 'closed'),
    publish: staff && e.phase === 'counting' && formalDone,
    addRound: staff && e.phase === 'counting' && formalDone,
    manageScrutineers: staff && e.phase !== 'draft' && e.phase !== 'published',
    closePhase: staff && OPENABLE.includes(e.phase as ScheduledPhase) && !!(e.phases ?? []).find((p) => p.phase === e.phase && p.openedAt && !p.closedAt),
    nominate: staff && e.phase === 'nomination',
    markPaper: staff && !!open,
    enterPaper: staff && e.phase !== 'published' && rounds.some((r) => r.status === 'closed' || r.status === 'counted'),
    openRound: staff && e.phase === 'counting' && rounds.some((r) => r.status === 'scheduled'),
  }
}
