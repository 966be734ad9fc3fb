import { beforeAll, describe, expect, it } from 'vitest'
import { ROLE_POLICIES } from '../../miniapp/test/fixtures/rolePolicies.ts'
import type { Role } from '../src/core/actor.ts'
import { userPolicies } from '../src/modules/me/me.policy.ts'
import type { Client, Res } from './support/client.ts'
import { createStaff } from './support/factories.ts'
import { useTestServer } from './support/fixture.ts'

// The menus the mini-program shows come from GET /me's `policies`. Each flag below is checked
// against the endpoint its entry opens, called as that user: allowed (2xx) exactly when the flag
// is on, 403 when it is off. One user per role the demo has, and an auditor.
const USERS = ['resident1', 'grid1', 'leader1', 'committee1', 'street1', 'dept1', 'admin', 'auditor1'] as const
type Username = (typeof USERS)[number]

describe('GET /me policies match what the endpoints allow', () => {
  const t = useTestServer()
  const clients = {} as Record<Username, Client>
  const flags = {} as Record<Username, Record<string, boolean>>

  beforeAll(async () => {
    await createStaff(t.srv.deps.db, 'auditor1', 'auditor')
    for (const u of USERS) {
      clients[u] = await t.api.login(u)
      const me = await clients[u].get('/api/v1/me')
      expect(me.status).toBe(200)
      flags[u] = me.body.data.policies
    }
  })

  const expectAllowedIff = (res: Res, allowed: boolean, ok: number, where: string) => {
    expect(res.status, `${where}: ${JSON.stringify(res.body).slice(0, 200)}`).toBe(allowed ? ok : 403)
  }

  it.each(USERS)('ownFigures (我的考核) as %s: GET /report-stats?scope=me', async (u) => {
    const res = await clients[u].get('/api/v1/report-stats?scope=me')
    expectAllowedIff(res, flags[u].ownFigures, 200, u)
  })

  it.each(USERS)('identityReviews (身份核实) as %s: GET /identity-reviews', async (u) => {
    const res = await clients[u].get('/api/v1/identity-reviews?status=pending')
    expectAllowedIff(res, flags[u].identityReviews, 200, u)
  })

  // 议题管理 opens topics directly into discussion. Residents of the community may only propose
  // one (a different path, through content review), so the check is made on the staff accounts.
  it.each(USERS.filter((u) => u !== 'resident1'))('consultations (议题管理) as %s: POST /consultations', async (u) => {
    const communityId = t.srv.demo!.communityIds[0]
    const res = await clients[u].post('/api/v1/consultations', { communityId, title: `楼道照明改造（${u}）`, background: '测试' })
    expectAllowedIff(res, flags[u].consultations, 201, u)
    if (res.status === 201) expect(res.body.data.state).toBe('discussion')
  })

  it('the per-role table the mini-program\'s menu tests use is what the API sends (login and GET /me agree)', async () => {
    const roleOf: Record<Username, Role> = {
      resident1: 'resident', grid1: 'grid_worker', leader1: 'grid_leader', committee1: 'committee',
      street1: 'street', dept1: 'dept', admin: 'admin', auditor1: 'auditor',
    }
    for (const u of USERS) {
      const on = Object.entries(flags[u]).filter(([, v]) => v).map(([k]) => k).sort()
      expect(on, u).toEqual([...ROLE_POLICIES[roleOf[u]]].sort())
      const login = await t.api.post('/api/v1/auth/dev', { username: u })
      expect(login.body.data.user.policies, u).toEqual(flags[u])
    }
    for (const role of Object.keys(ROLE_POLICIES) as Role[]) {
      const on = Object.entries(userPolicies([role])).filter(([, v]) => v).map(([k]) => k).sort()
      expect(on, role).toEqual([...ROLE_POLICIES[role]].sort())
    }
  })

  it('the flags these checks rely on differ across roles (the table is not all one answer)', () => {
    for (const k of ['ownFigures', 'identityReviews', 'consultations']) {
      expect(new Set(USERS.map((u) => flags[u][k])), k).toEqual(new Set([true, false]))
    }
    expect([flags.dept1.ownFigures, flags.street1.identityReviews, flags.admin.consultations]).toEqual([true, true, true])
  })
})
