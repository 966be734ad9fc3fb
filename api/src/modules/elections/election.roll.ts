import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { Tx, UnitOfWork } from '../../core/db.ts'
import { conflict, invalid, notFound } from '../../core/errors.ts'
import { decodeCursor, pageOf } from '../../core/pagination.ts'
import { ageOn, maskName } from '../../core/pii.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { notifyUsers } from '../messages/message.notify.ts'
import { birthDateOf } from '../me/me.service.ts'
import { electionLink } from './election.phases.ts'
import { requirePhase, type ElectionFacts } from './election.policy.ts'
import { VOTER_SOURCE_LABELS, type AddVoterBody, type RollQuery, type VoterView } from './election.schema.ts'
import { loadManaged, loadVisible } from './election.service.ts'

/** What the rule says about one person, and what the published roll would show for them. */
export type Eligibility = {
  userId: number; eligible: boolean; reasons: string[]; householdId: number | null; buildingLabel: string; maskedName: string
  unverified: boolean; underAge: boolean
}

type Row = {
  user_id: number; display_name: string; real_name: string | null; id_number_cipher: Uint8Array | null; id_number_hmac: Uint8Array | null
  household_id: number | null; estate: string | null; building: string | null
}

/**
 * The rule: an approved household binding in the community, a verified real-name profile (name and
 * ID number on file, the number this account's), and age ≥ min_age on the election day, computed
 * from the decrypted ID number (the birth date is never stored). `userIds` null: everyone bound in
 * the community. The building is that of the lowest-numbered household they are bound to.
 */
export async function eligibility(deps: Deps, tx: Tx, e: { communityId: number; electionDay: Date; minAge: number }, userIds: number[] | null): Promise<Eligibility[]> {
  if (userIds && !userIds.length) return []
  const rows = await tx.$queryRaw<Row[]>`
    SELECT u.id AS user_id, u.display_name, rp.real_name, rp.id_number_cipher, rp.id_number_hmac, hb.household_id, bl.estate, bl.name AS building
    FROM users u
      ${userIds ? Prisma.sql`LEFT` : Prisma.empty} JOIN (SELECT user_id, MIN(household_id) AS household_id FROM household_bindings
        WHERE community_id = ${e.communityId} AND status = 'approved' GROUP BY user_id) hb ON hb.user_id = u.id
      LEFT JOIN households h ON h.id = hb.household_id
      LEFT JOIN buildings bl ON bl.id = h.building_id
      LEFT JOIN resident_profiles rp ON rp.user_id = u.id
    WHERE u.status = 'active' ${userIds ? Prisma.sql`AND u.id IN (${Prisma.join(userIds)})` : Prisma.empty}
    ORDER BY u.id`
  return rows.map((r) => {
    const userId = Number(r.user_id)
    const reasons: string[] = []
    if (r.household_id == null) reasons.push('未在本社区登记房屋')
    const verified = !!(r.real_name && r.id_number_cipher && r.id_number_hmac)
    if (!verified) reasons.push('未完成实名认证')
    const birth = verified ? birthDateOf(deps, userId, r.id_number_cipher) : null
    const underAge = verified && (!birth || ageOn(birth, e.electionDay) < e.minAge)
    if (underAge) reasons.push(`选举日未满${e.minAge}周岁`)
    return {
      userId, eligible: !reasons.length, reasons, unverified: !verified, underAge,
      householdId: r.household_id == null ? null : Number(r.household_id),
      buildingLabel: r.estate ? `${r.estate}${r.building}`.slice(0, 64) : '',
      maskedName: maskName(r.real_name ?? r.display_name).slice(0, 16),
    }
  })
}

/** The election row locked for a change to the roll: registration open and the roll not yet closed. */
export async function lockForRoll(tx: Tx, id: number, what: string) {
  const [row] = await tx.$queryRaw<{ phase: ElectionFacts['phase']; roll_closed_at: Date | null; community_id: number; election_day: Date; min_age: number; title: string }[]>`
    SELECT phase, roll_closed_at, community_id, election_day, min_age, title FROM elections WHERE id = ${id} FOR UPDATE`
  requirePhase(row, 'registration', what)
  if (row.roll_closed_at) throw conflict('ROLL_CLOSED', '选民名单已经确定，不能再修改')
  return { communityId: Number(row.community_id), electionDay: row.election_day, minAge: Number(row.min_age), title: row.title }
}

/** Adds voters the rule allows; a row already there (on the roll or removed) is left as it is. */
export async function insertVoters(tx: Tx, electionId: number, people: Eligibility[], source: 'rule' | 'staff' | 'objection', reason: string | null, by: number, now: Date) {
  let added = 0
  for (let i = 0; i < people.length; i += 500) {
    const rows = people.slice(i, i + 500).map((p) =>
      Prisma.sql`(${electionId}, ${p.userId}, ${p.householdId}, ${p.maskedName}, ${p.buildingLabel}, ${source}, ${reason}, ${by}, ${now})`)
    added += await tx.$executeRaw`INSERT IGNORE INTO election_voters (election_id, user_id, household_id, masked_name, building_label, source, added_reason, changed_by, created_at)
      VALUES ${Prisma.join(rows)}`
  }
  return added
}

/** POST /elections/:id/roll/build: the roll from the rule, in one transaction. Re-runs add only new people, never a removed one. */
export async function buildRoll(deps: Deps, actor: Actor, id: number, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  await loadManaged(deps, actor, id)
  const now = deps.now()
  return unitOfWork(async (tx) => {
    const e = await lockForRoll(tx, id, '生成选民名单')
    const people = await eligibility(deps, tx, e, null)
    const added = await insertVoters(tx, id, people.filter((p) => p.eligible), 'rule', null, actor.id, now)
    const onRoll = await tx.electionVoter.count({ where: { electionId: id, removedAt: null } })
    await audit(tx, { actor, action: 'election.roll.build', resourceType: 'election', resourceId: id, result: 'success', details: { added, onRoll } }, origin)
    return { added, onRoll, skipped: { unverified: people.filter((p) => p.unverified).length, underAge: people.filter((p) => p.underAge).length } }
  })
}

type VoterRow = {
  id: number; maskedName: string; buildingLabel: string; source: 'rule' | 'staff' | 'objection'; addedReason: string | null
  removedAt: Date | null; removedReason: string | null
}

export const presentVoter = (v: VoterRow): z.output<typeof VoterView> => ({
  id: v.id, maskedName: v.maskedName, buildingLabel: v.buildingLabel, source: v.source, sourceLabel: VOTER_SOURCE_LABELS[v.source],
  addedReason: v.addedReason, removedAt: v.removedAt?.toISOString() ?? null, removedReason: v.removedReason,
})

/**
 * Puts a person on the roll (a removed entry comes back with the new source and reason). Inside a
 * transaction holding the election's lock. 409 when they are on it already.
 */
export async function putOnRoll(tx: Tx, electionId: number, p: Eligibility, source: 'staff' | 'objection', reason: string, by: number, now: Date) {
  const existing = await tx.electionVoter.findUnique({ where: { electionId_userId: { electionId, userId: p.userId } } })
  if (existing && !existing.removedAt) throw conflict('ALREADY_ON_ROLL', '此人已在选民名单上')
  if (existing) {
    return tx.electionVoter.update({
      where: { id: existing.id },
      data: { removedAt: null, removedReason: null, source, addedReason: reason, changedById: by, householdId: p.householdId, maskedName: p.maskedName, buildingLabel: p.buildingLabel },
    })
  }
  await insertVoters(tx, electionId, [p], source, reason, by, now)
  return tx.electionVoter.findUniqueOrThrow({ where: { electionId_userId: { electionId, userId: p.userId } } })
}

/** POST /elections/:id/roll: staff add someone with a recorded reason; the answer says whether the rule agrees. */
export async function addVoter(deps: Deps, actor: Actor, id: number, input: z.output<typeof AddVoterBody>, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  await loadManaged(deps, actor, id)
  const now = deps.now()
  return unitOfWork(async (tx) => {
    const e = await lockForRoll(tx, id, '补登选民')
    const [p] = await eligibility(deps, tx, e, [input.userId])
    if (!p) throw invalid('userId', '用户不存在或已停用')
    const v = await putOnRoll(tx, id, p, 'staff', input.reason, actor.id, now)
    await audit(tx, { actor, action: 'election.roll.add', resourceType: 'election_voter', resourceId: v.id, result: 'success', details: { electionId: id, userId: input.userId, eligible: p.eligible } }, origin)
    return { ...presentVoter(v), eligible: p.eligible, warnings: p.reasons }
  })
}

/** Takes a voter off the roll (the row stays with the reason) and tells them why. Inside the election's lock. */
export async function takeOffRoll(deps: Deps, tx: Tx, e: { title: string }, electionId: number, voterId: number, reason: string, by: number, now: Date) {
  const changed = await tx.electionVoter.updateMany({ where: { id: voterId, electionId, removedAt: null }, data: { removedAt: now, removedReason: reason, changedById: by } })
  if (changed.count !== 1) throw conflict('NOT_ON_ROLL', '该选民已不在名单上')
  const v = await tx.electionVoter.findUniqueOrThrow({ where: { id: voterId } })
  await notifyUsers(tx, deps.config, {
    kind: 'election_roll_removed', resourceType: 'election', resourceId: `${electionId}:${voterId}:${now.getTime()}`, userIds: [v.userId],
    title: '您已被移出选民名单', body: `「${e.title}」：您已被移出选民名单，原因：${reason}。如有异议，请在选民登记期间提出。`,
    link: electionLink(electionId), templateKey: 'election', payload: { title: e.title, phase: '选民登记', time: now.toISOString() }, now,
  })
  return v
}

/** POST /elections/:id/roll/:voterId/remove. */
export async function removeVoter(deps: Deps, actor: Actor, id: number, voterId: number, reason: string, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  await loadManaged(deps, actor, id)
  const now = deps.now()
  return unitOfWork(async (tx) => {
    const e = await lockForRoll(tx, id, '移出选民')
    if (!(await tx.electionVoter.findFirst({ where: { id: voterId, electionId: id }, select: { id: true } }))) throw notFound('选民')
    const v = await takeOffRoll(deps, tx, e, id, voterId, reason, actor.id, now)
    await audit(tx, { actor, action: 'election.roll.remove', resourceType: 'election_voter', resourceId: voterId, result: 'success', details: { electionId: id, reason } }, origin)
    return presentVoter(v)
  })
}

/** POST /elections/:id/roll/close: the roll is final; refused while objections are pending. */
export async function closeRoll(deps: Deps, actor: Actor, id: number, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  await loadManaged(deps, actor, id)
  const now = deps.now()
  await unitOfWork(async (tx) => {
    await lockForRoll(tx, id, '确定选民名单')
    const pending = await tx.electionObjection.count({ where: { electionId: id, status: 'pending' } })
    if (pending) throw conflict('OBJECTIONS_PENDING', `还有${pending}件异议未处理，处理后才能确定选民名单`, { pending })
    await tx.election.update({ where: { id }, data: { rollClosedAt: now, version: { increment: 1 } } })
    await tx.electionPhaseTime.updateMany({ where: { electionId: id, phase: 'registration', closedAt: null }, data: { closedAt: now } })
    await audit(tx, { actor, action: 'election.roll.close', resourceType: 'election', resourceId: id, result: 'success' }, origin)
  })
}

/** GET /elections/:id/roll: the published roll — masked names and buildings only, by building. */
export async function readRoll(deps: Deps, actor: Actor, id: number, q: z.output<typeof RollQuery>) {
  await loadVisible(deps, actor, id)
  const cursor = decodeCursor(q.cursor)
  const rows = await deps.db.electionVoter.findMany({
    where: { electionId: id, removedAt: null, ...(q.building ? { buildingLabel: { contains: q.building } } : {}), ...(cursor !== undefined ? { id: { gt: cursor } } : {}) },
    select: { id: true, maskedName: true, buildingLabel: true }, orderBy: { id: 'asc' }, take: q.limit + 1,
  })
  const { items, page } = pageOf(rows, q.limit)
  return { data: items, page }
}

/** GET /elections/:id/roll/me: am I on the roll (and if I was removed, why). */
export async function myRollEntry(deps: Deps, actor: Actor, id: number) {
  await loadVisible(deps, actor, id)
  const v = await deps.db.electionVoter.findUnique({ where: { electionId_userId: { electionId: id, userId: actor.id } } })
  return { onRoll: !!v && !v.removedAt, voter: v ? presentVoter(v) : null }
}
