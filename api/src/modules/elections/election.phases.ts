import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { Tx, UnitOfWork } from '../../core/db.ts'
import { conflict } from '../../core/errors.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { notifyUsers } from '../messages/message.notify.ts'
import { nextPhase, phaseOrder, requirePhase } from './election.policy.ts'
import { electionDetail, loadManaged } from './election.service.ts'
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
  const e = await loadManaged(deps, actor, id)
  const order = phaseOrder(e)
  if (!order.includes(phase)) throw conflict('WRONG_PHASE', `本次选举未设置「${PHASE_LABELS[phase]}」阶段`, { needed: [], current: e.phase })
  if (nextPhase(e) !== phase) {
    const prev = order.indexOf(phase) === 0 ? 'draft' : order[order.indexOf(phase) - 1]
    if (phase === 'counting') throw conflict('WRONG_PHASE', '计票由正式选举结束后的计票开启', { needed: ['formal'], current: e.phase })
    requirePhase(e, prev, `开启「${PHASE_LABELS[phase]}」`)
  }
  if (phase === 'nomination' && !e.rollClosedAt) throw conflict('ROLL_OPEN', '选民名单尚未确定（关闭登记），不能开始报名')
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
    if (phase === 'formal' && e.hasPreliminary) {
      await tx.electionRound.updateMany({ where: { electionId: id, kind: 'preliminary', status: 'open' }, data: { status: 'closed', closedAt: now } })
    }
    if (phase === 'preliminary' || phase === 'formal') {
      await tx.$executeRaw`INSERT INTO election_rounds (election_id, kind, seq, status, opened_at) VALUES (${id}, ${phase}, 1, 'open', ${now})
        ON DUPLICATE KEY UPDATE status = IF(status = 'scheduled', 'open', status), opened_at = COALESCE(opened_at, VALUES(opened_at))`
    }
    await notifyUsers(tx, deps.config, {
      kind: 'election_phase', resourceType: 'election', resourceId: `${id}:${phase}`,
      userIds: await communityResidents(tx, e.communityId),
      title: `${e.title}：${PHASE_LABELS[phase]}阶段开始`.slice(0, 100),
      body: `「${e.title}」已进入「${PHASE_LABELS[phase]}」阶段，请查看选举公告。`,
      link: electionLink(id), templateKey: 'election', payload: { title: e.title, phase: PHASE_LABELS[phase], time: now.toISOString() }, now,
    })
    await audit(tx, { actor, action: 'election.phase.open', resourceType: 'election', resourceId: id, result: 'success', details: { phase } }, origin)
  })
  return electionDetail(deps, actor, id)
}

/**
 * POST /elections/:id/phases/:phase/close: ends the current phase early (its closed time); the
 * election stays in it until the next one opens. A voting phase closes its open round.
 */
export async function closePhase(deps: Deps, actor: Actor, id: number, phase: ScheduledPhase, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  const e = await loadManaged(deps, actor, id)
  requirePhase(e, phase, `结束「${PHASE_LABELS[phase]}」`)
  const now = deps.now()
  await unitOfWork(async (tx) => {
    const changed = await tx.electionPhaseTime.updateMany({ where: { electionId: id, phase, closedAt: null }, data: { closedAt: now } })
    if (changed.count !== 1) throw conflict('PHASE_CLOSED', `「${PHASE_LABELS[phase]}」阶段已经结束`)
    await tx.election.updateMany({ where: { id, phase }, data: { version: { increment: 1 } } })
    if (phase === 'preliminary' || phase === 'formal') {
      await tx.electionRound.updateMany({ where: { electionId: id, kind: phase, status: 'open' }, data: { status: 'closed', closedAt: now } })
    }
    await audit(tx, { actor, action: 'election.phase.close', resourceType: 'election', resourceId: id, result: 'success', details: { phase } }, origin)
  })
  return electionDetail(deps, actor, id)
}
