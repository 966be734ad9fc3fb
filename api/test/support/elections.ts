import { idCheckChar } from '../../src/core/pii.ts'
import type { Client } from './client.ts'
import { createResident } from './factories.ts'
import type { TestServer } from './server.ts'

let n = 0

/** A valid ID number born on the given day (YYYYMMDD), distinct per call. */
export function idNumberBorn(birth: string): string {
  n++
  const first17 = `110106${birth}${String(100 + ((process.pid + n) % 900))}`
  return first17 + idCheckChar(first17)
}

/** A resident with an approved binding to a household of the community; `birth` null: no real-name profile. */
export async function residentOf(srv: TestServer, username: string, communityId: number, birth: string | null) {
  const user = await createResident(srv.deps.db, srv.deps.cipher, username, birth ? { idNumber: idNumberBorn(birth), realName: '欧阳测试' } : {})
  const h = await srv.deps.db.household.findFirstOrThrow({ where: { communityId }, orderBy: { id: 'desc' } })
  await srv.deps.db.householdBinding.create({
    data: { userId: user.id, householdId: h.id, communityId, gridId: h.gridId, relation: 'family', status: 'approved', activeFlag: true },
  })
  return { user, client: await srv.as(username) }
}

export const newElection = async (staff: Client, communityId: number, over: Record<string, unknown> = {}) => {
  const r = await staff.post('/api/v1/elections', {
    communityId, title: '居委会换届选举', conditionsText: '年满18周岁的本社区居民', electionDay: '2027-01-10',
    contests: [{ name: '主任', seats: 1 }], ...over,
  })
  if (r.status !== 201) throw new Error(`election not created: ${JSON.stringify(r.body)}`)
  return r.body.data as { id: number; contests: { id: number }[] }
}

/** Opens phases in order. */
export async function openPhases(staff: Client, id: number, ...phases: string[]) {
  for (const p of phases) {
    const r = await staff.post(`/api/v1/elections/${id}/phases/${p}/open`, {})
    if (r.status !== 200) throw new Error(`phase ${p} not opened: ${JSON.stringify(r.body)}`)
  }
}
