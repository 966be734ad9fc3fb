import type { Actor } from '../../core/actor.ts'
import { hasStaffScope, staffScopeWhere } from '../../core/actor.ts'
import type { Deps } from '../../core/context.ts'
import { forbidden, notFound } from '../../core/errors.ts'
import { decodeCursor, pageOf } from '../../core/pagination.ts'
import { householdInclude } from './binding.service.ts'
import { householdPolicy } from './household.policy.ts'
import { presentHousehold } from './household.presenter.ts'

const withOccupants = {
  ...householdInclude,
  bindings: {
    where: { status: 'approved' as const },
    orderBy: { id: 'asc' as const },
    select: { relation: true, user: { select: { id: true, profile: { select: { realName: true, phoneMasked: true } } } } },
  },
}

/** Households in the caller's staff scope (filtered in SQL), with occupants masked. */
export async function listHouseholds(deps: Deps, actor: Actor, q: { gridId?: number; buildingId?: number; limit: number; cursor?: string }) {
  if (!hasStaffScope(actor)) throw forbidden('只有工作人员可以查看房屋列表')
  const cursor = decodeCursor(q.cursor)
  const rows = await deps.db.household.findMany({
    where: {
      AND: [
        staffScopeWhere(actor),
        q.gridId ? { gridId: q.gridId } : {},
        q.buildingId ? { buildingId: q.buildingId } : {},
        cursor ? { id: { gt: cursor } } : {},
      ],
    },
    include: withOccupants,
    orderBy: { id: 'asc' },
    take: q.limit + 1,
  })
  const { items, page } = pageOf(rows, q.limit)
  return { items: items.map(presentHousehold), page }
}

/** One household: staff in scope, or a resident bound to it; else 404. */
export async function getHousehold(deps: Deps, actor: Actor, id: number) {
  const h = await deps.db.household.findUnique({ where: { id }, include: withOccupants })
  if (!h || householdPolicy.view(actor, h) !== true) throw notFound('房屋')
  return presentHousehold(h)
}

/** Buildings of a community, for the household picker (no personal data). */
export async function listBuildings(deps: Deps, communityId: number) {
  const community = await deps.db.community.findUnique({ where: { id: communityId }, select: { id: true } })
  if (!community) throw notFound('社区')
  return deps.db.building.findMany({
    where: { communityId },
    select: { id: true, estate: true, name: true, gridId: true },
    orderBy: [{ estate: 'asc' }, { id: 'asc' }],
  })
}

/** Units and rooms of a building, for the household picker (no personal data). */
export async function listBuildingHouseholds(deps: Deps, buildingId: number) {
  const building = await deps.db.building.findUnique({ where: { id: buildingId }, select: { id: true } })
  if (!building) throw notFound('楼栋')
  const rows = await deps.db.household.findMany({
    where: { buildingId },
    select: { id: true, unit: true, room: true },
    orderBy: [{ unit: 'asc' }, { room: 'asc' }],
  })
  return rows.map((h) => ({ ...h, label: `${h.unit}单元 ${h.room}室` }))
}
