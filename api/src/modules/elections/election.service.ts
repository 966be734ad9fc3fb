import type { z } from 'zod'
import { hasRole, roleScope, type Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { DbOrTx, Tx, UnitOfWork } from '../../core/db.ts'
import { conflict, forbidden, invalid, notFound } from '../../core/errors.ts'
import { decodeCursor, pageOf } from '../../core/pagination.ts'
import { retryDeadlock } from '../../core/db.ts'
import { canSee, livesIn, managesCommunity, phaseOrder } from './election.policy.ts'
import { presentElection, presentElectionDetail, type ElectionFull, type Viewer } from './election.presenter.ts'
import type { CreateElectionBody, ElectionListQuery, ScheduledPhase, UpdateElectionBody } from './election.schema.ts'

type Schedule = NonNullable<z.output<typeof CreateElectionBody>['schedule']>

const FULL = {
  contests: true, phases: true,
  rounds: { select: { id: true, kind: true, seq: true, status: true, opensAt: true, closesAt: true } },
} as const

/** The election with its contests and phase times, or null. */
export async function electionById(db: DbOrTx, id: number): Promise<ElectionFull | null> {
  return db.election.findUnique({ where: { id }, include: FULL }) as Promise<ElectionFull | null>
}

/** The election if the caller may see it (staff of the community; residents once past the draft); 404 otherwise. */
export async function loadVisible(deps: Deps, actor: Actor, id: number, db: DbOrTx = deps.db): Promise<ElectionFull> {
  const e = await electionById(db, id)
  if (!e || !canSee(actor, e)) throw notFound('选举')
  return e
}

/** The election if the caller manages it: 404 when they cannot see it, 403 when they only live there. */
export async function loadManaged(deps: Deps, actor: Actor, id: number, db: DbOrTx = deps.db): Promise<ElectionFull> {
  const e = await loadVisible(deps, actor, id, db)
  if (!managesCommunity(actor, e.communityId)) throw forbidden('只有本社区居委会工作人员可以管理选举')
  return e
}

/** Whether the user is on the roll now (not removed). */
export async function isOnRoll(db: DbOrTx, electionId: number, userId: number): Promise<boolean> {
  const v = await db.electionVoter.findUnique({ where: { electionId_userId: { electionId, userId } }, select: { removedAt: true } })
  return !!v && v.removedAt === null
}

const dayDate = (day: string) => new Date(`${day}T00:00:00Z`)

function checkSchedule(schedule: Schedule | undefined, hasPreliminary: boolean) {
  if (schedule?.preliminary && !hasPreliminary) throw invalid('schedule.preliminary', '未设置初步选举，不能安排其时间')
  if (!schedule) return
  let last = 0
  for (const phase of phaseOrder({ hasPreliminary })) {
    const w = schedule[phase]
    if (!w) continue
    if (Date.parse(w.startsAt) < last) throw invalid(`schedule.${phase}.startsAt`, '各阶段须按顺序安排，不能早于前一阶段结束')
    last = Date.parse(w.endsAt)
  }
}

/**
 * The phase rows of the schedule: updated in place by primary key, created where missing, the
 * preliminary round's row deleted when it goes. No range delete: its gap locks made parallel
 * creates deadlock on each other's inserts.
 */
async function writePhases(tx: Tx, electionId: number, hasPreliminary: boolean, schedule: Schedule | undefined, existing: ScheduledPhase[] = []) {
  const order = phaseOrder({ hasPreliminary })
  const times = (phase: ScheduledPhase) => ({
    startsAt: schedule?.[phase] ? new Date(schedule[phase].startsAt) : null,
    endsAt: schedule?.[phase] ? new Date(schedule[phase].endsAt) : null,
  })
  for (const phase of existing.filter((p) => !order.includes(p))) {
    await tx.electionPhaseTime.delete({ where: { electionId_phase: { electionId, phase } } })
  }
  for (const phase of order.filter((p) => existing.includes(p))) {
    await tx.electionPhaseTime.update({ where: { electionId_phase: { electionId, phase } }, data: times(phase) })
  }
  const missing = order.filter((p) => !existing.includes(p))
  if (missing.length) await tx.electionPhaseTime.createMany({ data: missing.map((phase) => ({ electionId, phase, ...times(phase) })) })
}

/** POST /elections: a draft with its contests, rules and schedule. */
export async function createElection(deps: Deps, actor: Actor, input: z.output<typeof CreateElectionBody>, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  if (!managesCommunity(actor, input.communityId)) throw forbidden('只有本社区居委会工作人员可以组织选举')
  const community = await deps.db.community.findUnique({ where: { id: input.communityId }, select: { id: true } })
  if (!community) throw invalid('communityId', '社区不存在')
  checkSchedule(input.schedule, input.hasPreliminary)
  const id = await retryDeadlock(deps, () => unitOfWork(async (tx) => {
    const e = await tx.election.create({
      data: {
        communityId: input.communityId, title: input.title, description: input.description ?? '', conditionsText: input.conditionsText,
        electionDay: dayDate(input.electionDay), minAge: input.minAge,
        turnoutNum: input.rules?.turnout?.num ?? 1, turnoutDen: input.rules?.turnout?.den ?? 2,
        electNum: input.rules?.elect?.num ?? 1, electDen: input.rules?.elect?.den ?? 2,
        hasPreliminary: input.hasPreliminary, advanceExtra: input.advanceExtra, createdById: actor.id,
        contests: { create: input.contests.map((c, i) => ({ name: c.name, seats: c.seats, sortOrder: i })) },
      },
    })
    await writePhases(tx, e.id, input.hasPreliminary, input.schedule)
    await audit(tx, { actor, action: 'election.create', resourceType: 'election', resourceId: e.id, result: 'success', details: { communityId: input.communityId } }, origin)
    return e.id
  }))
  return electionDetail(deps, actor, id)
}

/** PATCH /elections/:id: a draft only, conditional on the version read. */
export async function updateElection(deps: Deps, actor: Actor, id: number, input: z.output<typeof UpdateElectionBody>, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  const e = await loadManaged(deps, actor, id)
  if (e.phase !== 'draft') throw conflict('WRONG_PHASE', '选举已经开始，不能再修改；只有「草稿」可以修改', { needed: ['draft'], current: e.phase })
  const hasPreliminary = input.hasPreliminary ?? e.hasPreliminary
  checkSchedule(input.schedule, hasPreliminary)
  await retryDeadlock(deps, () => unitOfWork(async (tx) => {
    const changed = await tx.election.updateMany({
      where: { id, version: input.version, phase: 'draft' },
      data: {
        title: input.title, description: input.description, conditionsText: input.conditionsText,
        electionDay: input.electionDay ? dayDate(input.electionDay) : undefined, minAge: input.minAge,
        turnoutNum: input.rules?.turnout?.num, turnoutDen: input.rules?.turnout?.den,
        electNum: input.rules?.elect?.num, electDen: input.rules?.elect?.den,
        hasPreliminary: input.hasPreliminary, advanceExtra: input.advanceExtra, version: { increment: 1 },
      },
    })
    if (changed.count !== 1) throw conflict('VERSION_CONFLICT', '选举刚刚被他人修改，请刷新后再试')
    if (input.contests) {
      await tx.electionContest.deleteMany({ where: { electionId: id } })
      await tx.electionContest.createMany({ data: input.contests.map((c, i) => ({ electionId: id, name: c.name, seats: c.seats, sortOrder: i })) })
    }
    if (input.schedule || input.hasPreliminary !== undefined) {
      const kept: Schedule = {}
      for (const p of e.phases) if (p.startsAt && p.endsAt) kept[p.phase] = { startsAt: p.startsAt.toISOString(), endsAt: p.endsAt.toISOString() }
      const schedule = input.schedule ?? kept
      if (!hasPreliminary) delete schedule.preliminary
      await writePhases(tx, id, hasPreliminary, schedule, e.phases.map((p) => p.phase))
    }
    await audit(tx, { actor, action: 'election.update', resourceType: 'election', resourceId: id, result: 'success' }, origin)
  }))
  return electionDetail(deps, actor, id)
}

/** GET /elections: staff see their communities' elections (drafts too); residents those of their communities past the draft. */
export async function listElections(deps: Deps, actor: Actor, q: z.output<typeof ElectionListQuery>) {
  const cursor = decodeCursor(q.cursor)
  const admin = hasRole(actor, 'admin')
  const staffIds = roleScope(actor, 'committee').communityIds
  const or = admin ? [{}] : [
    ...(staffIds.length ? [{ communityId: { in: staffIds } }] : []),
    ...(actor.residence.communityIds.length ? [{ communityId: { in: actor.residence.communityIds }, phase: { not: 'draft' as const } }] : []),
  ]
  if (!or.length) return { data: [], page: { nextCursor: null } }
  const rows = await deps.db.election.findMany({
    where: { AND: [{ OR: or }, q.communityId ? { communityId: q.communityId } : {}, cursor !== undefined ? { id: { lt: cursor } } : {}] },
    orderBy: { id: 'desc' }, take: q.limit + 1,
  })
  const { items, page } = pageOf(rows, q.limit)
  return { data: items.map(presentElection), page }
}

/** How the caller stands: on the roll (residents), the rounds they voted in, scrutineer. One round trip. */
async function viewerOf(db: DbOrTx, actor: Actor, e: ElectionFull): Promise<Viewer> {
  const [row] = await db.$queryRaw<{ voter_id: number | null; removed_at: Date | null; voted: string | null; scrutineer: bigint }[]>`
    SELECT v.id AS voter_id, v.removed_at,
      (SELECT GROUP_CONCAT(ev.round_id) FROM election_voted ev WHERE ev.voter_id = v.id) AS voted,
      (SELECT COUNT(*) FROM election_scrutineers s WHERE s.election_id = ${e.id} AND s.user_id = ${actor.id}) AS scrutineer
    FROM (SELECT 1) one LEFT JOIN election_voters v ON v.election_id = ${e.id} AND v.user_id = ${actor.id}`
  const resident = livesIn(actor, e.communityId)
  const onRoll = row.voter_id !== null && row.removed_at === null
  return {
    onRoll: resident || row.voter_id !== null ? onRoll : null,
    votedRounds: row.voter_id !== null ? (row.voted ? row.voted.split(',').map(Number) : []) : null,
    scrutineer: Number(row.scrutineer) > 0,
  }
}

/** GET /elections/:id: the timeline, conditions, contests, rules, rounds and how the caller stands (on the roll, voted, scrutineer). */
export async function electionDetail(deps: Deps, actor: Actor, id: number) {
  const e = await loadVisible(deps, actor, id)
  return presentElectionDetail(actor, e, await viewerOf(deps.db, actor, e))
}
