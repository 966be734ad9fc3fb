import type { Actor } from '../../core/actor.ts'
import { hasStaffScope } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import { conflict, forbidden, invalid, isUniqueViolation, notFound } from '../../core/errors.ts'
import type { DbOrTx, Tx, UnitOfWork } from '../../core/db.ts'
import { decodeCursor, pageOf } from '../../core/pagination.ts'
import { authorize } from '../../core/policy.ts'
import { bindingPolicy } from './household.policy.ts'
import { notify } from '../messages/message.service.ts'
import { householdAddress, presentBinding } from './household.presenter.ts'

export const BINDING_MESSAGE_KIND = 'binding.decided'
/** The mini-program page where residents see their bindings. */
const BINDING_LINK = '/packages/profile/binding/index'

export const householdInclude = {
  building: {
    select: {
      estate: true,
      name: true,
      grid: { select: { id: true, name: true } },
      community: { select: { id: true, name: true } },
    },
  },
} as const

const bindingInclude = {
  household: { include: householdInclude },
  user: { select: { id: true, profile: { select: { realName: true, idNumberMasked: true, phoneMasked: true, idNumberHmac: true } } } },
} as const

/** The caller's own binding requests, newest first (withdrawn ones are left out). */
export async function listOwnBindings(deps: Deps, actor: Actor) {
  const rows = await deps.db.householdBinding.findMany({
    where: { userId: actor.id, status: { not: 'withdrawn' } },
    include: bindingInclude,
    orderBy: { id: 'desc' },
    take: 50,
  })
  return rows.map((b) => presentBinding(b, actor))
}

/** Loads a binding the caller may see, else 404. */
export async function loadBinding(deps: Deps, actor: Actor, id: number) {
  const b = await deps.db.householdBinding.findUnique({ where: { id }, include: bindingInclude })
  if (!b || bindingPolicy.view(actor, b) !== true) throw notFound('绑定申请')
  return b
}

/**
 * A resident asks to be bound to a household. Real-name data must be on file, since committee
 * staff verify who is asking; one live (pending or approved) request per resident and household
 * is guaranteed by a unique key.
 */
export async function requestBinding(
  deps: Deps,
  actor: Actor,
  input: { householdId: number; relation: 'owner' | 'family' | 'tenant' },
  unitOfWork: UnitOfWork = (effect) => deps.db.$transaction(effect),
) {
  const profile = await deps.db.residentProfile.findUnique({ where: { userId: actor.id }, select: { realName: true, idNumberMasked: true } })
  if (!profile?.realName || !profile.idNumberMasked) {
    throw conflict('PROFILE_REQUIRED', '请先完成实名登记，再申请绑定房屋')
  }
  const household = await deps.db.household.findUnique({ where: { id: input.householdId }, select: { id: true, gridId: true, communityId: true } })
  if (!household) throw invalid('householdId', '房屋不存在')
  try {
    return await unitOfWork(async (tx) => {
      const created = await tx.householdBinding.create({
        data: {
          userId: actor.id,
          householdId: household.id,
          communityId: household.communityId,
          gridId: household.gridId,
          relation: input.relation,
          status: 'pending',
          activeFlag: true,
        },
        include: bindingInclude,
      })
      return presentBinding(created, actor)
    })
  } catch (e) {
    if (isUniqueViolation(e)) throw conflict('BINDING_EXISTS', '您已申请或已绑定该房屋')
    throw e
  }
}

/** Bindings the caller may review or follow, limited to their scope in SQL. */
export async function listBindingsForStaff(
  deps: Deps,
  actor: Actor,
  q: { status?: 'pending' | 'approved' | 'rejected' | 'withdrawn'; communityId?: number; limit: number; cursor?: string },
) {
  if (!hasStaffScope(actor)) throw forbidden('只有工作人员可以查看绑定申请列表')
  const s = actor.staff
  const scope = [
    ...(s.communityIds.length ? [{ communityId: { in: s.communityIds } }] : []),
    ...(s.gridIds.length ? [{ gridId: { in: s.gridIds } }] : []),
    ...(s.streetIds.length ? [{ household: { streetId: { in: s.streetIds } } }] : []),
  ]
  const cursor = decodeCursor(q.cursor)
  const rows = await deps.db.householdBinding.findMany({
    where: {
      AND: [
        { OR: scope },
        q.status ? { status: q.status } : {},
        q.communityId ? { communityId: q.communityId } : {},
        cursor ? { id: { lt: cursor } } : {},
      ],
    },
    include: bindingInclude,
    orderBy: { id: 'desc' },
    take: q.limit + 1,
  })
  const { items, page } = pageOf(rows, q.limit)
  return { items: items.map((b) => presentBinding(b, actor)), page }
}

type Decision = { action: 'approve' } | { action: 'reject'; reason: string }

/**
 * Approves or rejects a pending request. The state change is a conditional update, so two staff
 * deciding at once cannot both succeed; the decision and its audit row commit together.
 */
export async function decideBinding(deps: Deps, actor: Actor, id: number, decision: Decision, origin: AuditOrigin) {
  const b = await loadBinding(deps, actor, id)
  if (b.status !== 'pending') throw conflict('BINDING_NOT_PENDING', '该申请已被处理')
  // A reviewer asking to approve someone whose ID number is still under review gets a reason to act on.
  if (decision.action === 'approve' && !b.user.profile?.idNumberHmac && bindingPolicy.reject(actor, b) === true) {
    throw conflict('IDENTITY_UNDER_REVIEW', '申请人的身份证号尚待核实（或已被清除），核实前不能通过绑定')
  }
  authorize(actor, bindingPolicy[decision.action], b)
  const now = deps.now()
  await deps.db.$transaction(async (tx) => {
    const changed = await tx.householdBinding.updateMany({
      where: { id, status: 'pending' },
      data:
        decision.action === 'approve'
          ? { status: 'approved', reviewerId: actor.id, reviewedAt: now, reason: null }
          : { status: 'rejected', activeFlag: null, reviewerId: actor.id, reviewedAt: now, reason: decision.reason },
    })
    if (changed.count !== 1) throw conflict('BINDING_NOT_PENDING', '该申请已被处理')
    const address = householdAddress(b.household)
    await notify(tx, {
      userId: b.userId,
      kind: BINDING_MESSAGE_KIND,
      title: decision.action === 'approve' ? '房屋绑定已通过' : '房屋绑定未通过',
      body: decision.action === 'approve'
        ? `您申请绑定的 ${address} 已审核通过，现在可以收到本户的公告和通知。`
        : `您申请绑定的 ${address} 未通过审核。原因：${decision.reason}`,
      link: BINDING_LINK,
      resourceType: 'household_binding',
      resourceId: id,
      now,
    })
    await audit(tx, {
      actor,
      action: `binding.${decision.action}`,
      resourceType: 'household_binding',
      resourceId: id,
      result: 'success',
      details: { householdId: b.householdId, residentId: b.userId, ...(decision.action === 'reject' ? { reason: decision.reason } : {}) },
    }, origin)
  })
  deps.caches.actors.delete(b.userId)
  return presentBinding(await loadBinding(deps, actor, id), actor)
}

/** The resident withdraws a pending request, or unbinds an approved household. */
export async function withdrawBinding(deps: Deps, actor: Actor, id: number, origin: AuditOrigin) {
  const b = await loadBinding(deps, actor, id)
  if (b.userId === actor.id && b.status !== 'pending' && b.status !== 'approved') throw conflict('BINDING_NOT_ACTIVE', '该申请已结束')
  authorize(actor, bindingPolicy.withdraw, b)
  const changed = await deps.db.householdBinding.updateMany({
    where: { id, userId: actor.id, status: { in: ['pending', 'approved'] } },
    data: { status: 'withdrawn', activeFlag: null },
  })
  if (changed.count !== 1) throw conflict('BINDING_NOT_ACTIVE', '该申请已结束')
  await audit(deps.db, { actor, action: 'binding.withdraw', resourceType: 'household_binding', resourceId: id, result: 'success', details: { previous: b.status } }, origin)
  deps.caches.actors.delete(actor.id)
  return presentBinding(await loadBinding(deps, actor, id), actor)
}

/** The committee staff of some communities (who review their bindings and identity claims). */
export async function committeeOf(db: DbOrTx, communityIds: number[]): Promise<number[]> {
  if (!communityIds.length) return []
  const rows = await db.userRole.findMany({
    where: { role: 'committee', scopeType: 'community', scopeId: { in: communityIds }, user: { status: 'active' } },
    select: { userId: true },
  })
  return [...new Set(rows.map((r) => r.userId))]
}

/**
 * Puts a resident's approved household bindings back to review, because the identity committee
 * staff approved them for has changed (or was taken away). Inside the caller's transaction; the
 * resident and the committee staff of those communities are told. Returns the bindings moved.
 */
export async function sendBindingsBackToReview(tx: Tx, userId: number, reason: string, now: Date) {
  const approved = await tx.householdBinding.findMany({ where: { userId, status: 'approved' }, include: { household: { include: householdInclude } } })
  if (!approved.length) return []
  await tx.householdBinding.updateMany({
    where: { id: { in: approved.map((b) => b.id) }, status: 'approved' },
    data: { status: 'pending', reviewerId: null, reviewedAt: null, reason: null },
  })
  const addresses = approved.map((b) => householdAddress(b.household)).join('、')
  await notify(tx, {
    userId, kind: 'binding.back_to_review', title: '房屋绑定需重新审核',
    body: `${reason}，您已绑定的 ${addresses} 需要社区工作人员重新审核，审核前暂时收不到本户的公告。`,
    link: BINDING_LINK, resourceType: 'user', resourceId: `${userId}:${now.getTime()}`, now,
  })
  for (const staffId of await committeeOf(tx, [...new Set(approved.map((b) => b.communityId))])) {
    await notify(tx, {
      userId: staffId, kind: 'binding.back_to_review', title: '有房屋绑定需重新审核',
      body: `一位居民的实名信息已变更，其房屋绑定（${approved.length} 户）已回到待审核，请在工作台核对。`,
      link: '/packages/workbench/home/index', resourceType: 'user', resourceId: `${userId}:${now.getTime()}`, now,
    })
  }
  return approved
}
