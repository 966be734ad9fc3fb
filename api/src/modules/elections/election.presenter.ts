import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { electionPolicies, nextPhase, phaseOrder } from './election.policy.ts'
import { PHASE_LABELS, ROUND_STATUS_LABELS, type ElectionDetailView, type ElectionView, type Phase, type RoundBriefView, type ScheduledPhase } from './election.schema.ts'

export type ElectionRow = {
  id: number; communityId: number; title: string; description: string; conditionsText: string; electionDay: Date
  minAge: number; turnoutNum: number; turnoutDen: number; electNum: number; electDen: number; hasPreliminary: boolean
  advanceExtra: number; phase: Phase; rollClosedAt: Date | null; publishedAt: Date | null; version: number; createdAt: Date
}
export type RoundFacts = {
  id: number; kind: 'preliminary' | 'formal'; seq: number; status: 'scheduled' | 'open' | 'closed' | 'counted'
  opensAt: Date | null; closesAt: Date | null
}
export type ElectionFull = ElectionRow & {
  contests: { id: number; name: string; seats: number; sortOrder: number }[]
  phases: { phase: ScheduledPhase; startsAt: Date | null; endsAt: Date | null; openedAt: Date | null; closedAt: Date | null }[]
  rounds: RoundFacts[]
}

/** How the caller stands in the election: on the roll, the rounds they voted in, scrutineer. */
export type Viewer = { onRoll: boolean | null; votedRounds: number[] | null; scrutineer: boolean }
export const NO_VIEWER: Viewer = { onRoll: null, votedRounds: null, scrutineer: false }

export const ROUND_KIND_LABEL = { preliminary: '初步选举', formal: '正式选举' } as const
/** 「正式选举」, 「正式选举（第2轮）」 */
export const roundName = (r: Pick<RoundFacts, 'kind' | 'seq'>) => `${ROUND_KIND_LABEL[r.kind]}${r.seq > 1 ? `（第${r.seq}轮）` : ''}`

export function presentRound(r: RoundFacts, votedRounds: number[] | null): z.output<typeof RoundBriefView> {
  return {
    id: r.id, kind: r.kind, kindLabel: ROUND_KIND_LABEL[r.kind], seq: r.seq, name: roundName(r), status: r.status, statusLabel: ROUND_STATUS_LABELS[r.status],
    opensAt: r.opensAt?.toISOString() ?? null, closesAt: r.closesAt?.toISOString() ?? null,
    voted: votedRounds === null ? null : votedRounds.includes(r.id),
  }
}

/** Rounds in voting order: the preliminary first, then the formal rounds by their sequence. */
export const roundsInOrder = <T extends Pick<RoundFacts, 'kind' | 'seq' | 'id'>>(rounds: T[]) =>
  [...rounds].sort((a, b) => Number(a.kind === 'formal') - Number(b.kind === 'formal') || a.seq - b.seq || a.id - b.id)

const DIGITS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十']
const cn = (n: number) => (n <= 10 ? DIGITS[n] : String(n))

/** 1/2 → 「过半数」, 2/3 → 「超过三分之二」. */
export const fractionText = (num: number, den: number) => (num * 2 === den ? '过半数' : `超过${cn(den)}分之${cn(num)}`)

/** 「选民过半数参加投票选举有效，候选人获得参加投票的选民过半数的选票始得当选」 */
export const rulesText = (e: Pick<ElectionRow, 'turnoutNum' | 'turnoutDen' | 'electNum' | 'electDen'>) =>
  `选民${fractionText(e.turnoutNum, e.turnoutDen)}参加投票选举有效，候选人获得参加投票的选民${fractionText(e.electNum, e.electDen)}的选票始得当选`

const iso = (d: Date | null) => d?.toISOString() ?? null

export function presentElection(e: ElectionRow): z.output<typeof ElectionView> {
  return {
    id: e.id, communityId: e.communityId, title: e.title, phase: e.phase, phaseLabel: PHASE_LABELS[e.phase],
    electionDay: e.electionDay.toISOString().slice(0, 10), version: e.version, createdAt: e.createdAt.toISOString(),
  }
}

export function presentElectionDetail(actor: Actor, e: ElectionFull, viewer: Viewer): z.output<typeof ElectionDetailView> {
  const order = phaseOrder(e)
  const byPhase = new Map(e.phases.map((p) => [p.phase, p]))
  return {
    ...presentElection(e),
    description: e.description,
    conditionsText: e.conditionsText,
    minAge: e.minAge,
    rules: { turnout: { num: e.turnoutNum, den: e.turnoutDen }, elect: { num: e.electNum, den: e.electDen } },
    rulesText: rulesText(e),
    hasPreliminary: e.hasPreliminary,
    advanceExtra: e.advanceExtra,
    contests: [...e.contests].sort((a, b) => a.sortOrder - b.sortOrder || a.id - b.id).map((c) => ({ id: c.id, name: c.name, seats: c.seats })),
    phases: order.map((phase) => {
      const p = byPhase.get(phase)
      return {
        phase, label: PHASE_LABELS[phase], startsAt: iso(p?.startsAt ?? null), endsAt: iso(p?.endsAt ?? null),
        openedAt: iso(p?.openedAt ?? null), closedAt: iso(p?.closedAt ?? null), current: e.phase === phase,
      }
    }),
    nextPhase: nextPhase(e),
    rollClosedAt: iso(e.rollClosedAt),
    onRoll: viewer.onRoll,
    rounds: roundsInOrder(e.rounds).map((r) => presentRound(r, viewer.votedRounds)),
    scrutineer: viewer.scrutineer,
    publishedAt: iso(e.publishedAt),
    allowedActions: electionPolicies(actor, e, viewer),
  }
}
