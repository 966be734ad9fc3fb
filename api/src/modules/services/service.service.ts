import type { z } from 'zod'
import { hasRole, type Actor } from '../../core/actor.ts'
import { audit, type AuditOrigin } from '../../core/audit.ts'
import type { Deps } from '../../core/context.ts'
import type { DbOrTx, UnitOfWork } from '../../core/db.ts'
import { conflict, forbidden, invalid, notFound } from '../../core/errors.ts'
import { authorize } from '../../core/policy.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { bookability, nextSlotsWithRoom, parseEligibleFlags } from '../bookings/booking.rules.ts'
import { paymentsAvailable } from '../payments/payment.service.ts'
import { canSeeService, managedCommunities, managesCommunity, servicePolicy } from './service.policy.ts'
import { bookingWindow, presentServiceDetail, presentServiceSummary, type ServiceRow } from './service.presenter.ts'
import type { CreateServiceBody, ServiceListQuery, UpdateServiceBody } from './service.schema.ts'

/** The most services one list returns (a community has a handful; this bounds a street's). */
const LIST_LIMIT = 200

/** Loads a service the caller may see (inactive ones only for its managers), else 404. */
export async function loadService(deps: Pick<Deps, 'db'>, actor: Actor, id: number): Promise<ServiceRow> {
  const s = await deps.db.service.findUnique({ where: { id } })
  if (!s || !canSeeService(actor, s)) throw notFound('服务')
  return s
}

/** Loads a service the caller manages: 404 when they may not see it, 403 with the reason when they may only see it. */
export async function loadServiceToManage(deps: Pick<Deps, 'db'>, actor: Actor, id: number): Promise<ServiceRow> {
  const s = await loadService(deps, actor, id)
  authorize(actor, servicePolicy.manage, s)
  return s
}

/** The earliest start with room inside the service's booking window, if any. */
async function nextAvailableAt(db: DbOrTx, s: ServiceRow, now: Date): Promise<Date | null> {
  if (!s.active) return null
  const window = bookingWindow(s, now)
  const [next] = await nextSlotsWithRoom(db, s.id, window.earliest, 1)
  return next && next.startsAt < window.latest ? next.startsAt : null
}

/** A service's detail view for the caller: may they book it now, may they manage it. */
async function detailOf(deps: Deps, db: DbOrTx, actor: Actor, s: ServiceRow, now: Date) {
  const [next, bookable] = await Promise.all([nextAvailableAt(db, s, now), bookability(deps, actor, s, now)])
  return presentServiceDetail(s, {
    nextAvailableAt: next,
    bookable,
    paymentAvailable: paymentsAvailable(deps.config),
    canManage: managesCommunity(actor, s.communityId),
  })
}

/**
 * The catalogue: active services of one community (`communityId`, any community), else of the
 * caller's own communities — a resident's approved households, a staff member's scope (a street
 * covers its communities); admins see every community. `all` adds services taken off the list
 * where the caller manages them. Ordered by sort order, then id.
 */
export async function listServices(deps: Deps, actor: Actor, q: z.output<typeof ServiceListQuery>) {
  const now = deps.now()
  const managed = managedCommunities(actor)
  let where: Prisma.ServiceWhereInput
  if (q.communityId !== undefined) {
    where = { communityId: q.communityId }
  } else if (managed === 'all') {
    where = {}
  } else {
    const s = actor.staff
    const ids = [...new Set([...s.communityIds, ...s.gridCommunityIds, ...actor.residence.communityIds])]
    const or: Prisma.ServiceWhereInput[] = []
    if (ids.length) or.push({ communityId: { in: ids } })
    if (s.streetIds.length) or.push({ community: { streetId: { in: s.streetIds } } })
    if (!or.length) return []
    where = { OR: or }
  }
  const active: Prisma.ServiceWhereInput = !q.all ? { active: true }
    : managed === 'all' ? {}
    : { OR: [{ active: true }, { communityId: { in: managed } }] }
  const rows = await deps.db.service.findMany({ where: { AND: [where, active] }, orderBy: [{ sortOrder: 'asc' }, { id: 'asc' }], take: LIST_LIMIT })
  const next = await Promise.all(rows.map((s) => nextAvailableAt(deps.db, s, now)))
  return rows.map((s, i) => presentServiceSummary(s, next[i]))
}

/** One service with its materials, rules and the caller's bookability (404 if not visible). */
export async function getService(deps: Deps, actor: Actor, id: number) {
  return detailOf(deps, deps.db, actor, await loadService(deps, actor, id), deps.now())
}

/** `eligibleGroups` is given exactly when the service is for particular groups. */
function checkGroups(eligibility: string, groups: string[]) {
  if (eligibility === 'groups' && !groups.length) throw invalid('eligibleGroups', '限特定人群预约时，请至少选择一类人群')
  if (eligibility !== 'groups' && groups.length) throw invalid('eligibleGroups', '只有“本社区特定人群”才需要选择人群')
}

const flagsColumn = (eligibility: string, groups: string[]) => (eligibility === 'groups' ? [...new Set(groups)] : Prisma.DbNull)

/** Creates a service in a community the caller manages (committee staff of it, or an admin). */
export async function createService(
  deps: Deps, actor: Actor, input: z.output<typeof CreateServiceBody>, origin: AuditOrigin,
  unitOfWork: UnitOfWork = (effect) => deps.db.$transaction(effect),
) {
  if (!managesCommunity(actor, input.communityId)) {
    throw forbidden(hasRole(actor, 'committee') ? '只能为本社区新建服务' : '只有社区居委会工作人员可以新建服务')
  }
  const community = await deps.db.community.findUnique({ where: { id: input.communityId }, select: { id: true } })
  if (!community) throw invalid('communityId', '社区不存在')
  checkGroups(input.eligibility, input.eligibleGroups)
  const now = deps.now()
  const { eligibleGroups, ...fields } = input
  return unitOfWork(async (tx) => {
    const s = await tx.service.create({
      data: { ...fields, eligibleFlags: flagsColumn(input.eligibility, eligibleGroups), createdById: actor.id },
    })
    await audit(tx, { actor, action: 'service.create', resourceType: 'service', resourceId: s.id, result: 'success', details: { communityId: s.communityId, name: s.name } }, origin)
    return detailOf(deps, tx, actor, s, now)
  })
}

/**
 * Edits a service. The caller sends the version they loaded: a stale one is a 409, never a silent
 * overwrite (a conditional update on the version). Switching away from `groups` drops the groups.
 */
export async function updateService(deps: Deps, actor: Actor, id: number, input: z.output<typeof UpdateServiceBody>, origin: AuditOrigin) {
  const s = await loadServiceToManage(deps, actor, id)
  const { version, eligibleGroups, ...fields } = input
  const eligibility = input.eligibility ?? s.eligibility
  const groups = eligibleGroups ?? (eligibility === 'groups' ? parseEligibleFlags(s.eligibleFlags) : [])
  checkGroups(eligibility, groups)
  const changed = Object.keys(input).filter((k) => k !== 'version' && input[k as keyof typeof input] !== undefined)
  const now = deps.now()
  await deps.db.$transaction(async (tx) => {
    const r = await tx.service.updateMany({
      where: { id, version },
      data: {
        ...Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)),
        ...(input.eligibility !== undefined || eligibleGroups !== undefined ? { eligibleFlags: flagsColumn(eligibility, groups) } : {}),
        version: { increment: 1 },
      },
    })
    if (r.count !== 1) {
      const current = await tx.service.findUnique({ where: { id }, select: { version: true } })
      throw conflict('VERSION_CONFLICT', '该服务已被他人修改，请刷新后再编辑', { currentVersion: current?.version ?? null })
    }
    await audit(tx, { actor, action: 'service.update', resourceType: 'service', resourceId: id, result: 'success', details: { fromVersion: version, fields: changed } }, origin)
  })
  return detailOf(deps, deps.db, actor, await loadService(deps, actor, id), now)
}
