import type { z } from 'zod'
import type { Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { Tx, UnitOfWork } from '../../core/db.ts'
import { conflict, forbidden, invalid, isUniqueViolation, notFound } from '../../core/errors.ts'
import { fileUrls } from '../../core/fileUrls.ts'
import type { Prisma } from '../../generated/prisma/client.ts'
import { attachUploads } from '../uploads/upload.service.ts'
import { notifyUsers } from '../messages/message.notify.ts'
import { electionLink } from './election.phases.ts'
import { managesCommunity, requirePhase, WITHDRAW_PHASES, type ElectionFacts } from './election.policy.ts'
import { CANDIDATE_STATUS_LABELS, type CandidateView, type CreateCandidateBody, type Phase, type ReviewCandidateBody } from './election.schema.ts'
import { loadVisible } from './election.service.ts'

type CandidateRow = {
  id: number; contestId: number; userId: number; source: 'self' | 'staff'; statement: string; status: keyof typeof CANDIDATE_STATUS_LABELS
  reviewReason: string | null; advanced: boolean | null; version: number
  contest: { name: string }; photo: { storageKey: string } | null
}
const SELECT = {
  id: true, contestId: true, userId: true, source: true, statement: true, status: true, reviewReason: true, advanced: true, version: true,
  contest: { select: { name: true } }, photo: { select: { storageKey: true } },
} as const

/** The list of candidates is public from qualification on (approved ones only). */
const PUBLIC_FROM: readonly Phase[] = ['qualification', 'preliminary', 'formal', 'counting', 'published']

async function present(deps: Deps, actor: Actor, e: ElectionFacts & { id: number }, rows: CandidateRow[]): Promise<z.output<typeof CandidateView>[]> {
  const staff = managesCommunity(actor, e.communityId)
  const voters = rows.length ? await deps.db.electionVoter.findMany({ where: { electionId: e.id, userId: { in: rows.map((r) => r.userId) } }, select: { userId: true, maskedName: true, buildingLabel: true } }) : []
  const byUser = new Map(voters.map((v) => [v.userId, v]))
  // The full name where the candidate list is public (approved) or to staff and the candidate.
  const full = rows.filter((c) => c.status === 'approved' || staff || c.userId === actor.id).map((c) => c.userId)
  const profiles = full.length ? await deps.db.residentProfile.findMany({ where: { userId: { in: full } }, select: { userId: true, realName: true } }) : []
  const realName = new Map(profiles.map((p) => [p.userId, p.realName]))
  const urls = fileUrls(deps.config, deps.now())
  return rows.map((c) => {
    const mine = c.userId === actor.id
    const open = c.status === 'pending' || c.status === 'approved'
    const masked = byUser.get(c.userId)?.maskedName ?? ''
    return {
      id: c.id, contestId: c.contestId, contestName: c.contest.name, name: realName.get(c.userId) || masked, buildingLabel: byUser.get(c.userId)?.buildingLabel ?? '',
      statement: c.statement, photoUrl: c.photo ? urls.signed(c.photo.storageKey) : null, source: c.source,
      status: c.status, statusLabel: CANDIDATE_STATUS_LABELS[c.status], reviewReason: staff || mine ? c.reviewReason : null,
      advanced: c.advanced, mine, version: c.version,
      allowedActions: {
        withdraw: (mine || staff) && open && WITHDRAW_PHASES.includes(e.phase),
        review: staff && c.status === 'pending' && e.phase === 'qualification',
      },
    }
  })
}

const candidateById = (deps: Deps, electionId: number, cid: number) => deps.db.electionCandidate.findFirst({ where: { id: cid, electionId }, select: SELECT })

/**
 * POST /elections/:id/candidates (报名): a voter on the roll signs up for one contest; staff may
 * nominate a voter (`userId`). One candidacy per person and election (409 ALREADY_CANDIDATE).
 */
export async function signUp(deps: Deps, actor: Actor, id: number, input: z.output<typeof CreateCandidateBody>, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  const e = await loadVisible(deps, actor, id)
  const staff = managesCommunity(actor, e.communityId)
  if (input.userId !== undefined && !staff) throw forbidden('只有本社区居委会工作人员可以提名他人')
  requirePhase(e, 'nomination', '报名')
  const userId = input.userId ?? actor.id
  if (!e.contests.some((c) => c.id === input.contestId)) throw invalid('contestId', '本次选举没有这个职位')
  const voter = await deps.db.electionVoter.findUnique({ where: { electionId_userId: { electionId: id, userId } }, select: { removedAt: true } })
  if (!voter || voter.removedAt) {
    if (input.userId !== undefined) throw invalid('userId', '被提名人不在选民名单上')
    throw forbidden('只有选民名单上的居民可以报名')
  }
  if (input.photoUploadId !== undefined) {
    const photo = await deps.db.upload.findUnique({ where: { id: input.photoUploadId }, select: { ownerId: true } })
    if (!photo || photo.ownerId !== actor.id) throw invalid('photoUploadId', '照片不存在，请重新上传')
  }
  const now = deps.now()
  let cid: number
  try {
    cid = await unitOfWork(async (tx) => {
      const [row] = await tx.$queryRaw<{ phase: Phase }[]>`SELECT phase FROM elections WHERE id = ${id} FOR UPDATE`
      requirePhase(row, 'nomination', '报名')
      if (input.photoUploadId !== undefined) await attachUploads(tx, [input.photoUploadId], now, 'photoUploadId')
      const c = await tx.electionCandidate.create({
        data: { electionId: id, contestId: input.contestId, userId, source: input.userId !== undefined ? 'staff' : 'self', statement: input.statement, photoUploadId: input.photoUploadId ?? null },
      })
      await audit(tx, { actor, action: 'election.candidate.create', resourceType: 'election_candidate', resourceId: c.id, result: 'success', details: { electionId: id, userId, contestId: input.contestId } }, origin)
      return c.id
    })
  } catch (err) {
    if (!isUniqueViolation(err)) throw err
    const photoTaken = input.photoUploadId !== undefined && (await deps.db.electionCandidate.findFirst({ where: { photoUploadId: input.photoUploadId }, select: { id: true } }))
    if (photoTaken) throw invalid('photoUploadId', '这张照片已用于其他报名')
    throw conflict('ALREADY_CANDIDATE', '每位选民在本次选举中只能报名一个职位')
  }
  return (await present(deps, actor, e, [(await candidateById(deps, id, cid))!]))[0]
}

/** Locks the candidate row and checks it is still as read (conditional on its version). */
async function change(tx: Tx, cid: number, version: number, data: Prisma.ElectionCandidateUncheckedUpdateManyInput) {
  const n = await tx.electionCandidate.updateMany({ where: { id: cid, version }, data: { ...data, version: { increment: 1 } } })
  if (n.count !== 1) throw conflict('CANDIDATE_CHANGED', '候选人信息刚刚发生了变化，请刷新后再试')
}

/** POST /elections/:id/candidates/:cid/withdraw: the candidate (or staff) before the formal vote. */
export async function withdraw(deps: Deps, actor: Actor, id: number, cid: number, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  const e = await loadVisible(deps, actor, id)
  const c = await candidateById(deps, id, cid)
  const staff = managesCommunity(actor, e.communityId)
  if (!c || (!staff && c.userId !== actor.id && !(PUBLIC_FROM.includes(e.phase) && c.status === 'approved'))) throw notFound('候选人')
  if (!staff && c.userId !== actor.id) throw forbidden('只有候选人本人可以退出')
  requirePhase(e, WITHDRAW_PHASES, '退出')
  if (c.status !== 'pending' && c.status !== 'approved') throw conflict('CANDIDATE_CHANGED', `候选人状态为「${CANDIDATE_STATUS_LABELS[c.status]}」，不能退出`)
  await unitOfWork(async (tx) => {
    await change(tx, cid, c.version, { status: 'withdrawn', updatedAt: deps.now() })
    await audit(tx, { actor, action: 'election.candidate.withdraw', resourceType: 'election_candidate', resourceId: cid, result: 'success', details: { electionId: id } }, origin)
  })
  return (await present(deps, actor, e, [(await candidateById(deps, id, cid))!]))[0]
}

/** POST /elections/:id/candidates/:cid/review (资格审查): staff, during qualification; a rejection needs its reason; the candidate is told. */
export async function review(deps: Deps, actor: Actor, id: number, cid: number, input: z.output<typeof ReviewCandidateBody>, origin: AuditOrigin, unitOfWork: UnitOfWork) {
  const e = await loadVisible(deps, actor, id)
  if (!managesCommunity(actor, e.communityId)) throw forbidden('只有本社区居委会工作人员可以审查候选人资格')
  const c = await candidateById(deps, id, cid)
  if (!c) throw notFound('候选人')
  requirePhase(e, 'qualification', '资格审查')
  if (!input.approved && !input.reason) throw invalid('reason', '不通过时必须填写原因')
  if (c.status !== 'pending') throw conflict('CANDIDATE_CHANGED', `候选人状态为「${CANDIDATE_STATUS_LABELS[c.status]}」，不能再审查`)
  const now = deps.now()
  await unitOfWork(async (tx) => {
    await change(tx, cid, c.version, { status: input.approved ? 'approved' : 'rejected', reviewReason: input.reason ?? null, reviewedById: actor.id, reviewedAt: now, updatedAt: now })
    await notifyUsers(tx, deps.config, {
      kind: 'election_candidate', resourceType: 'election', resourceId: `${id}:candidate:${cid}`, userIds: [c.userId],
      title: input.approved ? '候选人资格审查通过' : '候选人资格审查未通过',
      body: `「${e.title}」${c.contest.name}候选人资格审查${input.approved ? '通过' : `未通过，原因：${input.reason}`}`,
      link: electionLink(id), templateKey: 'election', payload: { title: e.title, phase: '资格审查', time: now.toISOString() }, now,
    })
    await audit(tx, { actor, action: 'election.candidate.review', resourceType: 'election_candidate', resourceId: cid, result: 'success', details: { electionId: id, approved: input.approved } }, origin)
  })
  return (await present(deps, actor, e, [(await candidateById(deps, id, cid))!]))[0]
}

/** GET /elections/:id/candidates: approved ones for everyone from qualification on; staff all; a candidate their own too. */
export async function listCandidates(deps: Deps, actor: Actor, id: number) {
  const e = await loadVisible(deps, actor, id)
  const staff = managesCommunity(actor, e.communityId)
  const pub = PUBLIC_FROM.includes(e.phase)
  const rows = await deps.db.electionCandidate.findMany({
    where: { electionId: id, ...(staff ? {} : { OR: [{ userId: actor.id }, ...(pub ? [{ status: 'approved' as const }] : [])] }) },
    select: SELECT, orderBy: [{ contestId: 'asc' }, { id: 'asc' }],
  })
  return present(deps, actor, e, rows)
}
