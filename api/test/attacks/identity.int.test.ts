// Issue 7 §1 (the ID number cannot be rebuilt without the key), §4 (no ID-number oracle),
// §5 (no identity swap after approval), and the committee review that collisions go to.
import { describe, expect, it } from 'vitest'
import { idCheckChar } from '../../src/core/pii.ts'
import { Client } from '../support/client.ts'
import { plaintextDump } from '../support/dump.ts'
import { createResident, createStaff, freshIdNumber, storedIdNumber } from '../support/factories.ts'
import { useTestServer } from '../support/fixture.ts'

const t = useTestServer()

const ids = () => t.srv.demo!.residentIds
const profile = (c: Client, realName: string, idNumber: string) => c.put('/api/v1/me/profile', { realName, idNumber, phone: '13912345678', consent: true })

/** Every ID number a mask like 320102********011X allows: real birth dates up to today with a matching check character. */
function candidatesForMask(mask: string, today: Date): number {
  let n = 0
  for (let t = Date.UTC(1900, 0, 1); t <= today.getTime(); t += 86400_000) {
    const d = new Date(t).toISOString().slice(0, 10).replace(/-/g, '')
    const first17 = `${mask.slice(0, 6)}${d}${mask.slice(14, 17)}`
    if (idCheckChar(first17) === mask[17]) n++
  }
  return n
}

describe('§1 the ID number cannot be rebuilt from what is stored in the clear', () => {
  it('no plaintext column holds any demo resident\'s birth date, in any format', async () => {
    const dump = await plaintextDump(t.srv)
    for (const userId of Object.values(ids())) {
      const id = await storedIdNumber(t.srv.deps, userId)
      const [y, m, d] = [id.slice(6, 10), id.slice(10, 12), id.slice(12, 14)]
      for (const form of [`${y}${m}${d}`, `${y}-${m}-${d}`, `${y}/${m}/${d}`, `${y}年${Number(m)}月${Number(d)}日`]) expect(dump).not.toContain(form)
      expect(dump).not.toContain(id)
    }
  })

  it('resident_profiles keeps in the clear only columns that say nothing about digits 7–14', async () => {
    const [cols] = (await t.srv.deps.sql.query(
      `SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'resident_profiles'
       AND DATA_TYPE NOT IN ('binary', 'varbinary', 'blob') ORDER BY COLUMN_NAME`,
    )) as unknown as [{ COLUMN_NAME: string }[]]
    // gender is digit 17's parity (already in the mask); the key id and times say nothing of the person.
    expect(cols.map((c) => c.COLUMN_NAME)).toEqual(['cipher_key_id', 'created_at', 'gender', 'id_number_masked', 'phone_masked', 'phone_source', 'real_name', 'updated_at', 'user_id'])
  })

  it('the stored mask leaves well over a thousand candidates for every demo resident', async () => {
    const rows = await t.srv.deps.db.residentProfile.findMany({ where: { userId: { in: Object.values(ids()) } }, select: { idNumberMasked: true } })
    for (const r of rows) expect(candidatesForMask(r.idNumberMasked!, new Date())).toBeGreaterThan(1000)
  })

  it('still tells a resident their age, computed from inside the ciphertext', async () => {
    const r = await (await t.api.login('resident12')).get('/api/v1/me/profile')
    expect(r.body.data.age).toBe(14)
  })
})

describe('§4 no ID-number oracle', () => {
  it('an ID number on file for someone else is accepted for review, never answered "taken", and the holder is not named', async () => {
    const prober = await createResident(t.srv.deps.db, t.srv.deps.cipher, 'prober')
    const c = await t.api.login('prober')
    const target = await storedIdNumber(t.srv.deps, ids().resident1)
    const r = await profile(c, '张建国', target)
    expect(r.status).toBe(200)
    expect(r.body.data.identityStatus).toBe('review')
    expect(JSON.stringify(r.body)).not.toMatch(/TAKEN|已被|resident1|张建国.*张建国/)
    // The holder keeps their verified identity; the claim waits for the committee.
    const holder = await t.srv.deps.db.residentProfile.findUniqueOrThrow({ where: { userId: ids().resident1 } })
    expect(holder.idNumberHmac).not.toBeNull()
    const review = await t.srv.deps.db.identityReview.findFirstOrThrow({ where: { claimantId: prober.id } })
    expect(review).toMatchObject({ status: 'pending', holderId: ids().resident1 })
    expect(await t.srv.deps.db.message.count({ where: { userId: prober.id, kind: 'identity.review' } })).toBe(1)
  })

  it('throttles identity writes per user: a handful an hour, then 429 with Retry-After', async () => {
    await createResident(t.srv.deps.db, t.srv.deps.cipher, 'rapid')
    const c = await t.api.login('rapid')
    const statuses = []
    for (let i = 0; i < t.srv.config.identityWritesPerHour + 2; i++) statuses.push((await profile(c, '陈小满', freshIdNumber())).status)
    expect(statuses.slice(0, t.srv.config.identityWritesPerHour).every((s) => s === 200)).toBe(true)
    const last = await profile(c, '陈小满', freshIdNumber())
    expect(last.status).toBe(429)
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(Number(last.headers.get('retry-after'))).toBeLessThanOrEqual(3600)
    t.srv.clock.advance(3600_000)
    expect((await profile(c, '陈小满', freshIdNumber())).status).toBe(200)
  })

  it('makes a probe of a few hundred numbers take days: far fewer than a few hundred tries fit in an hour', async () => {
    expect(t.srv.config.identityWritesPerHour).toBeLessThanOrEqual(10)
  })
})

describe('§5 no identity swap after approval', () => {
  it('changing the verified name or ID number puts approved bindings back to review, telling the resident and the committee', async () => {
    const c = await t.api.login('resident5')
    const before = await t.srv.deps.db.householdBinding.findMany({ where: { userId: ids().resident5, status: 'approved' } })
    expect(before.length).toBeGreaterThan(0)
    const r = await profile(c, '陈海峰', freshIdNumber())
    expect(r.status).toBe(200)
    const after = await t.srv.deps.db.householdBinding.findMany({ where: { id: { in: before.map((b) => b.id) } } })
    expect(after.map((b) => b.status)).toEqual(before.map(() => 'pending'))
    expect(await t.srv.deps.db.message.count({ where: { userId: ids().resident5, kind: 'binding.back_to_review' } })).toBe(1)
    expect(await t.srv.deps.db.message.count({ where: { userId: t.srv.demo!.staffIds.committee1, kind: 'binding.back_to_review' } })).toBe(1)
    // The household's scope is gone at once: the resident is no longer placed in the grid.
    const me = (await c.get('/api/v1/me')).body.data
    expect(me.households.map((h: { status: string }) => h.status)).toEqual(['pending'])
  })

  it('re-saving the same identity (e.g. to change the phone) leaves approved bindings alone', async () => {
    const c = await t.api.login('resident6')
    const id = await storedIdNumber(t.srv.deps, ids().resident6)
    expect((await profile(c, '杨淑珍', id)).status).toBe(200)
    expect(await t.srv.deps.db.householdBinding.count({ where: { userId: ids().resident6, status: 'approved' } })).toBe(1)
  })

  it('a claimant under review cannot be approved for a household until the committee decides', async () => {
    await createResident(t.srv.deps.db, t.srv.deps.cipher, 'claimant2')
    const c = await t.api.login('claimant2')
    await profile(c, '李秀英', await storedIdNumber(t.srv.deps, ids().resident2))
    const hh = await t.srv.deps.db.household.findFirstOrThrow({ where: { communityId: t.srv.demo!.communityIds[0] }, orderBy: { id: 'desc' } })
    const req = await c.post('/api/v1/me/households', { householdId: hh.id, relation: 'tenant' })
    expect(req.status).toBe(201)
    const approve = await (await t.api.login('committee1')).post(`/api/v1/household-bindings/${req.body.data.id}/approve`, {})
    expect([approve.status, approve.body.error.code]).toEqual([409, 'IDENTITY_UNDER_REVIEW'])
  })
})

describe('identity reviews (committee staff)', () => {
  it('committee staff where a party lives see the claim masked; others do not', async () => {
    const committee = await t.api.login('committee1')
    const list = await committee.get('/api/v1/identity-reviews')
    expect(list.status).toBe(200)
    const item = list.body.data.find((r: { holder: { userId: number } | null }) => r.holder?.userId === ids().resident2)
    expect(item).toMatchObject({ status: 'pending', policies: { reject: true, transfer: true } })
    expect(item.holder.realName).toBe('李*英')
    expect(item.claimant.idNumber).toMatch(/^\d{6}\*{8}\d{3}[\dX]$/)
    await createStaff(t.srv.deps.db, 'committee_la', 'committee', { type: 'community', id: t.srv.demo!.communityIds[1] })
    const other = await t.api.login('committee_la')
    expect((await other.get('/api/v1/identity-reviews')).body.data).toEqual([])
    expect((await other.post(`/api/v1/identity-reviews/${item.id}/reject`, { reason: '核对证件' })).status).toBe(404)
    expect((await (await t.api.login('resident3')).get('/api/v1/identity-reviews')).status).toBe(403)
    expect((await committee.post(`/api/v1/identity-reviews/${item.id}/reject`, {})).status).toBe(400)
  })

  it('transfer: two committee decisions at once, exactly one wins; the number moves and the holder is told', async () => {
    const committee = await t.api.login('committee1')
    const item = (await committee.get('/api/v1/identity-reviews')).body.data.find((r: { holder: { userId: number } | null }) => r.holder?.userId === ids().resident2)
    const rs = await Promise.all([
      committee.post(`/api/v1/identity-reviews/${item.id}/transfer`, { reason: '已核对本人身份证原件' }),
      committee.post(`/api/v1/identity-reviews/${item.id}/reject`, { reason: '证件不符' }),
      committee.post(`/api/v1/identity-reviews/${item.id}/transfer`, { reason: '已核对本人身份证原件' }),
    ])
    expect(rs.filter((r) => r.status === 200)).toHaveLength(1)
    expect(rs.filter((r) => r.status === 409)).toHaveLength(2)
    const winner = rs.find((r) => r.status === 200)!.body.data
    const claimantId = item.claimant.userId
    const claimant = await t.srv.deps.db.residentProfile.findUniqueOrThrow({ where: { userId: claimantId } })
    const holder = await t.srv.deps.db.residentProfile.findUniqueOrThrow({ where: { userId: ids().resident2 } })
    if (winner.status === 'transferred') {
      expect(claimant.idNumberHmac).not.toBeNull()
      expect(holder.idNumberCipher).toBeNull()
      expect(await t.srv.deps.db.householdBinding.count({ where: { userId: ids().resident2, status: 'approved' } })).toBe(0)
      expect(await t.srv.deps.db.message.count({ where: { userId: ids().resident2, kind: 'identity.decided' } })).toBe(1)
    } else {
      expect(claimant.idNumberCipher).toBeNull()
      expect(holder.idNumberHmac).not.toBeNull()
    }
    expect(await t.srv.deps.db.auditLog.count({ where: { resourceType: 'identity_review', resourceId: String(item.id), action: { in: ['identity.transfer', 'identity.reject'] } } })).toBe(1)
  })

  it('a committee member cannot decide a claim they are a party to', async () => {
    const staffResident = await createResident(t.srv.deps.db, t.srv.deps.cipher, 'committee_self', { idNumber: freshIdNumber() })
    await t.srv.deps.db.userRole.create({ data: { userId: staffResident.id, role: 'committee', scopeType: 'community', scopeId: t.srv.demo!.communityIds[0] } })
    const c = await t.api.login('committee_self')
    await profile(c, '测试居民', await storedIdNumber(t.srv.deps, ids().resident3))
    const mine = (await c.get('/api/v1/identity-reviews')).body.data.find((r: { claimant: { userId: number } }) => r.claimant.userId === staffResident.id)
    expect(mine?.policies).toEqual({ reject: false, transfer: false })
    const r = await c.post(`/api/v1/identity-reviews/${mine.id}/transfer`, { reason: '自己核实自己' })
    expect(r.status).toBe(403)
  })
})
