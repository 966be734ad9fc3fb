import { describe, expect, it } from 'vitest'
import { getCalendar } from '../src/core/calendar.ts'
import { Client, fieldsOf } from './support/client.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

describe('working calendar administration', () => {
  const t = useFixture(async () => {
    const srv = await startTestServer()
    const api = new Client(srv.baseUrl)
    const [admin, resident, worker, committee] = await Promise.all(['admin', 'resident1', 'grid1', 'committee1'].map((u) => api.login(u)))
    return { srv, api, admin, resident, worker, committee }
  })

  describe('GET /api/v1/admin/calendar', () => {
    it('401 without a token', async () => {
      expect((await t.api.get('/api/v1/admin/calendar?year=2030')).status).toBe(401)
    })
    it('400 names a year that is not one', async () => {
      const r = await t.worker.get('/api/v1/admin/calendar?year=abc')
      expect(r.status).toBe(400)
      expect(fieldsOf(r)).toEqual(['year'])
      expect(fieldsOf(await t.worker.get('/api/v1/admin/calendar?year=1999'))).toEqual(['year'])
    })
    it('403 for a resident', async () => {
      expect((await t.resident.get('/api/v1/admin/calendar?year=2030')).status).toBe(403)
    })
    it('shows any staff member the default working periods (09:00–12:00, 13:30–17:30)', async () => {
      const r = await t.worker.get('/api/v1/admin/calendar?year=2030')
      expect(r.status).toBe(200)
      expect(r.body.data).toEqual({
        year: 2030,
        days: [],
        periods: [{ start: 540, end: 720, label: '09:00–12:00' }, { start: 810, end: 1050, label: '13:30–17:30' }],
        minutesPerDay: 420,
      })
    })
  })

  describe('PUT /api/v1/admin/calendar/days/:day', () => {
    it('401 without a token', async () => {
      expect((await t.api.put('/api/v1/admin/calendar/days/2030-10-01', { kind: 'holiday', name: '国庆节' })).status).toBe(401)
    })
    it('400 names a day that does not exist and a bad kind or name', async () => {
      const noDay = await t.admin.put('/api/v1/admin/calendar/days/2030-02-30', { kind: 'holiday', name: '国庆节' })
      expect(noDay.status).toBe(400)
      expect(fieldsOf(noDay)).toEqual(['day'])
      expect(fieldsOf(await t.admin.put('/api/v1/admin/calendar/days/20301001', { kind: 'holiday', name: '国庆节' }))).toEqual(['day'])
      expect(fieldsOf(await t.admin.put('/api/v1/admin/calendar/days/2030-10-01', { kind: 'rest', name: '国庆节' }))).toEqual(['kind'])
      expect(fieldsOf(await t.admin.put('/api/v1/admin/calendar/days/2030-10-01', { kind: 'holiday', name: ' ' }))).toEqual(['name'])
    })
    it('403 for staff who are not administrators', async () => {
      const r = await t.committee.put('/api/v1/admin/calendar/days/2030-10-01', { kind: 'holiday', name: '国庆节' })
      expect(r.status).toBe(403)
      expect(r.body.error.message).toContain('管理员')
    })
    it('marks a holiday and a 调休 Saturday; deadlines in this process see the change at once; each change is audited', async () => {
      const before = await getCalendar(t.srv.deps) // fills the cache
      expect(before.isWorkingDay('2030-10-01')).toBe(true) // a Tuesday
      expect(before.isWorkingDay('2030-10-12')).toBe(false) // a Saturday
      const holiday = await t.admin.put('/api/v1/admin/calendar/days/2030-10-01', { kind: 'holiday', name: '国庆节' })
      expect(holiday.status).toBe(200)
      expect(holiday.body.data).toEqual({ day: '2030-10-01', kind: 'holiday', kindLabel: '节假日', name: '国庆节' })
      expect((await t.admin.put('/api/v1/admin/calendar/days/2030-10-12', { kind: 'workday', name: '国庆节调休' })).status).toBe(200)
      const after = await getCalendar(t.srv.deps)
      expect(after.isWorkingDay('2030-10-01')).toBe(false)
      expect(after.isWorkingDay('2030-10-12')).toBe(true)
      // Changing a marked day replaces it.
      const renamed = await t.admin.put('/api/v1/admin/calendar/days/2030-10-01', { kind: 'holiday', name: '国庆节（第一天）' })
      expect(renamed.body.data.name).toBe('国庆节（第一天）')
      const list = await t.worker.get('/api/v1/admin/calendar?year=2030')
      expect(list.body.data.days).toEqual([
        { day: '2030-10-01', kind: 'holiday', kindLabel: '节假日', name: '国庆节（第一天）' },
        { day: '2030-10-12', kind: 'workday', kindLabel: '调休上班', name: '国庆节调休' },
      ])
      expect((await t.worker.get('/api/v1/admin/calendar?year=2031')).body.data.days).toEqual([])
      const audits = await t.srv.deps.db.auditLog.findMany({ where: { action: 'calendar.day.put', resourceId: '2030-10-01' }, orderBy: { id: 'asc' } })
      expect(audits.map((a) => a.details)).toEqual([
        { before: null, after: { kind: 'holiday', name: '国庆节' } },
        { before: { kind: 'holiday', name: '国庆节' }, after: { kind: 'holiday', name: '国庆节（第一天）' } },
      ])
    })
  })

  describe('DELETE /api/v1/admin/calendar/days/:day', () => {
    it('401 without a token', async () => {
      expect((await t.api.request('DELETE', '/api/v1/admin/calendar/days/2030-10-12')).status).toBe(401)
    })
    it('400 names a bad day', async () => {
      expect(fieldsOf(await t.admin.request('DELETE', '/api/v1/admin/calendar/days/2030-13-01'))).toEqual(['day'])
    })
    it('403 for staff who are not administrators', async () => {
      expect((await t.worker.request('DELETE', '/api/v1/admin/calendar/days/2030-10-12')).status).toBe(403)
    })
    it('404 for a day that is not marked', async () => {
      expect((await t.admin.request('DELETE', '/api/v1/admin/calendar/days/2030-10-13')).status).toBe(404)
    })
    it('returns the day to the ordinary rule', async () => {
      await t.admin.put('/api/v1/admin/calendar/days/2030-10-19', { kind: 'workday', name: '调休' })
      expect((await getCalendar(t.srv.deps)).isWorkingDay('2030-10-19')).toBe(true)
      const r = await t.admin.request('DELETE', '/api/v1/admin/calendar/days/2030-10-19')
      expect(r.status).toBe(200)
      expect(r.body.data).toMatchObject({ day: '2030-10-19', kind: 'workday' })
      expect((await getCalendar(t.srv.deps)).isWorkingDay('2030-10-19')).toBe(false)
      expect(await t.srv.deps.db.calendarDay.count({ where: { day: new Date('2030-10-19T00:00:00Z') } })).toBe(0)
      expect(await t.srv.deps.db.auditLog.count({ where: { action: 'calendar.day.delete', resourceId: '2030-10-19' } })).toBe(1)
    })
  })

  describe('PUT /api/v1/admin/calendar/periods', () => {
    const periods = (...ps: [number, number][]) => ({ periods: ps.map(([start, end]) => ({ start, end })) })
    it('401 without a token', async () => {
      expect((await t.api.put('/api/v1/admin/calendar/periods', periods([540, 720]))).status).toBe(401)
    })
    it('400 names the offending period: empty, reversed, out of the day, overlapping or out of order', async () => {
      expect(fieldsOf(await t.admin.put('/api/v1/admin/calendar/periods', periods()))).toEqual(['periods'])
      expect(fieldsOf(await t.admin.put('/api/v1/admin/calendar/periods', periods([720, 540])))).toEqual(['periods.0.end'])
      expect(fieldsOf(await t.admin.put('/api/v1/admin/calendar/periods', periods([540, 1500])))).toEqual(['periods.0.end'])
      expect(fieldsOf(await t.admin.put('/api/v1/admin/calendar/periods', periods([540, 720], [700, 1050])))).toEqual(['periods.1.start'])
      expect(fieldsOf(await t.admin.put('/api/v1/admin/calendar/periods', periods([810, 1050], [540, 720])))).toEqual(['periods.1.start'])
      expect(fieldsOf(await t.admin.put('/api/v1/admin/calendar/periods', periods([540.5, 720])))).toEqual(['periods.0.start'])
      expect(await t.srv.deps.db.workPeriod.count()).toBe(2)
    })
    it('403 for staff who are not administrators', async () => {
      expect((await t.committee.put('/api/v1/admin/calendar/periods', periods([480, 1080]))).status).toBe(403)
    })
    it('replaces the periods; deadlines use the new hours at once', async () => {
      const r = await t.admin.put('/api/v1/admin/calendar/periods', periods([480, 720], [840, 1080]))
      expect(r.status).toBe(200)
      expect(r.body.data.periods).toEqual([{ start: 480, end: 720, label: '08:00–12:00' }, { start: 840, end: 1080, label: '14:00–18:00' }])
      expect(r.body.data.minutesPerDay).toBe(480)
      const cal = await getCalendar(t.srv.deps)
      // Tuesday 2030-10-08 11:00 Shanghai + 120 working minutes: 60 before noon, 60 after 14:00.
      expect(cal.addWorkingMinutes(new Date('2030-10-08T11:00:00+08:00'), 120)).toEqual(new Date('2030-10-08T15:00:00+08:00'))
      const audit = await t.srv.deps.db.auditLog.findFirstOrThrow({ where: { action: 'calendar.periods.put' } })
      expect(audit.details).toMatchObject({ before: [{ start: 540, end: 720 }, { start: 810, end: 1050 }] })
      await t.admin.put('/api/v1/admin/calendar/periods', periods([540, 720], [810, 1050]))
      expect(await t.srv.deps.db.workPeriod.count()).toBe(2)
    })
  })
})
