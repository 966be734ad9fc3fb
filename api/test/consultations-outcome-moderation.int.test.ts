import { describe, expect, it } from 'vitest'
import { fieldsOf } from './support/client.ts'
import { FakeContentSecurity } from './support/fakeContentSecurity.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

describe('consultations: a rating comment goes through content security (fake WeChat)', () => {
  const wx = new FakeContentSecurity()

  const t = useFixture(async () => {
    await wx.start()
    const srv = await startTestServer({ env: { ...wx.env(), CONTENT_SECURITY_ON_FAILURE: 'hold' } })
    for (const n of [1, 2]) await srv.deps.db.user.update({ where: { username: `resident${n}` }, data: { openid: `o_resident_${n}` } })
    const [committee1, r1, r2] = await Promise.all(['committee1', 'resident1', 'resident2'].map((u) => srv.as(u)))
    const id: number = (await committee1.post('/api/v1/consultations', { communityId: srv.demo!.communityIds[0], title: '垃圾分类投放点搬迁', decisionMethod: 'meeting' })).body.data.id
    await committee1.post(`/api/v1/consultations/${id}/decision`, { meetingDate: new Date().toISOString().slice(0, 10), attendees: 12, resolution: '投放点搬到2号楼东侧。' })
    const aid = (await committee1.post(`/api/v1/consultations/${id}/actions`, { title: '搬迁投放点', owner: '物业', dueDate: '2030-01-01' })).body.data.actions[0].id
    expect((await committee1.post(`/api/v1/consultations/${id}/actions/${aid}/complete`, {})).body.data.state).toBe('completed')
    return { srv, committee1, r1, r2, id }
  }, async () => {
    await wx.stop()
  })

  it('risky: 422 naming comment, nothing stored, the resident may rate again; pass: stored; no comment: no check', async () => {
    wx.rules.set('混蛋', { suggest: 'risky', label: 20003 })
    const risky = await t.r1.post(`/api/v1/consultations/${t.id}/ratings`, { rating: 'unsatisfied', comment: '物业都是混蛋' })
    expect(risky.status, JSON.stringify(risky.body)).toBe(422)
    expect([risky.body.error.code, fieldsOf(risky)]).toEqual(['CONTENT_RISKY', ['comment']])
    expect(wx.checks.at(-1)).toMatchObject({ content: '物业都是混蛋', openid: 'o_resident_1' })
    expect(await t.srv.deps.db.consultationRating.count({ where: { topicId: t.id } })).toBe(0)
    const ok = await t.r1.post(`/api/v1/consultations/${t.id}/ratings`, { rating: 'basic', comment: '搬得挺快，就是远了点。' })
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    expect(ok.body.data.ratings.mine).toMatchObject({ rating: 'basic', comment: '搬得挺快，就是远了点。' })
    const checks = wx.checks.length
    expect((await t.r2.post(`/api/v1/consultations/${t.id}/ratings`, { rating: 'satisfied' })).status).toBe(201)
    expect(wx.checks.length).toBe(checks)
    expect(fieldsOf(await t.r2.post(`/api/v1/consultations/${t.id}/ratings`, { rating: 'satisfied', extra: 1 }))).toContain('extra')
  })
})
