import { beforeAll, describe, expect, it } from 'vitest'
import { formatShanghai } from '../src/core/time.ts'
import { onLeave } from '../src/modules/leaves/leave.service.ts'
import { Client, fieldsOf } from './support/client.ts'
import { createStaff } from './support/factories.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

describe('worker leave', () => {
  const as: Record<string, Client> = {}
  const uid: Record<string, number> = {}
  /** The Asia/Shanghai day `n` days from the test clock's today. */
  const day = (n: number) => formatShanghai(new Date(t.srv.clock.now().getTime() + n * 86_400_000), 'YYYY-MM-DD')
  const leavesOf = (r: { body: { data: { user: { id: number } }[] } }) => r.body.data.map((l) => l.user.id).sort()

  const t = useFixture(async () => {
    const srv = await startTestServer()
    const api = new Client(srv.baseUrl)
    const { db } = srv.deps
    const d = srv.demo!
    const worker5 = await createStaff(db, 'worker5', 'grid_worker')
    await db.gridAssignment.create({ data: { gridId: d.gridIds[4], userId: worker5.id, kind: 'deputy' } })
    await createStaff(db, 'committee2', 'committee', { type: 'community', id: d.communityIds[1] })
    for (const u of ['grid1', 'grid2', 'grid3', 'grid4', 'worker5', 'leader1', 'committee1', 'committee2', 'street1', 'dept1', 'resident1']) {
      as[u] = await api.login(u)
      uid[u] = (await db.user.findUniqueOrThrow({ where: { username: u } })).id
    }
    return { srv, api }
  })

  const leave = (userId: number, from: number, to: number, reason = '') => ({ userId, startsOn: day(from), endsOn: day(to), reason })

  describe('POST /api/v1/worker-leaves', () => {
    it('401 without a token', async () => {
      expect((await t.api.post('/api/v1/worker-leaves', leave(uid.grid1, 1, 2))).status).toBe(401)
    })
    it('400 names the field: dates, their order and span, the reason, a user who is not a grid worker', async () => {
      const post = (body: object) => as.leader1.post('/api/v1/worker-leaves', body)
      expect(fieldsOf(await post({ ...leave(uid.grid1, 1, 2), startsOn: '2026-02-30' }))).toEqual(['startsOn'])
      expect(fieldsOf(await post(leave(uid.grid1, 3, 2)))).toEqual(['endsOn'])
      expect(fieldsOf(await post(leave(uid.grid1, 0, 400)))).toEqual(['endsOn'])
      expect(fieldsOf(await post(leave(uid.grid1, 1, 2, '假'.repeat(101))))).toEqual(['reason'])
      expect(fieldsOf(await post({ startsOn: day(1), endsOn: day(2) }))).toEqual(['userId'])
      expect(fieldsOf(await post(leave(uid.resident1, 1, 2)))).toEqual(['userId'])
      expect(fieldsOf(await post(leave(999999, 1, 2)))).toEqual(['userId'])
      expect(await t.srv.deps.db.workerLeave.count()).toBe(0)
    })
    it('403 for a resident, another worker, staff of another community and street staff', async () => {
      for (const who of ['resident1', 'grid2', 'committee2', 'street1', 'dept1']) {
        const r = await as[who].post('/api/v1/worker-leaves', leave(uid.grid1, 1, 2))
        expect(r.status, who).toBe(403)
      }
      expect(await t.srv.deps.db.workerLeave.count()).toBe(0)
    })
    it('registers a leave by the worker, by the grid leader and by the committee of the worker\u2019s community; the worker is told when someone else did it', async () => {
      const own = await as.grid1.post('/api/v1/worker-leaves', leave(uid.grid1, 0, 2, '病假'), { 'Idempotency-Key': 'leave-grid1' })
      expect(own.status).toBe(201)
      expect(own.body.data).toMatchObject({ user: { id: uid.grid1 }, startsOn: day(0), endsOn: day(2), reason: '病假', isCurrent: true, policies: { delete: true } })
      expect(own.body.data.grids).toEqual([{ id: t.srv.demo!.gridIds[0], name: expect.any(String) }])
      const retry = await as.grid1.post('/api/v1/worker-leaves', leave(uid.grid1, 0, 2, '病假'), { 'Idempotency-Key': 'leave-grid1' })
      expect(retry.body.data.id).toBe(own.body.data.id)
      expect(await t.srv.deps.db.message.count({ where: { userId: uid.grid1, kind: 'leave.registered' } })).toBe(0)

      const byLeader = await as.leader1.post('/api/v1/worker-leaves', leave(uid.grid2, 5, 6, '年假'))
      expect(byLeader.status).toBe(201)
      expect(byLeader.body.data.isCurrent).toBe(false)
      expect(await t.srv.deps.db.message.count({ where: { userId: uid.grid2, kind: 'leave.registered', resourceId: String(byLeader.body.data.id) } })).toBe(1)
      expect((await as.committee2.post('/api/v1/worker-leaves', leave(uid.worker5, 1, 1))).status).toBe(201)
      expect(await t.srv.deps.db.auditLog.count({ where: { action: 'worker_leave.create' } })).toBe(3)
    })
    it('409 for a leave overlapping one already registered', async () => {
      const r = await as.committee1.post('/api/v1/worker-leaves', leave(uid.grid1, 2, 4))
      expect(r.status).toBe(409)
      expect(r.body.error.code).toBe('LEAVE_OVERLAPS')
      expect((await as.committee1.post('/api/v1/worker-leaves', leave(uid.grid1, 3, 4))).status).toBe(201)
    })
    it('keeps one leave when overlapping requests for the same worker race', async () => {
      const rs = await Promise.all(Array.from({ length: 6 }, (_, i) => as.leader1.post('/api/v1/worker-leaves', leave(uid.grid3, 10, 12 + i))))
      expect(rs.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409, 409])
      expect(await t.srv.deps.db.workerLeave.count({ where: { userId: uid.grid3 } })).toBe(1)
    })
  })

  describe('GET /api/v1/worker-leaves', () => {
    beforeAll(async () => {
      // A leave that ended long ago.
      await t.srv.deps.db.workerLeave.create({ data: { userId: uid.grid4, startsOn: new Date('2020-01-06T00:00:00Z'), endsOn: new Date('2020-01-07T00:00:00Z') } })
    })
    it('401 without a token', async () => {
      expect((await t.api.get('/api/v1/worker-leaves')).status).toBe(401)
    })
    it('400 names a bad filter', async () => {
      expect(fieldsOf(await as.leader1.get('/api/v1/worker-leaves?gridId=abc'))).toEqual(['gridId'])
      expect(fieldsOf(await as.leader1.get('/api/v1/worker-leaves?includePast=yes'))).toEqual(['includePast'])
    })
    it('403 for a resident and for staff without grids', async () => {
      expect((await as.resident1.get('/api/v1/worker-leaves')).status).toBe(403)
      expect((await as.dept1.get('/api/v1/worker-leaves')).status).toBe(403)
    })
    it('404 for a grid outside the caller\u2019s scope', async () => {
      expect((await as.leader1.get(`/api/v1/worker-leaves?gridId=${t.srv.demo!.gridIds[4]}`)).status).toBe(404)
      expect((await as.grid1.get(`/api/v1/worker-leaves?gridId=${t.srv.demo!.gridIds[1]}`)).status).toBe(404)
    })
    it('a worker sees their own; leaders, committee and street staff those of the workers of their grids', async () => {
      expect(leavesOf(await as.grid1.get('/api/v1/worker-leaves'))).toEqual([uid.grid1, uid.grid1])
      expect(leavesOf(await as.grid2.get('/api/v1/worker-leaves'))).toEqual([uid.grid2])
      expect(leavesOf(await as.leader1.get('/api/v1/worker-leaves'))).toEqual([uid.grid1, uid.grid1, uid.grid2, uid.grid3].sort())
      expect(leavesOf(await as.committee2.get('/api/v1/worker-leaves'))).toEqual([uid.worker5])
      expect(leavesOf(await as.street1.get('/api/v1/worker-leaves'))).toEqual([uid.grid1, uid.grid1, uid.grid2, uid.grid3, uid.worker5].sort())
      expect(leavesOf(await as.leader1.get(`/api/v1/worker-leaves?gridId=${t.srv.demo!.gridIds[1]}`))).toEqual([uid.grid2])
      const street = await as.street1.get('/api/v1/worker-leaves')
      expect(street.body.data.every((l: { policies: { delete: boolean } }) => l.policies.delete === false)).toBe(true)
    })
    it('leaves out past leaves unless asked; pages by cursor', async () => {
      expect(leavesOf(await as.grid4.get('/api/v1/worker-leaves'))).toEqual([])
      const past = await as.grid4.get('/api/v1/worker-leaves?includePast=true')
      expect(past.body.data).toMatchObject([{ startsOn: '2020-01-06', endsOn: '2020-01-07', isCurrent: false }])
      const first = await as.street1.get('/api/v1/worker-leaves?limit=3')
      expect(first.body.data).toHaveLength(3)
      const rest = await as.street1.get(`/api/v1/worker-leaves?limit=3&cursor=${first.body.page.nextCursor}`)
      expect(rest.body.data).toHaveLength(2)
      expect(rest.body.page.nextCursor).toBeNull()
    })
  })

  describe('onLeave (used by dispatch)', () => {
    it('names the users on leave on a Shanghai day, both end days included', async () => {
      const ids = [uid.grid1, uid.grid2, uid.grid3, uid.worker5]
      expect([...(await onLeave(t.srv.deps.db, ids, day(0)))].sort()).toEqual([uid.grid1])
      expect([...(await onLeave(t.srv.deps.db, ids, day(1)))].sort()).toEqual([uid.grid1, uid.worker5].sort())
      expect([...(await onLeave(t.srv.deps.db, ids, day(5)))]).toEqual([uid.grid2])
      expect([...(await onLeave(t.srv.deps.db, ids, day(7)))]).toEqual([])
      expect([...(await onLeave(t.srv.deps.db, [uid.grid4], '2020-01-07'))]).toEqual([uid.grid4])
      expect([...(await onLeave(t.srv.deps.db, [uid.grid4], '2020-01-08'))]).toEqual([])
      expect((await onLeave(t.srv.deps.db, [], day(0))).size).toBe(0)
    })
  })

  describe('DELETE /api/v1/worker-leaves/:id', () => {
    let grid1Leave: number
    beforeAll(async () => {
      grid1Leave = (await t.srv.deps.db.workerLeave.findFirstOrThrow({ where: { userId: uid.grid1 }, orderBy: { id: 'asc' } })).id
    })
    const del = (c: Client, id: number | string) => c.request('DELETE', `/api/v1/worker-leaves/${id}`)
    it('401 without a token', async () => {
      expect((await del(t.api, grid1Leave)).status).toBe(401)
    })
    it('400 names a bad id', async () => {
      expect(fieldsOf(await del(as.leader1, 'abc'))).toEqual(['id'])
    })
    it('404 for a leave the caller cannot see, or that does not exist', async () => {
      expect((await del(as.grid2, grid1Leave)).status).toBe(404)
      expect((await del(as.committee2, grid1Leave)).status).toBe(404)
      expect((await del(as.resident1, grid1Leave)).status).toBe(404)
      expect((await del(as.leader1, 999999)).status).toBe(404)
    })
    it('403 for street staff, who see it but do not manage it', async () => {
      expect((await del(as.street1, grid1Leave)).status).toBe(403)
    })
    it('cancels the leave, audited, and tells the worker', async () => {
      const r = await del(as.leader1, grid1Leave)
      expect(r.status).toBe(200)
      expect(r.body.data).toMatchObject({ id: grid1Leave, user: { id: uid.grid1 } })
      expect(await t.srv.deps.db.workerLeave.count({ where: { id: grid1Leave } })).toBe(0)
      expect(await t.srv.deps.db.auditLog.count({ where: { action: 'worker_leave.delete', resourceId: String(grid1Leave) } })).toBe(1)
      expect(await t.srv.deps.db.message.count({ where: { userId: uid.grid1, kind: 'leave.cancelled' } })).toBe(1)
      expect((await onLeave(t.srv.deps.db, [uid.grid1], day(0))).size).toBe(0)
      expect((await del(as.leader1, grid1Leave)).status).toBe(404)
    })
  })
})
