import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { Tx, UnitOfWork } from '../../core/db.ts'
import { conflict } from '../../core/errors.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { notifyUsers } from '../messages/message.notify.ts'
import { nextPhase, phaseOrder, requirePhase } from './election.policy.ts'
import type { ElectionFull } from './election.presenter.ts'
import { electionDetail, loadManaged } from './election.service.ts'
import { countRound } from './election.tally.count.ts'
import { announce } from './election.announce.ts'
import { PHASE_LABELS, type ScheduledPhase } from './election.schema.ts'

export const electionLink = (id: number) => `/packages/elections/detail/index?id=${id}`

/** Users with an approved household binding in the community (who are told about each phase). */
export async function communityResidents(tx: Tx, communityId: number): Promise<number[]> {
  const rows = await tx.$queryRaw<{ user_id: number }[]>`
    SELECT DISTINCT user_id FROM household_bindings WHERE community_id = ${communityId} AND status = 'approved'`
  return rows.map((r) => Number(r.user_id))
}

/**
 * 差额选举: each contest needs more candidates on the ballot than seats — approved ones, and after
 * a preliminary round those who advanced. 409 naming the first contest short of them.
 */
async function requireContested(tx: Tx, electionId: number, afterPreliminary: boolean) {
  const rows = await tx.$queryRaw<{ id: number; name: string; seats: number; n: bigint }[]>`
    SELECT c.id, c.name, c.seats, COUNT(k.id) AS n FROM election_contests c
      LEFT JOIN election_candidates k ON k.contest_id = c.id AND k.status = 'approved' ${afterPreliminary ? Prisma.sql`AND k.advanced = TRUE` : Prisma.empty}
    WHERE c.election_id = ${electionId} GROUP BY c.id, c.name, c.seats ORDER BY c.sort_order, c.id`
  for (const c of rows) {
    if (Number(c.n) <= c.seats) {
      throw conflict('NOT_CONTESTED', `「${c.name}」应选${c.seats}名，${afterPreliminary ? '进入正式选举' : '审查通过'}的候选人只有${Number(c.n)}名，须多于应选人数（差额选举）`,
        { contestId: Number(c.id), seats: c.seats, candidates: Number(c.n) })
    }
  }
}

/**
 * POST /elections/:id/phases/:phase/open: the next phase in the lawful order only (409 WRONG_PHASE
 * naming the phase it must follow); opening closes the previous phase. Nomination needs the roll
 * closed; the formal vote needs every contest contested. A voting phase opens its round (seq 1).
 * Conditional on the version read; announced to the community's residents; audited.
 */
export async function openPhase(deps: Deps, actor: Actor, id: number, phase: ScheduledPhase, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  await openLoaded(deps, await loadManaged(deps, actor, id), phase, actor, origin, unitOfWork)
  return electionDetail(deps, actor, id)
}

/** Opens `phase` of a loaded election for staff (`actor`) or the schedule (null). */
export async function openLoaded(deps: Deps, e: ElectionFull, phase: ScheduledPhase, actor: Actor | null, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  const id = e.id
  const order = phaseOrder(e)
  if (!order.includes(phase)) throw conflict('WRONG_PHASE', `本次选举未设置「${PHASE_LABELS[phase]}」阶段`, { needed: [], current: e.phase })
  if (nextPhase(e) !== phase) {
    const prev = order.indexOf(phase) === 0 ? 'draft' : order[order.indexOf(phase) - 1]
    if (phase === 'counting') throw conflict('WRONG_PHASE', '计票由正式选举结束后的计票开启', { needed: ['formal'], current: e.phase })
    requirePhase(e, prev, `开启「${PHASE_LABELS[phase]}」`)
  }
  if (phase === 'nomination' && !e.rollClosedAt) throw conflict('ROLL_OPEN', '选民名单尚未确定（关闭登记），不能开始报名')
  if (phase === 'formal' && e.hasPreliminary && !e.rounds.some((r) => r.kind === 'preliminary' && r.status === 'counted')) {
    throw conflict('PRELIMINARY_NOT_COUNTED', '初步选举尚未结束并计票，不能开始正式选举')
  }
  const now = deps.now()
  await unitOfWork(async (tx) => {
    if (phase === 'preliminary') await requireContested(tx, id, false)
    if (phase === 'formal') await requireContested(tx, id, e.hasPreliminary)
    const changed = await tx.election.updateMany({ where: { id, version: e.version, phase: e.phase }, data: { phase, version: { increment: 1 } } })
    if (changed.count !== 1) throw conflict('VERSION_CONFLICT', '选举刚刚发生了变化，请刷新后再试')
    if (e.phase !== 'draft') {
      await tx.electionPhaseTime.updateMany({ where: { electionId: id, phase: e.phase as ScheduledPhase, closedAt: null }, data: { closedAt: now } })
    }
    await tx.electionPhaseTime.upsert({
      where: { electionId_phase: { electionId: id, phase } },
      create: { electionId: id, phase, openedAt: now }, update: { openedAt: now, closedAt: null },
    })
    if (phase === 'preliminary' || phase === 'formal') {
      // The round's window is the phase's schedule, when it has one (the ballot checks it).
      const closesAt = e.phases.find((p) => p.phase === phase)?.endsAt ?? null
      await tx.$executeRaw`INSERT INTO election_rounds (election_id, kind, seq, status, opened_at, closes_at) VALUES (${id}, ${phase}, 1, 'open', ${now}, ${closesAt})
        ON DUPLICATE KEY UPDATE status = IF(status = 'scheduled', 'open', status), opened_at = COALESCE(opened_at, VALUES(opened_at))`
    }
    await announce(tx, deps, e, { key: phase, title: `${PHASE_LABELS[phase]}阶段开始`, body: `「${e.title}」已进入「${PHASE_LABELS[phase]}」阶段，请查看选举公告。`, phase: PHASE_LABELS[phase] }, now)
    await audit(tx, { actor, action: 'election.phase.open', resourceType: 'election', resourceId: id, result: 'success', details: { phase, by: actor ? 'staff' : 'schedule' } }, origin)
  })
}

/**
 * POST /elections/:id/phases/:phase/close: ends the current phase early (its closed time); the
 * election stays in it until the next one opens. A voting phase closes its open round.
 */
export async function closePhase(deps: Deps, actor: Actor, id: number, phase: ScheduledPhase, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  await closeLoaded(deps, await loadManaged(deps, actor, id), phase, actor, origin, unitOfWork)
  return electionDetail(deps, actor, id)
}

/**
 * Closes the current `phase` of a loaded election for staff or the schedule (null). When the
 * schedule ends a voting phase, its round is also counted (staff count with the round's close).
 */
export async function closeLoaded(deps: Deps, e: ElectionFull, phase: ScheduledPhase, actor: Actor | null, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  const id = e.id
  requirePhase(e, phase, `结束「${PHASE_LABELS[phase]}」`)
  const now = deps.now()
  await unitOfWork(async (tx) => {
    const changed = await tx.electionPhaseTime.updateMany({ where: { electionId: id, phase, closedAt: null }, data: { closedAt: now } })
    if (changed.count !== 1) throw conflict('PHASE_CLOSED', `「${PHASE_LABELS[phase]}」阶段已经结束`)
    await tx.election.updateMany({ where: { id, phase }, data: { version: { increment: 1 } } })
    if (phase === 'preliminary' || phase === 'formal') {
      const open = await tx.electionRound.findMany({ where: { electionId: id, kind: phase, status: 'open' }, select: { id: true } })
      await tx.electionRound.updateMany({ where: { id: { in: open.map((r) => r.id) } }, data: { status: 'closed', closedAt: now } })
      if (!actor) {
        for (const r of open) await countRound(tx, r.id, now)
        if (phase === 'formal') await afterFormalCount(tx, deps, id, now)
      }
    }
    await audit(tx, { actor, action: 'election.phase.close', resourceType: 'election', resourceId: id, result: 'success', details: { phase, by: actor ? 'staff' : 'schedule' } }, origin)
  })
}

/**
 * After a formal round was counted (inside the count's transaction): when no formal round is left
 * to vote, the election moves from 正式选举 to 计票 (its times recorded) and residents are told.
 */
export async function afterFormalCount(tx: Tx, deps: Deps, electionId: number, now: Date) {
  const [{ n }] = await tx.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM election_rounds
    WHERE election_id = ${electionId} AND kind = 'formal' AND status IN ('scheduled', 'open')`
  if (Number(n) > 0) return
  const moved = await tx.$executeRaw`UPDATE elections SET phase = 'counting', version = version + 1 WHERE id = ${electionId} AND phase = 'formal'`
  if (moved !== 1) return
  await tx.$executeRaw`UPDATE election_phases SET closed_at = ${now} WHERE election_id = ${electionId} AND phase = 'formal' AND closed_at IS NULL`
  await tx.$executeRaw`INSERT INTO election_phases (election_id, phase, opened_at) VALUES (${electionId}, 'counting', ${now})
    ON DUPLICATE KEY UPDATE opened_at = COALESCE(opened_at, VALUES(opened_at)), closed_at = NULL`
  const [e] = await tx.$queryRaw<{ title: string; community_id: number }[]>`SELECT title, community_id FROM elections WHERE id = ${electionId}`
  await announce(tx, deps, { id: electionId, title: e.title, communityId: Number(e.community_id) }, {
    key: `counting:${now.getTime()}`, title: '投票结束，开始计票', body: `「${e.title}」投票已经结束，正在计票。结果经审核后公布。`, phase: '计票',
  }, now)
}

/**
 * POST /elections/:id/publish: 计票 → 已公布, once every formal round is counted. The results become
 * visible to residents, who are told; the election is archived and read-only from then on (every
 * change is refused: the phases, the roll, candidates, rounds, paper totals, a recount).
 */
export async function publishElection(deps: Deps, actor: Actor, id: number, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  const e = await loadManaged(deps, actor, id)
  requirePhase(e, 'counting', '公布结果')
  const now = deps.now()
  await unitOfWork(async (tx) => {
    const [{ n }] = await tx.$queryRaw<{ n: bigint }[]>`SELECT COUNT(*) AS n FROM election_rounds WHERE election_id = ${id} AND status <> 'counted'`
    if (Number(n) > 0) throw conflict('ROUND_PENDING', '还有未计票的投票轮次，不能公布')
    const changed = await tx.election.updateMany({ where: { id, phase: 'counting', publishedAt: null }, data: { phase: 'published', publishedAt: now, version: { increment: 1 } } })
    if (changed.count !== 1) throw conflict('VERSION_CONFLICT', '选举刚刚发生了变化，请刷新后再试')
    await tx.electionPhaseTime.updateMany({ where: { electionId: id, phase: 'counting', closedAt: null }, data: { closedAt: now } })
    await announce(tx, deps, e, { key: 'published', title: '选举结果公布', body: `「${e.title}」选举结果已公布，请在小程序「议事」中查看。`, phase: '已公布' }, now)
    await audit(tx, { actor, action: 'election.publish', resourceType: 'election', resourceId: id, result: 'success' }, origin)
  })
  return electionDetail(deps, actor, id)
}
