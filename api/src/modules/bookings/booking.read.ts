import type { z } from 'zod'
import { hasRole, roleScope, type Actor } from '../../core/actor.ts'
import type { Deps } from '../../core/context.ts'
import type { DbOrTx } from '../../core/db.ts'
import { forbidden, invalid, notFound } from '../../core/errors.ts'
import { decodeCursor, pageOf } from '../../core/pagination.ts'
import { DAY_MS, shanghaiDayStart } from '../../core/time.ts'
import { Prisma } from '../../generated/prisma/client.ts'
import { canSee, managesCommunity } from './booking.policy.ts'
import { presentBooking, presentBookingDetail, presentDeskBooking } from './booking.presenter.ts'
import { bookingById, selectBookings, type BookingRow } from './booking.rows.ts'
import { SEAT_HOLDING, UPCOMING, type BookingListQuery, type DayListQuery } from './booking.schema.ts'

/** The booking if the caller may see it (the owner, the community's staff); 404 otherwise. */
export async function loadVisible(deps: Deps, actor: Actor, id: number, db: DbOrTx = deps.db): Promise<BookingRow> {
  const row = await bookingById(db, id)
  if (!row || !canSee(actor, row)) throw notFound('预约')
  return row
}

export async function bookingDetail(deps: Deps, actor: Actor, id: number) {
  return presentBookingDetail(actor, await loadVisible(deps, actor, id), deps.now())
}

/** 我的预约: newest first; `when` picks upcoming (not yet visited) or past ones. */
export async function listMyBookings(deps: Deps, actor: Actor, q: z.output<typeof BookingListQuery>) {
  const cursor = decodeCursor(q.cursor)
  const upcoming = Prisma.join(UPCOMING)
  const when = q.when === 'upcoming' ? Prisma.sql`AND b.status IN (${upcoming})`
    : q.when === 'past' ? Prisma.sql`AND b.status NOT IN (${upcoming})` : Prisma.empty
  const rows = await selectBookings(deps.db,
    Prisma.sql`b.user_id = ${actor.id} ${when} ${cursor !== undefined ? Prisma.sql`AND b.id < ${cursor}` : Prisma.empty}`,
    Prisma.sql`ORDER BY b.id DESC LIMIT ${q.limit + 1}`)
  const now = deps.now()
  const { items, page } = pageOf(rows, q.limit)
  return { data: items.map((b) => presentBooking(actor, b, now)), page }
}

const isDeskStaff = (actor: Actor) => hasRole(actor, 'admin') || roleScope(actor, 'committee').communityIds.length > 0

/** A booking by the code the resident shows: staff of its community only; any other code is "not found". */
export async function lookupByCode(deps: Deps, actor: Actor, code: string) {
  if (!isDeskStaff(actor)) throw forbidden('只有社区工作人员可以查询预约码')
  const [row] = await selectBookings(deps.db, Prisma.sql`b.code = ${code}`)
  if (!row || !managesCommunity(actor, row.communityId)) throw notFound('预约')
  return presentDeskBooking(actor, row, deps.now())
}

/** The day's bookings of a community (one window or all), by start time: those holding a seat. */
export async function deskDay(deps: Deps, actor: Actor, q: z.output<typeof DayListQuery>) {
  if (!managesCommunity(actor, q.communityId)) throw forbidden('只能查看本社区的预约')
  const startUtc = Date.parse(`${q.date}T00:00:00Z`)
  if (Number.isNaN(startUtc) || new Date(startUtc).toISOString().slice(0, 10) !== q.date) throw invalid('date', '日期不存在')
  const from = shanghaiDayStart(q.date)
  const to = new Date(from.getTime() + DAY_MS)
  const rows = await selectBookings(deps.db,
    Prisma.sql`s.community_id = ${q.communityId} AND sl.starts_at >= ${from} AND sl.starts_at < ${to}
      AND b.seat_slot_id = b.slot_id AND b.status IN (${Prisma.join(SEAT_HOLDING)})
      ${q.department ? Prisma.sql`AND s.department = ${q.department}` : Prisma.empty}`,
    Prisma.sql`ORDER BY sl.starts_at, b.id LIMIT 2000`)
  const now = deps.now()
  return rows.map((b) => presentDeskBooking(actor, b, now))
}
