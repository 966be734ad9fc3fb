import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { UnitOfWork } from '../../core/db.ts'
import { conflict, forbidden, invalid, notFound, unprocessable } from '../../core/errors.ts'
import { maskName } from '../../core/pii.ts'
import { notifyUsers } from '../messages/message.notify.ts'
import { electionLink } from './election.phases.ts'
import { livesIn, managesCommunity } from './election.policy.ts'
import { eligibility, lockForRoll, putOnRoll, takeOffRoll } from './election.roll.ts'
import {
  OBJECTION_KIND_LABELS, OBJECTION_STATUS_LABELS, type CreateObjectionBody, type ObjectionView, type ResolveObjectionBody,
} from './election.schema.ts'
import { loadManaged, loadVisible } from './election.service.ts'

type ObjectionRow = {
  id: number; kind: 'missing' | 'ineligible'; reason: string; status: 'pending' | 'upheld' | 'dismissed'; resolution: string | null
  resolvedAt: Date | null; createdAt: Date; subjectVoterId: number | null; subjectText: string | null; user: { displayName: string }
}

async function present(deps: Deps, rows: ObjectionRow[], staff: boolean): Promise<z.output<typeof ObjectionView>[]> {
  const ids = rows.map((r) => r.subjectVoterId).filter((x): x is number => x != null)
  const voters = ids.length ? await deps.db.electionVoter.findMany({ where: { id: { in: ids } }, select: { id: true, maskedName: true, buildingLabel: true } }) : []
  const byId = new Map(voters.map((v) => [v.id, v]))
  return rows.map((o) => ({
    id: o.id, kind: o.kind, kindLabel: OBJECTION_KIND_LABELS[o.kind], subject: o.subjectVoterId ? byId.get(o.subjectVoterId) ?? null : null,
    subjectText: o.subjectText, reason: o.reason, status: o.status, statusLabel: OBJECTION_STATUS_LABELS[o.status], resolution: o.resolution,
    resolvedAt: o.resolvedAt?.toISOString() ?? null, createdAt: o.createdAt.toISOString(), filer: staff ? maskName(o.user.displayName) : null,
  }))
}

const SELECT = {
  id: true, kind: true, reason: true, status: true, resolution: true, resolvedAt: true, createdAt: true, subjectVoterId: true, subjectText: true, user: { select: { displayName: true } },
} as const

/**
 * POST /elections/:id/objections: a resident of the community, while registration is open.
 * `missing`: the filer (or, with `subjectText`, someone the filer names) should be on the roll;
 * `ineligible`: `subjectVoterId` should not be.
 */
export async function fileObjection(deps: Deps, actor: Actor, id: number, input: z.output<typeof CreateObjectionBody>, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  const e = await loadVisible(deps, actor, id)
  if (!livesIn(actor, e.communityId)) throw forbidden('只有本社区居民可以对选民名单提出异议')
  if (input.kind === 'ineligible' && input.subjectText) throw invalid('subjectText', '「不应登记而登记」的异议请指明名单上的选民（subjectVoterId）')
  if (input.kind === 'ineligible' && !input.subjectVoterId) throw invalid('subjectVoterId', '请指明有异议的选民')
  if (input.kind === 'missing' && input.subjectVoterId) throw invalid('subjectVoterId', '「应登记未登记」的异议请用 subjectText 写明是谁（姓名和住址）')
  const created = await unitOfWork(async (tx) => {
    await lockForRoll(tx, id, '提出异议')
    if (input.subjectVoterId && !(await tx.electionVoter.findFirst({ where: { id: input.subjectVoterId, electionId: id, removedAt: null }, select: { id: true } }))) {
      throw invalid('subjectVoterId', '名单上没有这位选民')
    }
    if (input.kind === 'missing' && !input.subjectText && (await tx.electionVoter.findFirst({ where: { electionId: id, userId: actor.id, removedAt: null }, select: { id: true } }))) {
      throw conflict('ALREADY_ON_ROLL', '您已在选民名单上')
    }
    const o = await tx.electionObjection.create({
      data: { electionId: id, userId: actor.id, kind: input.kind, subjectVoterId: input.subjectVoterId ?? null, subjectText: input.subjectText ?? null, reason: input.reason },
      select: SELECT,
    })
    await audit(tx, { actor, action: 'election.objection.file', resourceType: 'election_objection', resourceId: o.id, result: 'success', details: { electionId: id, kind: input.kind } }, origin)
    return o
  })
  return (await present(deps, [created], false))[0]
}

/** GET /elections/:id/objections: staff all; a resident their own. */
export async function listObjections(deps: Deps, actor: Actor, id: number) {
  const e = await loadVisible(deps, actor, id)
  const staff = managesCommunity(actor, e.communityId)
  const rows = await deps.db.electionObjection.findMany({ where: { electionId: id, ...(staff ? {} : { userId: actor.id }) }, select: SELECT, orderBy: { id: 'desc' }, take: 500 })
  return present(deps, rows, staff)
}

/**
 * POST /elections/:id/objections/:oid/resolve: upheld `missing` puts the filer — or, for one about
 * someone else, the `userId` staff name — on the roll (source objection) when the rule allows;
 * upheld `ineligible` takes the voter off. One transaction; the filer is told.
 */
export async function resolveObjection(deps: Deps, actor: Actor, id: number, oid: number, input: z.output<typeof ResolveObjectionBody>, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  await loadManaged(deps, actor, id)
  const now = deps.now()
  const done = await unitOfWork(async (tx) => {
    const e = await lockForRoll(tx, id, '处理异议')
    const o = await tx.electionObjection.findFirst({ where: { id: oid, electionId: id } })
    if (!o) throw notFound('异议')
    if (o.status !== 'pending') throw conflict('OBJECTION_RESOLVED', '该异议已经处理')
    if (o.subjectText && input.upheld && !input.userId) throw invalid('userId', '请指明要补登的居民（userId）')
    if (!o.subjectText && input.userId) throw invalid('userId', '该异议是提出人为本人提出的，不需指明居民')
    if (input.upheld && o.kind === 'missing') {
      const [p] = await eligibility(deps, tx, e, [input.userId ?? o.userId])
      if (!p && input.userId) throw invalid('userId', '用户不存在或已停用')
      if (!p?.eligible) throw unprocessable('NOT_ELIGIBLE', `按选民条件不能登记：${p?.reasons.join('，') ?? '用户已停用'}`, { reasons: p?.reasons ?? [] })
      await putOnRoll(tx, id, p, 'objection', input.resolution.slice(0, 200), actor.id, now)
    }
    if (input.upheld && o.kind === 'ineligible' && o.subjectVoterId) {
      await takeOffRoll(deps, tx, e, id, o.subjectVoterId, input.resolution.slice(0, 200), actor.id, now)
    }
    const changed = await tx.electionObjection.updateMany({
      where: { id: oid, status: 'pending' },
      data: { status: input.upheld ? 'upheld' : 'dismissed', resolution: input.resolution, resolvedById: actor.id, resolvedAt: now },
    })
    if (changed.count !== 1) throw conflict('OBJECTION_RESOLVED', '该异议已经处理')
    await notifyUsers(tx, deps.config, {
      kind: 'election_objection', resourceType: 'election', resourceId: `${id}:objection:${oid}`, userIds: [o.userId],
      title: input.upheld ? '您的异议成立' : '您的异议不成立', body: `「${e.title}」选民名单异议处理意见：${input.resolution}`,
      link: electionLink(id), templateKey: 'election', payload: { title: e.title, phase: '选民登记', time: now.toISOString() }, now,
    })
    await audit(tx, { actor, action: 'election.objection.resolve', resourceType: 'election_objection', resourceId: oid, result: 'success', details: { electionId: id, upheld: input.upheld } }, origin)
    return tx.electionObjection.findUniqueOrThrow({ where: { id: oid }, select: SELECT })
  })
  return (await present(deps, [done], true))[0]
}
