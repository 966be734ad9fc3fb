import { describe, expect, it } from 'vitest'
import type { Client } from '../support/client.ts'
import { createResident, freshIdNumber } from '../support/factories.ts'
import { useFixture } from '../support/fixture.ts'
import { startTestServer } from '../support/server.ts'

type Binding = { id: number; status: string; resident?: { id: number; realName: string | null }; policies: { approve: boolean; reject: boolean; withdraw: boolean } }

describe('attack: committee staff reviewing their own household binding', () => {
  const t = useFixture(async () => {
    const srv = await startTestServer()
    const { db, cipher } = srv.deps
    const community1 = srv.demo!.communityIds[0]
    // A committee member of community 1 who also lives there, with real-name data on file.
    const u = await createResident(db, cipher, 'insider', { idNumber: freshIdNumber(), realName: '王委员' })
    await db.userRole.create({ data: { userId: u.id, role: 'committee', scopeType: 'community', scopeId: community1 } })
    const insiderId: number = u.id
    const insider = await srv.as('insider')
    const colleague = await srv.as('committee1')
    const household: number = (await db.household.findFirstOrThrow({ where: { communityId: community1, bindings: { none: {} } }, orderBy: { id: 'desc' } })).id
    return { srv, insider, insiderId, colleague, household }
  })

  const pendingOf = async (who: Client, id: number): Promise<Binding | undefined> => {
    const list = await who.get('/api/v1/household-bindings?status=pending&limit=50')
    expect(list.status).toBe(200)
    return (list.body.data as Binding[]).find((b) => b.id === id)
  }

  it('refuses approve and reject of their own request with 403, shows it in their review list without the buttons, and lets a colleague approve it', async () => {
    const asked = await t.insider.post('/api/v1/me/households', { householdId: t.household, relation: 'owner' })
    expect(asked.status).toBe(201)
    const id = asked.body.data.id as number
    expect(asked.body.data.policies).toEqual({ approve: false, reject: false, withdraw: true })

    const seen = await pendingOf(t.insider, id)
    expect(seen).toMatchObject({ status: 'pending', resident: { id: t.insiderId, realName: '王*员' }, policies: { approve: false, reject: false, withdraw: true } })

    const approve = await t.insider.post(`/api/v1/household-bindings/${id}/approve`)
    expect(approve.status).toBe(403)
    expect(approve.body.error.message).toMatch(/不能审核自己的房屋绑定申请/)
    const reject = await t.insider.post(`/api/v1/household-bindings/${id}/reject`, { reason: '自己驳回自己' })
    expect(reject.status).toBe(403)
    const row = await t.srv.deps.db.householdBinding.findUniqueOrThrow({ where: { id } })
    expect([row.status, row.reviewerId]).toEqual(['pending', null])

    expect((await pendingOf(t.colleague, id))?.policies).toEqual({ approve: true, reject: true, withdraw: false })
    const ok = await t.colleague.post(`/api/v1/household-bindings/${id}/approve`)
    expect(ok.status).toBe(200)
    expect(ok.body.data.status).toBe('approved')
    const decided = await t.srv.deps.db.householdBinding.findUniqueOrThrow({ where: { id } })
    expect(decided.reviewerId).toBe(t.srv.demo!.staffIds.committee1)
  })
})
