import { expect } from 'vitest'
import type { Client } from './client.ts'
import { createStaff } from './factories.ts'
import { startTestServer } from './server.ts'

/** Helpers for the services and slots tests: Shanghai days and times, services and slots made through the API. */

export const HOUR = 3600_000
export const DAY = 86_400_000
/** The Shanghai day of an instant. */
export const dayOf = (d: Date) => new Date(d.getTime() + 8 * HOUR).toISOString().slice(0, 10)
/** The day `n` days after a day (YYYY-MM-DD). */
export const plus = (day: string, n: number) => new Date(Date.parse(`${day}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10)
/** A Shanghai wall-clock time as an ISO instant with its offset. */
export const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`

export type SlotDto = { id: number; startsAt: string; day: string; status: string; capacity: number; booked: number; remaining: number; bookable: boolean }

/** Services and slots of one community, made by its committee member `staff` through the API. */
export function serviceFixture(staff: () => Client, communityId: () => number) {
  return {
    async newService(extra: Record<string, unknown> = {}) {
      const r = await staff().post('/api/v1/services', { communityId: communityId(), name: `时段测试${Math.random().toString(36).slice(2, 8)}`, department: '社区服务中心 5号窗口', ...extra })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      return r.body.data.id as number
    },
    async slotAt(serviceId: number, day: string, start: string, end: string, capacity = 3) {
      const r = await staff().post(`/api/v1/services/${serviceId}/slots`, { startsAt: at(day, start), endsAt: at(day, end), capacity })
      expect(r.status, JSON.stringify(r.body)).toBe(201)
      return r.body.data.id as number
    },
    async slotsOf(who: Client, serviceId: number, q = '') {
      const r = await who.get(`/api/v1/services/${serviceId}/slots${q}`)
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      return r.body.data as SlotDto[]
    },
  }
}

/**
 * A demo test server for the slot suites (options as `startTestServer`): the first community (`qs`),
 * committee1 signed in, a committee member of the second community (committeeB) and tomorrow's day.
 */
export async function startServiceWorld(opts: Parameters<typeof startTestServer>[0] = {}) {
  const srv = await startTestServer(opts)
  await createStaff(srv.deps.db, 'committeeB', 'committee', { type: 'community', id: srv.demo!.communityIds[1] })
  return { srv, qs: srv.demo!.communityIds[0], committee1: await srv.as('committee1'), tomorrow: plus(dayOf(srv.clock.now()), 1) }
}
