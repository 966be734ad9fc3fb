import { describe, expect, it } from 'vitest'
import { Client, fieldsOf } from './support/client.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

describe('report categories', () => {
  const ids: Record<string, number> = {}
  // Codes of this file's categories (the demo data may bring its own).
  const ours = (rows: { code: string }[]) => rows.filter((c) => c.code.startsWith('t_'))

  const water = { code: 't_water', name: '水电气', description: '停水停电、燃气异味', acceptMinutes: 120, resolveMinutes: 3 * 420, sortOrder: -10 }
  const urgent = { code: 't_urgent', name: '治安隐患', acceptMinutes: 30, resolveMinutes: 24 * 60, clock: 'calendar', sortOrder: -20 }

  const t = useFixture(async () => {
    const srv = await startTestServer()
    const api = new Client(srv.baseUrl)
    const [admin, resident, committee] = await Promise.all(['admin', 'resident1', 'committee1'].map((u) => api.login(u)))
    const departmentId: number = (await srv.deps.db.department.findFirstOrThrow({ where: { code: 'NY-WY' } })).id
    return { srv, api, admin, resident, committee, departmentId }
  })

  describe('POST /api/v1/admin/report-categories', () => {
    it('401 without a token', async () => {
      expect((await t.api.post('/api/v1/admin/report-categories', water)).status).toBe(401)
    })
    it('400 names the field: code, minutes, a resolve deadline shorter than the accept one, the department rules, unknown fields', async () => {
      const post = (body: object) => t.admin.post('/api/v1/admin/report-categories', body)
      expect(fieldsOf(await post({ ...water, code: 'Water Dept' }))).toEqual(['code'])
      expect(fieldsOf(await post({ ...water, acceptMinutes: 0 }))).toEqual(['acceptMinutes'])
      expect(fieldsOf(await post({ ...water, resolveMinutes: 100_001 }))).toEqual(['resolveMinutes'])
      expect(fieldsOf(await post({ ...water, acceptMinutes: 600, resolveMinutes: 300 }))).toEqual(['resolveMinutes'])
      expect(fieldsOf(await post({ ...water, handlingUnit: 'department' }))).toEqual(['departmentId'])
      expect(fieldsOf(await post({ ...water, handlingUnit: 'department', departmentId: 999999 }))).toEqual(['departmentId'])
      expect(fieldsOf(await post({ ...water, departmentId: t.departmentId }))).toEqual(['departmentId'])
      expect(fieldsOf(await post({ ...water, clock: 'lunar' }))).toEqual(['clock'])
      expect(fieldsOf(await post({ ...water, color: 'red' }))).toEqual(['color'])
      expect(await t.srv.deps.db.reportCategory.count({ where: { code: 't_water' } })).toBe(0)
    })
    it('403 for staff who are not administrators', async () => {
      const r = await t.committee.post('/api/v1/admin/report-categories', water)
      expect(r.status).toBe(403)
      expect(r.body.error.message).toContain('管理员')
    })
    it('creates categories; a retry with the same Idempotency-Key returns the first, a second code is 409', async () => {
      const headers = { 'Idempotency-Key': 'cat-water-1' }
      const first = await t.admin.post('/api/v1/admin/report-categories', water, headers)
      expect(first.status).toBe(201)
      expect(first.body.data).toMatchObject({
        code: 't_water', name: '水电气', handlingUnit: 'grid', department: null, clock: 'working', active: true, sortOrder: -10,
        deadlineText: '受理时限 2 个工作小时 · 办结时限 3 个工作日', policies: { update: true },
      })
      const retry = await t.admin.post('/api/v1/admin/report-categories', water, headers)
      expect(retry.status).toBe(201)
      expect(retry.body.data.id).toBe(first.body.data.id)
      expect(await t.srv.deps.db.reportCategory.count({ where: { code: 't_water' } })).toBe(1)
      const again = await t.admin.post('/api/v1/admin/report-categories', { ...water, name: '水电' })
      expect(again.status).toBe(409)
      expect(again.body.error.code).toBe('CATEGORY_CODE_TAKEN')
      ids.water = first.body.data.id

      const u = await t.admin.post('/api/v1/admin/report-categories', urgent)
      expect(u.body.data.deadlineText).toBe('受理时限 30 分钟 · 办结时限 24 小时（全天计时）')
      ids.urgent = u.body.data.id
      const d = await t.admin.post('/api/v1/admin/report-categories', {
        code: 't_property', name: '物业服务', handlingUnit: 'department', departmentId: t.departmentId, acceptMinutes: 90, resolveMinutes: 2 * 420 + 60, sortOrder: -5,
      })
      expect(d.status).toBe(201)
      expect(d.body.data).toMatchObject({ department: { id: t.departmentId, name: '物业服务中心' }, deadlineText: '受理时限 90 个工作分钟 · 办结时限 15 个工作小时' })
      ids.property = d.body.data.id
      const off = await t.admin.post('/api/v1/admin/report-categories', { code: 't_retired', name: '旧类别', acceptMinutes: 60, resolveMinutes: 60, active: false })
      ids.retired = off.body.data.id
      expect(await t.srv.deps.db.auditLog.count({ where: { action: 'report_category.create', resourceId: String(ids.water) } })).toBe(1)
    })
  })

  describe('GET /api/v1/report-categories', () => {
    it('401 without a token', async () => {
      expect((await t.api.get('/api/v1/report-categories')).status).toBe(401)
    })
    it('lists the active categories in the administrators\u2019 order, with the deadlines in words', async () => {
      const r = await t.resident.get('/api/v1/report-categories')
      expect(r.status).toBe(200)
      expect(ours(r.body.data).map((c: { code: string }) => c.code)).toEqual(['t_urgent', 't_water', 't_property'])
      expect(ours(r.body.data)[1]).toEqual({
        id: ids.water, code: 't_water', name: '水电气', description: '停水停电、燃气异味', handlingUnit: 'grid', department: null,
        acceptMinutes: 120, resolveMinutes: 1260, clock: 'working', deadlineText: '受理时限 2 个工作小时 · 办结时限 3 个工作日',
      })
    })
  })

  describe('GET /api/v1/admin/report-categories', () => {
    it('401 without a token, 403 for a resident', async () => {
      expect((await t.api.get('/api/v1/admin/report-categories')).status).toBe(401)
      expect((await t.resident.get('/api/v1/admin/report-categories')).status).toBe(403)
    })
    it('lists inactive categories too', async () => {
      const r = await t.admin.get('/api/v1/admin/report-categories')
      expect(r.status).toBe(200)
      const retired = r.body.data.find((c: { code: string }) => c.code === 't_retired')
      expect(retired).toMatchObject({ active: false, sortOrder: 0, deadlineText: '受理时限 1 个工作小时 · 办结时限 1 个工作小时' })
    })
  })

  describe('PATCH /api/v1/admin/report-categories/:id', () => {
    const patch = (c: Client, id: number | string, body: object) => c.request('PATCH', `/api/v1/admin/report-categories/${id}`, body)
    it('401 without a token', async () => {
      expect((await patch(t.api, ids.water, { name: '水电' })).status).toBe(401)
    })
    it('400 names the field, checked against the saved values', async () => {
      expect(fieldsOf(await patch(t.admin, ids.water, { resolveMinutes: 60 }))).toEqual(['resolveMinutes'])
      expect(fieldsOf(await patch(t.admin, ids.water, { acceptMinutes: 100_001 }))).toEqual(['acceptMinutes'])
      expect(fieldsOf(await patch(t.admin, ids.water, { handlingUnit: 'department' }))).toEqual(['departmentId'])
      expect(fieldsOf(await patch(t.admin, ids.water, { code: 'water2' }))).toEqual(['code'])
      expect(fieldsOf(await patch(t.admin, 'abc', { name: '水电' }))).toEqual(['id'])
      expect((await t.srv.deps.db.reportCategory.findUniqueOrThrow({ where: { id: ids.water } })).resolveMinutes).toBe(1260)
    })
    it('403 for staff who are not administrators', async () => {
      expect((await patch(t.committee, ids.water, { name: '水电' })).status).toBe(403)
    })
    it('404 for a category that does not exist', async () => {
      expect((await patch(t.admin, 999999, { name: '水电' })).status).toBe(404)
    })
    it('changes a category, audited; a deactivated one leaves the residents\u2019 list; switching to the grid drops the department', async () => {
      const r = await patch(t.admin, ids.water, { name: '水电燃气', acceptMinutes: 60, active: false })
      expect(r.status).toBe(200)
      expect(r.body.data).toMatchObject({ name: '水电燃气', acceptMinutes: 60, active: false, deadlineText: '受理时限 1 个工作小时 · 办结时限 3 个工作日' })
      const list = await t.resident.get('/api/v1/report-categories')
      expect(ours(list.body.data).map((c: { code: string }) => c.code)).toEqual(['t_urgent', 't_property'])
      const audit = await t.srv.deps.db.auditLog.findFirstOrThrow({ where: { action: 'report_category.update', resourceId: String(ids.water) } })
      expect(audit.details).toEqual({ name: { before: '水电气', after: '水电燃气' }, acceptMinutes: { before: 120, after: 60 }, active: { before: true, after: false } })

      const toGrid = await patch(t.admin, ids.property, { handlingUnit: 'grid' })
      expect(toGrid.status).toBe(200)
      expect(toGrid.body.data).toMatchObject({ handlingUnit: 'grid', department: null })
      const back = await patch(t.admin, ids.property, { handlingUnit: 'department', departmentId: t.departmentId })
      expect(back.body.data.department).toEqual({ id: t.departmentId, name: '物业服务中心' })
    })
  })
})
