import { describe, expect, it } from 'vitest'
import { Client, fieldsOf } from './support/client.ts'
import { createStaff, storedIdNumber } from './support/factories.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

describe('POST /api/v1/residents/:id/reveal (unmasked personal data, audited)', () => {
  const reveals = (result: string) => t.srv.deps.db.auditLog.count({ where: { action: 'pii.reveal', resourceId: String(t.resident1), result: result as never } })

  const t = useFixture(async () => {
    const srv = await startTestServer()
    const api = new Client(srv.baseUrl)
    const resident1: number = srv.demo!.residentIds.resident1
    const fullId: string = await storedIdNumber(srv.deps, resident1)
    await createStaff(srv.deps.db, 'committee2', 'committee', { type: 'community', id: srv.demo!.communityIds[1] })
    return { srv, api, resident1, fullId }
  })

  it('401 without a token', async () => {
    expect((await t.api.post(`/api/v1/residents/${t.resident1}/reveal`, { fields: ['phone'] })).status).toBe(401)
  })

  it('the resident reads their own full data; the read is audited', async () => {
    const r = await (await t.api.login('resident1')).post(`/api/v1/residents/${t.resident1}/reveal`, { fields: ['idNumber', 'phone'] })
    expect(r.status).toBe(200)
    expect(r.body.data).toEqual({ idNumber: t.fullId, phone: '13900001001' })
    expect(await reveals('success')).toBe(1)
  })

  it('committee staff of the community read it with a reason, which is kept in the audit row', async () => {
    const c1 = await t.api.login('committee1')
    const noReason = await c1.post(`/api/v1/residents/${t.resident1}/reveal`, { fields: ['idNumber'] })
    expect(noReason.status).toBe(403)
    expect(noReason.body.error.code).toBe('PII_REASON_REQUIRED')
    const r = await c1.post(`/api/v1/residents/${t.resident1}/reveal`, { fields: ['realName', 'idNumber'], reason: '核验房屋绑定申请' })
    expect(r.body.data).toEqual({ realName: '张建国', idNumber: t.fullId })
    const row = await t.srv.deps.db.auditLog.findFirstOrThrow({ where: { action: 'pii.reveal', actorId: t.srv.demo!.staffIds.committee1 }, orderBy: { id: 'desc' } })
    expect(row.details).toMatchObject({ fields: ['realName', 'idNumber'], reason: '核验房屋绑定申请' })
    expect(JSON.stringify(row.details)).not.toContain(t.fullId)
  })

  it("the grid worker may read the phone but not the ID number, and the refusal is audited", async () => {
    const grid1 = await t.api.login('grid1')
    expect((await grid1.post(`/api/v1/residents/${t.resident1}/reveal`, { fields: ['phone'], reason: '上门走访' })).body.data).toEqual({ phone: '13900001001' })
    const before = await reveals('denied')
    const r = await grid1.post(`/api/v1/residents/${t.resident1}/reveal`, { fields: ['idNumber'], reason: '上门走访' })
    expect(r.status).toBe(403)
    expect(await reveals('denied')).toBe(before + 1)
  })

  it('404 for staff of another grid or community, the admin, another resident and a missing user', async () => {
    for (const who of ['grid2', 'committee2', 'admin', 'resident2']) {
      const r = await (await t.api.login(who)).post(`/api/v1/residents/${t.resident1}/reveal`, { fields: ['phone'], reason: '测试一下' })
      expect([who, r.status]).toEqual([who, 404])
    }
    expect((await (await t.api.login('committee1')).post('/api/v1/residents/999999/reveal', { fields: ['phone'], reason: '测试一下' })).status).toBe(404)
  })

  it('400 names a field that does not exist', async () => {
    const r = await (await t.api.login('resident1')).post(`/api/v1/residents/${t.resident1}/reveal`, { fields: ['address'] })
    expect(r.status).toBe(400)
    expect(fieldsOf(r)).toEqual(['fields.0'])
  })
})
