import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { retryDeadlock, type DbOrTx, type RawTx, type Tx } from '../../core/db.ts'
import { conflict, forbidden, invalid, isUniqueViolation } from '../../core/errors.ts'
import { ageOn } from '../../core/pii.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { birthDateOf } from '../me/me.service.ts'
import { audienceBindings, audienceUserIds } from './consultation.announce.ts'
import { inAudience, managesCommunity, requireState } from './consultation.policy.ts'
import type { TopicRow } from './consultation.presenter.ts'
import {
  APPROVE_CHOICES, VOTE_KIND_LABELS, VOTE_STATUS_LABELS, VOTE_UNIT_LABELS, type CastBody, type SetUpVoteBody,
} from './consultation.outcome.schema.ts'
import { loadManaged, loadVisible } from './consultation.service.ts'

const WITH_CHOICES = { choices: { orderBy: { sortOrder: 'asc' as const } } }

async function voteOf(db: DbOrTx, topicId: number) {
  return db.consultationVote.findUnique({ where: { topicId }, include: WITH_CHOICES })
}
type VoteRow = NonNullable<Awaited<ReturnType<typeof voteOf>>>

/** The vote has ended: closed by staff or by a decision, or its window has passed. */
export const voteEnded = (v: Pick<VoteRow, 'status' | 'closesAt'>, now: Date) =>
  v.status === 'closed' || (v.status === 'open' && !!v.closesAt && v.closesAt <= now)

/** Ballots are taken while the topic is `voting`, the vote open and inside its window. */
const voteTaking = (t: Pick<TopicRow, 'state'>, v: VoteRow, now: Date) =>
  t.state === 'voting' && v.status === 'open' && (!v.opensAt || v.opensAt <= now) && !voteEnded(v, now)

/** Valid when ballots ≥ quorumPercent % of the eligible voters (or households). */
const quorumReached = (v: Pick<VoteRow, 'ballotsCount' | 'eligibleCount' | 'quorumPercent'>) =>
  v.ballotsCount * 100 >= v.quorumPercent * (v.eligibleCount ?? 0)

/** The homes of the caller that are in the topic's audience (per-household votes). */
async function votingHomes(db: DbOrTx, actor: Actor, t: TopicRow): Promise<number[]> {
  if (!actor.residence.householdIds.length) return []
  const homes = await db.household.findMany({
    where: { id: { in: actor.residence.householdIds }, communityId: t.communityId }, select: { id: true, gridId: true, buildingId: true }, orderBy: { id: 'asc' },
  })
  return homes.filter((h) => t.audience === 'community'
    || (t.audience === 'grids' && t.targets.some((x) => x.gridId === h.gridId))
    || (t.audience === 'buildings' && t.targets.some((x) => x.buildingId === h.buildingId))).map((h) => h.id)
}

/** The voter keys the caller's ballot may be under: `u:<id>`, or `h:<household>` for each home in the audience. */
async function voterKeys(db: DbOrTx, actor: Actor, t: TopicRow, v: VoteRow) {
  return v.unit === 'per_resident' ? [`u:${actor.id}`] : (await votingHomes(db, actor, t)).map((h) => `h:${h}`)
}

/** How many may vote: the audience's residents, or its households with an approved member. */
async function eligibleCount(tx: RawTx, topicId: number, unit: VoteRow['unit']): Promise<number> {
  if (unit === 'per_resident') return (await audienceUserIds(tx, topicId)).length
  const [row] = await tx.$queryRaw<{ n: bigint }[]>(Prisma.sql`SELECT COUNT(DISTINCT b.household_id) AS n ${audienceBindings(topicId)}`)
  return Number(row?.n ?? 0)
}

/** When the topic moves to `voting` (inside that change's transaction): the vote opens and its electorate is counted. */
export async function openVote(tx: Tx, topicId: number, now: Date) {
  const v = await tx.consultationVote.findUnique({ where: { topicId }, select: { unit: true, opensAt: true, status: true } })
  if (!v || v.status !== 'scheduled') return
  const eligible = await eligibleCount(tx, topicId, v.unit)
  await tx.consultationVote.update({ where: { topicId }, data: { status: 'open', opensAt: v.opensAt ?? now, eligibleCount: eligible } })
}

/** When the topic leaves `voting`, or staff end the vote: it closes and whether the quorum was reached is fixed. */
export async function finalizeVote(tx: Tx, topicId: number, now: Date) {
  const v = await tx.consultationVote.findUnique({ where: { topicId }, select: { status: true, ballotsCount: true, eligibleCount: true, quorumPercent: true } })
  if (!v || v.status === 'closed') return
  await tx.consultationVote.update({ where: { topicId }, data: { status: 'closed', closedAt: now, valid: quorumReached(v) } })
}

/** 409 VOTE_OPEN while a topic's vote still runs (it cannot be decided yet). */
export async function requireVoteEnded(db: DbOrTx, topicId: number, now: Date) {
  const v = await db.consultationVote.findUnique({ where: { topicId }, select: { status: true, closesAt: true } })
  if (v && !voteEnded(v, now)) {
    throw conflict('VOTE_OPEN', `投票${v.closesAt ? `到 ${v.closesAt.toISOString()} 截止` : '尚未结束'}，请等投票结束（或先结束投票）再议定`, { closesAt: v.closesAt?.toISOString() ?? null })
  }
}

/**
 * GET /consultations/:id/vote: the vote's rules, the caller's own ballot and, for staff at any
 * time and for the audience once it has closed, the totals with turnout and quorum. No route lists
 * who chose what.
 */
export async function voteDetail(deps: Deps, actor: Actor, id: number, t?: TopicRow) {
  const topic = t ?? await loadVisible(deps, actor, id)
  const v = await voteOf(deps.db, id)
  if (!v) throw conflict('NO_VOTE', '这个议题还没有设置投票')
  const now = deps.now()
  const staff = managesCommunity(actor, topic.communityId)
  const ended = voteEnded(v, now)
  const visible = staff || ended
  const keys = await voterKeys(deps.db, actor, topic, v)
  const mine = keys.length
    ? await deps.db.consultationBallot.findFirst({
      where: { topicId: id, voterKey: { in: keys } }, orderBy: { id: 'asc' },
      include: { choices: { select: { choiceId: true } }, user: { select: { displayName: true } } },
    })
    : null
  const counts = visible
    ? new Map((await deps.db.consultationBallotChoice.groupBy({ by: ['choiceId'], where: { ballot: { topicId: id } }, _count: { _all: true } }))
      .map((g) => [g.choiceId, g._count._all]))
    : new Map<number, number>()
  const status = ended ? 'closed' as const : v.status
  const eligible = v.eligibleCount
  return {
    topicId: id, kind: v.kind, kindLabel: VOTE_KIND_LABELS[v.kind], maxChoices: v.maxChoices,
    unit: v.unit, unitLabel: VOTE_UNIT_LABELS[v.unit],
    opensAt: v.opensAt?.toISOString() ?? null, closesAt: v.closesAt?.toISOString() ?? null, quorumPercent: v.quorumPercent,
    status, statusLabel: VOTE_STATUS_LABELS[status],
    resultsVisible: visible,
    eligibleCount: visible ? eligible : null,
    ballotsCount: visible ? v.ballotsCount : null,
    turnoutPercent: visible && eligible ? Math.round((v.ballotsCount * 1000) / eligible) / 10 : null,
    quorumReached: visible && eligible !== null ? quorumReached(v) : null,
    choices: v.choices.map((c) => ({ id: c.id, label: c.label, count: visible ? counts.get(c.id) ?? 0 : null })),
    outcome: v.outcome,
    myBallot: mine
      ? { choiceIds: mine.choices.map((c) => c.choiceId).sort((a, b) => a - b), castBy: mine.userId === actor.id ? '您' : mine.user.displayName, castByMe: mine.userId === actor.id, castAt: mine.createdAt.toISOString() }
      : null,
    allowedActions: {
      cast: !mine && keys.length > 0 && inAudience(actor, topic) && voteTaking(topic, v, now),
      setUp: staff && topic.state === 'discussion',
      close: staff && topic.state === 'voting' && v.status === 'open' && !ended,
    },
  }
}

/** The rules between a vote's fields: 400 naming the field. */
function checkVoteBody(b: z.output<typeof SetUpVoteBody>, now: Date) {
  const n = b.choices?.length ?? 0
  if (b.kind === 'approve' && b.choices) throw invalid('choices', '同意/不同意/弃权表决的选项是固定的，无需填写')
  if (b.kind !== 'approve' && n < 2) throw invalid('choices', '请至少列出2个选项')
  if (b.choices && new Set(b.choices).size !== n) throw invalid('choices', '选项不能重复')
  if (b.kind !== 'multiple' && b.maxChoices !== undefined) throw invalid('maxChoices', '只有多选可以设置最多选几项')
  if (b.kind === 'multiple' && (b.maxChoices === undefined || b.maxChoices > n)) throw invalid('maxChoices', '请设置最多选几项（不超过选项数）')
  if (Date.parse(b.closesAt) <= now.getTime()) throw invalid('closesAt', '投票截止时间须晚于现在')
  if (b.opensAt && Date.parse(b.opensAt) >= Date.parse(b.closesAt)) throw invalid('closesAt', '投票截止时间须晚于开始时间')
}

/**
 * PUT /consultations/:id/vote: staff set up (or redo) the vote of a `vote` topic while it is in
 * discussion; it opens when the topic moves to voting.
 */
export async function setUpVote(deps: Deps, actor: Actor, id: number, input: z.output<typeof SetUpVoteBody>, origin: AuditOrigin) {
  const t = await loadManaged(deps, actor, id)
  if (t.decisionMethod !== 'vote') throw conflict('WRONG_METHOD', '这个议题的决策方式不是居民投票表决')
  requireState(t, 'discussion', '设置投票')
  const now = deps.now()
  checkVoteBody(input, now)
  const labels = input.kind === 'approve' ? [...APPROVE_CHOICES] : input.choices!
  const data = {
    kind: input.kind, maxChoices: input.kind === 'multiple' ? input.maxChoices! : 1, unit: input.unit,
    opensAt: input.opensAt ? new Date(input.opensAt) : null, closesAt: new Date(input.closesAt), quorumPercent: input.quorumPercent,
  }
  await retryDeadlock(deps, () => deps.db.$transaction(async (tx) => {
    const moved = await tx.consultationTopic.updateMany({ where: { id, state: 'discussion' }, data: { version: { increment: 1 } } })
    if (moved.count !== 1) requireState(await tx.consultationTopic.findUniqueOrThrow({ where: { id } }), 'discussion', '设置投票')
    await tx.consultationVote.deleteMany({ where: { topicId: id } })
    await tx.consultationVote.create({ data: { topicId: id, ...data, choices: { create: labels.map((label, sortOrder) => ({ label, sortOrder })) } } })
    await audit(tx, { actor, action: 'consultation.vote_setup', resourceType: 'consultation', resourceId: id, result: 'success', details: { kind: input.kind, unit: input.unit, choices: labels.length, quorumPercent: input.quorumPercent } }, origin)
  }))
  return voteDetail(deps, actor, id)
}

/**
 * POST /consultations/:id/votes: one ballot per resident, or per household (any member with an
 * approved binding; the first counts). The vote row is locked first (the counter moves only while
 * it is open), then the ballot's unique key (topic × voter key) refuses a second one: two members
 * voting at once leave exactly one ballot, the other gets 409 HOUSEHOLD_VOTED.
 */
/**
 * A household's vote is cast by an adult member (issue 11): age ≥ 18 today from the verified ID
 * number (decrypted for this check only, never stored or shown); without a verified profile, 403.
 */
async function requireAdult(deps: Deps, userId: number, now: Date) {
  const p = await deps.db.residentProfile.findUnique({ where: { userId }, select: { idNumberCipher: true } })
  const birth = birthDateOf(deps, userId, p?.idNumberCipher ?? null)
  if (!birth) throw forbidden('代表一户投票须由完成实名认证的成年家庭成员进行，请先完成实名认证', 'NOT_ADULT')
  if (ageOn(birth, now) < ADULT_AGE) throw forbidden('每户的票须由年满18周岁的家庭成员投出', 'NOT_ADULT')
}

const ADULT_AGE = 18

export async function castBallot(deps: Deps, actor: Actor, id: number, input: z.output<typeof CastBody>, origin: AuditOrigin) {
  const t = await loadVisible(deps, actor, id)
  if (!inAudience(actor, t)) throw forbidden('只有议题所涉及的居民可以投票')
  requireState(t, 'voting', '投票')
  const v = await voteOf(deps.db, id)
  if (!v) throw conflict('NO_VOTE', '这个议题还没有设置投票')
  const now = deps.now()
  if (v.opensAt && v.opensAt > now) throw conflict('VOTE_NOT_STARTED', `投票将于 ${v.opensAt.toISOString()} 开始`)
  if (!voteTaking(t, v, now)) throw conflict('VOTE_CLOSED', '投票已经结束')
  const picked = [...new Set(input.choiceIds)]
  if (picked.length !== input.choiceIds.length) throw invalid('choiceIds', '同一选项不能重复选择')
  const own = new Set(v.choices.map((c) => c.id))
  if (picked.some((c) => !own.has(c))) throw invalid('choiceIds', '选项不属于这次投票')
  if (v.kind !== 'multiple' && picked.length !== 1) throw invalid('choiceIds', '这次投票只能选一项')
  if (v.kind === 'multiple' && picked.length > v.maxChoices) throw invalid('choiceIds', `最多只能选${v.maxChoices}项`)

  let householdId: number | null = null
  if (v.unit === 'per_household') {
    const homes = await votingHomes(deps.db, actor, t)
    if (!homes.length) throw forbidden('您没有在本议题范围内已审核通过的房屋，不能代表一户投票')
    if (input.householdId !== undefined && !homes.includes(input.householdId)) throw invalid('householdId', '不是您在本议题范围内的房屋')
    if (input.householdId === undefined && homes.length > 1) throw invalid('householdId', '您绑定了多处房屋，请选择代表哪一户投票')
    householdId = input.householdId ?? homes[0]
    await requireAdult(deps, actor.id, now)
  }
  const voterKey = householdId === null ? `u:${actor.id}` : `h:${householdId}`
  try {
    await retryDeadlock(deps, () => deps.db.$transaction(async (tx) => {
      const counted = await tx.consultationVote.updateMany({
        where: { topicId: id, status: 'open', OR: [{ closesAt: null }, { closesAt: { gt: now } }] }, data: { ballotsCount: { increment: 1 } },
      })
      if (counted.count !== 1) throw conflict('VOTE_CLOSED', '投票已经结束')
      const ballot = await tx.consultationBallot.create({ data: { topicId: id, voterKey, userId: actor.id, householdId, createdAt: now } })
      await tx.consultationBallotChoice.createMany({ data: picked.map((choiceId) => ({ ballotId: ballot.id, choiceId })) })
      // Who chose what stays out of the audit log: only that a ballot was cast, and for whom.
      await audit(tx, { actor, action: 'consultation.vote', resourceType: 'consultation', resourceId: id, result: 'success', details: { voterKey } }, origin)
    }))
  } catch (e) {
    if (!isUniqueViolation(e)) throw e
    const first = await deps.db.consultationBallot.findUnique({ where: { topicId_voterKey: { topicId: id, voterKey } }, select: { userId: true } })
    if (householdId !== null && first?.userId !== actor.id) throw conflict('HOUSEHOLD_VOTED', '您家已有其他成员投过票了，每户只算第一次投的票')
    throw conflict('ALREADY_VOTED', '您已经投过票了')
  }
  return voteDetail(deps, actor, id)
}

/** POST /consultations/:id/vote/close: staff end the vote now (before its window ends); the quorum is fixed. */
export async function closeVote(deps: Deps, actor: Actor, id: number, origin: AuditOrigin) {
  const t = await loadManaged(deps, actor, id)
  requireState(t, 'voting', '结束投票')
  const now = deps.now()
  await retryDeadlock(deps, () => deps.db.$transaction(async (tx) => {
    const v = await tx.consultationVote.findUnique({ where: { topicId: id }, select: { status: true } })
    if (!v) throw conflict('NO_VOTE', '这个议题还没有设置投票')
    if (v.status === 'closed') throw conflict('VOTE_CLOSED', '投票已经结束')
    await finalizeVote(tx, id, now)
    await audit(tx, { actor, action: 'consultation.vote_close', resourceType: 'consultation', resourceId: id, result: 'success' }, origin)
  }))
  return voteDetail(deps, actor, id)
}

/**
 * The vote-closing job: a vote still open past its deadline closes as staff's 「结束投票」 does (the
 * quorum fixed, the totals shown to the audience, an audit row), at its deadline (closed_at =
 * closes_at). One conditional UPDATE … WHERE status = 'open' AND closes_at <= now claims each vote
 * in the transaction that writes its audit row, so N instances close each vote exactly once.
 * Returns how many this run closed.
 */
export async function closeDueVotes(deps: Deps, limit = 100): Promise<number> {
  const now = deps.now()
  const due = await deps.db.consultationVote.findMany({
    where: { status: 'open', closesAt: { lte: now } }, select: { topicId: true }, orderBy: { topicId: 'asc' }, take: limit,
  })
  const origin = { ip: null, userAgent: null, requestId: 'job:consultation-vote-close' }
  let closed = 0
  for (const { topicId } of due) {
    const done = await retryDeadlock(deps, () => deps.db.$transaction(async (tx) => {
      const n = await tx.$executeRaw`UPDATE consultation_votes SET status = 'closed', closed_at = closes_at,
          valid = (ballots_count * 100 >= quorum_percent * COALESCE(eligible_count, 0))
        WHERE topic_id = ${topicId} AND status = 'open' AND closes_at <= ${now}`
      if (n !== 1) return false
      const v = await tx.consultationVote.findUniqueOrThrow({ where: { topicId }, select: { ballotsCount: true, eligibleCount: true, valid: true } })
      await audit(tx, {
        actor: null, action: 'consultation.vote_close', resourceType: 'consultation', resourceId: topicId, result: 'success',
        details: { by: 'deadline', ballots: v.ballotsCount, eligible: v.eligibleCount, valid: v.valid },
      }, origin)
      return true
    }))
    if (done) closed++
  }
  return closed
}
