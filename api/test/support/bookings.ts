import { signAccessToken } from '../../src/core/tokens.ts'
import { Client } from './client.ts'
import type { TestServer } from './server.ts'

/** Helpers for booking tests: services and slots written directly, residents with approved homes. */

const HOUR = 3600_000
const DAY = 86_400_000

let serial = 0

/** A service of a community (free, no confirmation, 14 days ahead, 60 minutes' notice unless told). */
export async function makeService(srv: TestServer, communityId: number, data: Record<string, unknown> = {}) {
  serial++
  return srv.deps.db.service.create({
    data: {
      communityId, name: `测试服务${serial}`, department: '社区服务中心 1号窗口', materials: [{ name: '身份证原件' }, { name: '户口本', copies: 1, note: '首页和本人页' }],
      durationMinutes: 30, ...data,
    },
  })
}

/**
 * A slot starting `inMs` from the server clock's now (rounded to the minute), 30 minutes long.
 * Defaults to tomorrow at 10:00 Shanghai time plus `serial` minutes so starts never collide.
 */
export async function makeSlot(srv: TestServer, serviceId: number, opts: { inMs?: number; at?: Date; capacity?: number; status?: 'open' | 'closed' } = {}) {
  serial++
  const startsAt = opts.at ?? new Date(Math.floor((srv.clock.now().getTime() + (opts.inMs ?? DAY)) / 60_000) * 60_000 + serial * 1000)
  return srv.deps.db.serviceSlot.create({
    data: { serviceId, startsAt, endsAt: new Date(startsAt.getTime() + HOUR / 2), capacity: opts.capacity ?? 10, status: opts.status ?? 'open' },
  })
}

/** `n` new residents, each with an approved binding to a household of the community, logged in. */
export async function residentsOf(srv: TestServer, communityId: number, n: number, prefix: string): Promise<{ id: number; client: Client; householdId: number }[]> {
  const { db } = srv.deps
  const households = await db.household.findMany({ where: { communityId }, take: 50, orderBy: { id: 'asc' } })
  const out: { id: number; client: Client; householdId: number }[] = []
  for (let i = 0; i < n; i++) {
    const h = households[i % households.length]
    const user = await db.user.create({
      data: {
        username: `${prefix}${i}`, displayName: `居民${prefix}${i}`, isDemo: true, roles: { create: { role: 'resident' } },
        bindings: { create: { householdId: h.id, communityId: h.communityId, gridId: h.gridId, relation: 'owner', status: 'approved', activeFlag: true, reviewedAt: new Date() } },
      },
    })
    out.push({ id: user.id, client: new Client(srv.baseUrl, signAccessToken(srv.config, user.id, user.sessionVersion)), householdId: h.id })
  }
  return out
}

/** Seats: each slot's counter and the bookings holding a seat in it. */
export async function seatCounts(srv: TestServer, slotIds: number[]) {
  const slots = await srv.deps.db.serviceSlot.findMany({ where: { id: { in: slotIds } }, select: { id: true, booked: true, capacity: true } })
  const holding = await srv.deps.db.booking.groupBy({ by: ['seatSlotId'], where: { seatSlotId: { in: slotIds } }, _count: true })
  return slotIds.map((id) => ({
    id, booked: slots.find((s) => s.id === id)!.booked, capacity: slots.find((s) => s.id === id)!.capacity,
    rows: holding.find((h) => h.seatSlotId === id)?._count ?? 0,
  }))
}

export const book = (c: Client, body: Record<string, unknown>, key?: string) =>
  c.post('/api/v1/bookings', body, key ? { 'idempotency-key': key } : {})

export { DAY, HOUR }
