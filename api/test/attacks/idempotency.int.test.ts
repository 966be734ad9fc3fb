// Issue 7 §10: the Idempotency-Key and the response are stored in the same transaction as the effect.
import { describe, expect, it } from 'vitest'
import { createResident, freshIdNumber } from '../support/factories.ts'
import { useTestServer } from '../support/fixture.ts'

const t = useTestServer()

const notice = (title: string) => ({ title, body: '正文', category: 'notice', importance: 'normal', target: { communityId: t.srv.demo!.communityIds[0] }, mode: 'draft' })

describe('Idempotency-Key', () => {
  it('a crash right after the effect commits cannot leave the key stuck: the retry gets the first answer, and nothing runs twice', async () => {
    // Simulates dying between the effect's commit and a later write that would complete the key:
    // no key row may ever be completed after the fact. Where the response is stored with the
    // effect, nothing is.
    await t.srv.deps.sql.query(`CREATE TRIGGER idem_no_late_completion BEFORE UPDATE ON idempotency_keys FOR EACH ROW
      BEGIN IF OLD.status_code IS NULL THEN SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'process died after commit'; END IF; END`)
    try {
      const committee = await t.api.login('committee1')
      const key = { 'idempotency-key': 'crash-after-commit-1' }
      const first = await committee.post('/api/v1/notices', notice('断电后重试的公告'), key)
      const retry = await committee.post('/api/v1/notices', notice('断电后重试的公告'), key)
      expect(retry.status).toBe(201)
      expect(await t.srv.deps.db.notice.count({ where: { title: '断电后重试的公告' } })).toBe(1)
      if (first.status === 201) expect(retry.body.data.id).toBe(first.body.data.id)
      expect(retry.headers.get('idempotent-replayed')).toBe('true')
    } finally {
      await t.srv.deps.sql.query('DROP TRIGGER IF EXISTS idem_no_late_completion')
    }
  })

  it('parallel requests with one key run the effect once and all get the same answer', async () => {
    const user = await createResident(t.srv.deps.db, t.srv.deps.cipher, 'idem_resident', { idNumber: freshIdNumber() })
    const c = await t.api.login('idem_resident')
    const hh = await t.srv.deps.db.household.findFirstOrThrow({ where: { communityId: t.srv.demo!.communityIds[1] } })
    const rs = await Promise.all(Array.from({ length: 8 }, () => c.post('/api/v1/me/households', { householdId: hh.id, relation: 'tenant' }, { 'idempotency-key': 'bind-once' })))
    expect(rs.map((r) => r.status)).toEqual(rs.map(() => 201))
    expect(new Set(rs.map((r) => r.body.data.id)).size).toBe(1)
    expect(await t.srv.deps.db.householdBinding.count({ where: { userId: user.id } })).toBe(1)
    expect(await t.srv.deps.db.idempotencyKey.count({ where: { userId: user.id } })).toBe(1)
  })

  it("concurrent requests of different people never run with each other's identity or body", async () => {
    const households = await t.srv.deps.db.household.findMany({ where: { communityId: t.srv.demo!.communityIds[1] }, take: 12, orderBy: { id: 'desc' } })
    const people = await Promise.all(households.map(async (_, i) => {
      const user = await createResident(t.srv.deps.db, t.srv.deps.cipher, `crowd${i}`, { idNumber: freshIdNumber() })
      return { user, client: await t.api.login(`crowd${i}`) }
    }))
    const rs = await Promise.all(people.map((p, i) =>
      p.client.post('/api/v1/me/households', { householdId: households[i].id, relation: 'tenant' }, { 'idempotency-key': `crowd-${i}` })))
    expect(rs.map((r) => r.status)).toEqual(rs.map(() => 201))
    for (const [i, p] of people.entries()) {
      const rows = await t.srv.deps.db.householdBinding.findMany({ where: { userId: p.user.id } })
      expect(rows.map((b) => b.householdId)).toEqual([households[i].id])
      expect(rs[i].body.data.household.id).toBe(households[i].id)
    }
  })

  it('an effect that fails leaves no key behind: the same key may be used again at once', async () => {
    const committee = await t.api.login('committee1')
    const key = { 'idempotency-key': 'fails-first' }
    const bad = await committee.post('/api/v1/notices', { ...notice('无效范围'), target: { gridIds: [999999] } }, key)
    expect(bad.status).toBe(400)
    expect(await t.srv.deps.db.idempotencyKey.count({ where: { key: 'fails-first' } })).toBe(0)
  })

  it('the stored response is written by the same transaction: no key row without a response is ever visible', async () => {
    const rows = await t.srv.deps.db.idempotencyKey.findMany({ where: { OR: [{ statusCode: null }, { responseBody: null }, { responseBody: '' }] } })
    expect(rows).toEqual([])
  })

  it('a different body with a used key is refused with 422', async () => {
    const committee = await t.api.login('committee1')
    const key = { 'idempotency-key': 'reuse-check' }
    expect((await committee.post('/api/v1/notices', notice('甲公告'), key)).status).toBe(201)
    const other = await committee.post('/api/v1/notices', notice('乙公告'), key)
    expect([other.status, other.body.error.code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED'])
  })
})
