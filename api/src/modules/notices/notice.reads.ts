import { Prisma } from '../../generated/prisma/client.ts'
import { roleScope, type Actor } from '../../core/actor.ts'
import type { Deps } from '../../core/context.ts'
import { notFound } from '../../core/errors.ts'
import { maskName } from '../../core/pii.ts'
import { authorize } from '../../core/policy.ts'
import { householdAddress } from '../households/household.presenter.ts'
import { canManageCommunity, noticePolicy } from './notice.policy.ts'
import { householdTarget } from './notice.publish.ts'
import { canRead, loadRow } from './notice.service.ts'

type GridReadRow = { grid_id: number; grid_name: string; households: bigint | number; read_households: bigint | number; readers: bigint | number }

/**
 * Read receipts of an important notice: per grid, how many targeted households have at least one
 * reader among their bound residents; and, for one grid, the households nobody has read it in,
 * so the grid worker can follow up door to door. Grid staff see only their own grids.
 */
export async function noticeReads(deps: Deps, actor: Actor, id: number, gridId: number | undefined) {
  const now = deps.now()
  const n = await loadRow(deps, id)
  if (!n || !(await canRead(deps, actor, n))) throw notFound('公告')
  authorize(actor, noticePolicy(now).viewReads, n)
  const seesAllGrids = canManageCommunity(actor, n) || roleScope(actor, 'grid_leader').communityIds.includes(n.communityId)
  const ownGrids = roleScope(actor, 'grid_worker').gridIds
  const gridFilter = seesAllGrids ? Prisma.empty : Prisma.sql`AND h.grid_id IN (${Prisma.join(ownGrids.length ? ownGrids : [-1])})`
  const rows = await deps.db.$queryRaw<GridReadRow[]>`
    SELECT h.grid_id, g.name AS grid_name, COUNT(DISTINCT h.id) AS households,
      COUNT(DISTINCT CASE WHEN r.user_id IS NOT NULL THEN h.id END) AS read_households,
      COUNT(DISTINCT r.user_id) AS readers
    FROM households h
      JOIN grids g ON g.id = h.grid_id
      LEFT JOIN household_bindings b ON b.household_id = h.id AND b.status = 'approved'
      LEFT JOIN notice_reads r ON r.notice_id = ${id} AND r.user_id = b.user_id
    WHERE ${householdTarget(n)} ${gridFilter}
    GROUP BY h.grid_id, g.name ORDER BY h.grid_id`
  const grids = rows.map((r) => ({
    gridId: r.grid_id, gridName: r.grid_name,
    households: Number(r.households), readHouseholds: Number(r.read_households), readers: Number(r.readers),
  }))
  let unread = null
  if (gridId !== undefined) {
    if (!grids.some((g) => g.gridId === gridId)) throw notFound('网格')
    const households = await deps.db.household.findMany({
      where: {
        id: { in: (await deps.db.$queryRaw<{ id: number }[]>`
          SELECT h.id FROM households h WHERE h.grid_id = ${gridId} AND ${householdTarget(n)}
            AND NOT EXISTS (SELECT 1 FROM household_bindings b JOIN notice_reads r ON r.user_id = b.user_id AND r.notice_id = ${id}
                            WHERE b.household_id = h.id AND b.status = 'approved')`).map((h) => h.id) },
      },
      orderBy: [{ buildingId: 'asc' }, { unit: 'asc' }, { room: 'asc' }],
      select: {
        id: true, unit: true, room: true,
        building: { select: { estate: true, name: true } },
        bindings: { where: { status: 'approved' }, select: { user: { select: { profile: { select: { realName: true, phoneMasked: true } } } } } },
      },
    })
    unread = {
      gridId,
      households: households.map((h) => ({
        id: h.id,
        address: householdAddress(h),
        occupants: h.bindings.map((b) => ({
          realName: b.user.profile?.realName ? maskName(b.user.profile.realName) : null,
          phone: b.user.profile?.phoneMasked ?? null,
        })),
      })),
    }
  }
  const sum = (k: 'households' | 'readHouseholds' | 'readers') => grids.reduce((s, g) => s + g[k], 0)
  return { noticeId: id, totals: { households: sum('households'), readHouseholds: sum('readHouseholds'), readers: sum('readers') }, grids, unread }
}

