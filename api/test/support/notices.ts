import { Client } from './client.ts'
import { createStaff } from './factories.ts'
import { startTestServer, type TestClock } from './server.ts'

export const HOUR = 3600_000

/**
 * The server and the places the notice tests use: committee1 logged in, the first two grids and
 * both communities of the demo, resident1's building, and a committee member of the second
 * community (committee2).
 */
export async function startNoticeFixture() {
  const srv = await startTestServer()
  const api = new Client(srv.baseUrl)
  const committee = await api.login('committee1')
  const [grid1, grid2] = srv.demo!.gridIds
  const [community1, community2] = srv.demo!.communityIds
  await createStaff(srv.deps.db, 'committee2', 'committee', { type: 'community', id: community2 })
  const binding = await srv.deps.db.householdBinding.findFirstOrThrow({ where: { userId: srv.demo!.residentIds.resident1 }, include: { household: true } })
  return { srv, api, committee, grid1, grid2, community1, community2, buildingOfResident1: binding.household.buildingId }
}

/** Publishes a notice (normal importance unless the body says otherwise) as `who`, or throws. */
export async function publishAs(who: Client, body: Record<string, unknown>) {
  const r = await who.post('/api/v1/notices', { importance: 'normal', mode: 'publish', ...body })
  if (r.status !== 201) throw new Error(`publish failed: ${r.status} ${JSON.stringify(r.body)}`)
  return r.body.data as { id: number; version: number; state: string }
}

/** The ids in a client's notice feed (up to 100). */
export const feedIds = async (c: Client, query = '') =>
  ((await c.get(`/api/v1/notices?limit=100${query}`)).body.data as { id: number }[]).map((n) => n.id)

/** An instant `ms` from the test clock's now, as the API takes it. */
export const isoFrom = (clock: TestClock, ms: number) => new Date(clock.now().getTime() + ms).toISOString()
