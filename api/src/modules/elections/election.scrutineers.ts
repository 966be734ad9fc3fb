import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { Tx } from '../../core/db.ts'
import { conflict, invalid, isUniqueViolation, notFound } from '../../core/errors.ts'
import { notifyUsers } from '../messages/message.notify.ts'
import { electionLink } from './election.phases.ts'
import { requirePhase } from './election.policy.ts'
import type { ScrutineerView } from './election.schema.ts'
import { loadManaged, loadVisible } from './election.service.ts'

type Scrutineer = z.output<typeof ScrutineerView>

/** Scrutineers are named while the election runs: from 公布条件 until the results are published. */
const NAMING_PHASES = ['conditions', 'registration', 'nomination', 'qualification', 'preliminary', 'formal', 'counting'] as const

async function scrutineers(db: Deps['db'] | Tx, electionId: number, userId?: number): Promise<Scrutineer[]> {
  const rows = await db.electionScrutineer.findMany({ where: { electionId, ...(userId ? { userId } : {}) }, select: { userId: true }, orderBy: { userId: 'asc' } })
  const voters = rows.length
    ? await db.electionVoter.findMany({ where: { electionId, userId: { in: rows.map((r) => r.userId) } }, select: { id: true, userId: true, maskedName: true, buildingLabel: true } })
    : []
  const byUser = new Map(voters.map((v) => [v.userId, v]))
  return rows.map((r) => ({ userId: r.userId, voterId: byUser.get(r.userId)?.id ?? 0, name: byUser.get(r.userId)?.maskedName ?? '', buildingLabel: byUser.get(r.userId)?.buildingLabel ?? '' }))
}

/** GET /elections/:id/scrutineers: public to whoever may see the election (masked names, as on the roll). */
export async function listScrutineers(deps: Deps, actor: Actor, id: number) {
  await loadVisible(deps, actor, id)
  return scrutineers(deps.db, id)
}

/**
 * POST /elections/:id/scrutineers {voterId}: committee staff name a voter on the roll who is not a
 * candidate (pending or approved) as 监票人; they are told. 409 when already named.
 */
export async function addScrutineer(deps: Deps, actor: Actor, id: number, voterId: number, origin: AuditOrigin) {
  const e = await loadManaged(deps, actor, id)
  requirePhase(e, NAMING_PHASES, '确定监票人')
  const now = deps.now()
  const userId = await deps.db.$transaction(async (tx) => {
    const v = await tx.electionVoter.findFirst({ where: { id: voterId, electionId: id, removedAt: null }, select: { userId: true } })
    if (!v) throw invalid('voterId', '监票人须是本次选举选民名单上的选民')
    const candidate = await tx.electionCandidate.findFirst({ where: { electionId: id, userId: v.userId, status: { in: ['pending', 'approved'] } }, select: { id: true } })
    if (candidate) throw conflict('IS_CANDIDATE', '候选人不能担任监票人')
    try {
      await tx.electionScrutineer.create({ data: { electionId: id, userId: v.userId } })
    } catch (err) {
      if (isUniqueViolation(err)) throw conflict('ALREADY_SCRUTINEER', '该选民已是监票人')
      throw err
    }
    await notifyUsers(tx, deps.config, {
      kind: 'election_scrutineer', resourceType: 'election', resourceId: `${id}:scrutineer:${v.userId}`, userIds: [v.userId],
      title: '您被确定为监票人', body: `您被确定为「${e.title}」的监票人。投票结束后，您可以在小程序中核对匿名选票和计票结果。`,
      link: electionLink(id), templateKey: 'election', payload: { title: e.title, phase: '监票', time: now.toISOString() }, now,
    })
    await audit(tx, { actor, action: 'election.scrutineer.add', resourceType: 'election', resourceId: id, result: 'success', details: { userId: v.userId } }, origin)
    return v.userId
  })
  return (await scrutineers(deps.db, id, userId))[0]
}

/** POST /elections/:id/scrutineers/:userId/remove: until the results are published. */
export async function removeScrutineer(deps: Deps, actor: Actor, id: number, userId: number, origin: AuditOrigin) {
  const e = await loadManaged(deps, actor, id)
  requirePhase(e, NAMING_PHASES, '更换监票人')
  const [gone] = await scrutineers(deps.db, id, userId)
  if (!gone) throw notFound('监票人')
  await deps.db.$transaction(async (tx) => {
    const n = await tx.electionScrutineer.deleteMany({ where: { electionId: id, userId } })
    if (n.count !== 1) throw notFound('监票人')
    await audit(tx, { actor, action: 'election.scrutineer.remove', resourceType: 'election', resourceId: id, result: 'success', details: { userId } }, origin)
  })
  return gone
}
