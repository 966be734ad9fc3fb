import { describe, expect, it } from 'vitest'
import { answerCounts, fieldsOf } from './support/client.ts'
import { createStaff } from './support/factories.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

const DAY = 86_400_000
const day = (offsetDays: number) => new Date(Date.now() + offsetDays * DAY).toISOString().slice(0, 10)

describe('consultations: the meeting decision, actions to completion, rating requests and ratings', () => {
  const t = useFixture(async () => {
    const srv = await startTestServer({ env: { CONTENT_SECURITY_ON_FAILURE: 'publish' } })
    const [qs, la] = srv.demo!.communityIds
    await createStaff(srv.deps.db, 'committeeB', 'committee', { type: 'community', id: la })
    const [committee1, committeeB, r1, r2, r3, r4, r16] = await Promise.all(['committee1', 'committeeB', 'resident1', 'resident2', 'resident3', 'resident4', 'resident16'].map((u) => srv.as(u)))
    return { srv, qs, la, committee1, committeeB, r1, r2, r3, r4, r16 }
  })

  const meetingTopic = async (title = '3号楼北侧建非机动车充电棚') => {
    const r = await t.committee1.post('/api/v1/consultations', { communityId: t.qs, title, decisionMethod: 'meeting' })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body.data.id as number
  }
  const decide = (id: number, body: Record<string, unknown>, by = t.committee1) => by.post(`/api/v1/consultations/${id}/decision`, body)
  const addAction = (id: number, body: Record<string, unknown>, by = t.committee1) => by.post(`/api/v1/consultations/${id}/actions`, body)
  const messages = (username: string, resourceId: string) =>
    t.srv.deps.db.message.count({ where: { user: { username }, resourceType: 'consultation', resourceId } })
  const DECISION = { meetingDate: day(-1), attendees: 23, resolution: '同意在3号楼北侧建充电棚，物业负责施工，年底前完成。' }

  it('a meeting decision: its date, attendance and resolution are required; the topic becomes decided and residents are told', async () => {
    const id = await meetingTopic()
    expect(fieldsOf(await decide(id, { attendees: 23, resolution: '决议内容' }))).toContain('meetingDate')
    expect(fieldsOf(await decide(id, { meetingDate: day(-1), resolution: '决议内容' }))).toContain('attendees')
    expect(fieldsOf(await decide(id, { ...DECISION, meetingDate: day(2) }))).toContain('meetingDate')
    expect(fieldsOf(await decide(id, { ...DECISION, meetingDate: '2026-02-30' }))).toContain('meetingDate')
    expect(fieldsOf(await decide(id, { ...DECISION, resolution: '' }))).toContain('resolution')
    expect((await decide(id, DECISION, t.r1)).status).toBe(403)
    expect((await decide(id, DECISION, t.committeeB)).status).toBe(404)
    expect((await t.r16.get(`/api/v1/consultations/${id}/outcome`)).status).toBe(404)

    const d = await decide(id, DECISION)
    expect(d.status, JSON.stringify(d.body)).toBe(200)
    expect(d.body.data).toMatchObject({ state: 'decided', decision: { method: 'meeting', methodLabel: '会议议定', ...DECISION }, actions: [], allowedActions: { decide: false, addAction: true } })
    expect(await messages('resident5', `${id}:decided`)).toBe(1)
    expect(await t.srv.deps.db.auditLog.count({ where: { action: 'consultation.decision', resourceId: String(id) } })).toBe(1)
    expect((await decide(id, DECISION)).body.error.code).toBe('WRONG_STATE')
    expect((await t.r1.get(`/api/v1/consultations/${id}/outcome`)).body.data).toMatchObject({ decision: { resolution: DECISION.resolution }, allowedActions: { decide: false, addAction: false, rate: false } })

    const none = (await t.committee1.post('/api/v1/consultations', { communityId: t.qs, title: '只协商不表决的议题', decisionMethod: 'none' })).body.data.id
    expect((await decide(none, DECISION)).body.error.code).toBe('WRONG_METHOD')
  })

  it('actions to completion: the first moves it to in progress, progress is announced, the last completion (even at once) completes it once and asks participants to rate', async () => {
    const id = await meetingTopic('小区南门增设快递柜')
    // Residents take part: resident2 gives an opinion, resident3 supports nothing but rates later.
    expect((await t.r2.post(`/api/v1/consultations/${id}/opinions`, { body: '希望放在南门保安亭旁边。', stance: 'for' })).status).toBe(201)
    expect((await addAction(id, { title: '安装快递柜', owner: '物业', dueDate: day(30) })).body.error.code).toBe('WRONG_STATE')
    expect((await decide(id, DECISION)).status).toBe(200)

    expect(fieldsOf(await addAction(id, { title: '安', owner: '物业', dueDate: day(30) }))).toContain('title')
    expect(fieldsOf(await addAction(id, { title: '安装快递柜', owner: '', dueDate: day(30) }))).toContain('owner')
    expect(fieldsOf(await addAction(id, { title: '安装快递柜', owner: '物业', dueDate: '明年' }))).toContain('dueDate')
    expect(fieldsOf(await addAction(id, { title: '安装快递柜', owner: '物业', dueDate: day(-3) }))).toContain('dueDate')
    expect((await addAction(id, { title: '安装快递柜', owner: '物业', dueDate: day(30) }, t.r1)).status).toBe(403)
    expect((await addAction(id, { title: '安装快递柜', owner: '物业', dueDate: day(30) }, t.committeeB)).status).toBe(404)

    const first = await addAction(id, { title: '安装快递柜', owner: '物业 张经理', dueDate: day(30) })
    expect(first.status, JSON.stringify(first.body)).toBe(201)
    expect(first.body.data).toMatchObject({ state: 'in_progress', actions: [{ title: '安装快递柜', owner: '物业 张经理', dueDate: day(30), status: 'pending', statusLabel: '未开始' }] })
    expect(await messages('resident6', `${id}:in_progress`)).toBe(1)
    const second = await addAction(id, { title: '接通电源并验收', owner: '居委会 周慧', dueDate: day(40) })
    expect(second.body.data.actions).toHaveLength(2)
    const [a1, a2] = second.body.data.actions.map((a: { id: number }) => a.id)
    expect(await messages('resident6', `${id}:action:${a2}`)).toBe(1)

    const p = await t.committee1.post(`/api/v1/consultations/${id}/actions/${a1}/progress`, { body: '快递柜已到货，下周安装。' })
    expect(p.status, JSON.stringify(p.body)).toBe(201)
    expect(p.body.data.actions[0]).toMatchObject({ status: 'in_progress', updates: [{ body: '快递柜已到货，下周安装。' }] })
    expect(fieldsOf(await t.committee1.post(`/api/v1/consultations/${id}/actions/${a1}/progress`, { body: '' }))).toContain('body')
    expect((await t.r1.post(`/api/v1/consultations/${id}/actions/${a1}/progress`, { body: '居民不能发' })).status).toBe(403)
    const updateId = (await t.srv.deps.db.consultationActionUpdate.findFirstOrThrow({ where: { actionId: a1 } })).id
    expect(await messages('resident6', `${id}:progress:${updateId}`)).toBe(1)
    expect((await t.r1.get(`/api/v1/consultations/${id}/outcome`)).body.data.actions[0].updates[0].body).toBe('快递柜已到货，下周安装。')
    // An action of another topic is not found under this one.
    const elsewhere = await meetingTopic('别的议题')
    expect((await t.committee1.post(`/api/v1/consultations/${elsewhere}/actions/${a1}/complete`, {})).status).toBe(404)

    expect((await t.committee1.post(`/api/v1/consultations/${id}/transitions`, { to: 'completed' })).body.error.code).toBe('ACTIONS_OPEN')
    expect((await t.r1.post(`/api/v1/consultations/${id}/ratings`, { rating: 'satisfied' })).body.error.code).toBe('WRONG_STATE')

    const both = await Promise.all([a1, a2, a1, a2].map((a) => t.committee1.post(`/api/v1/consultations/${id}/actions/${a}/complete`, {})))
    expect(answerCounts(both)).toEqual({ 200: 2, '409 ACTION_COMPLETED': 2 })
    const row = await t.srv.deps.db.consultationTopic.findUniqueOrThrow({ where: { id } })
    expect(row.state).toBe('completed')
    expect(await t.srv.deps.db.auditLog.count({ where: { action: 'consultation.completed', resourceId: String(id) } })).toBe(1)
    expect(await messages('resident6', `${id}:completed`)).toBe(1)
    expect(await messages('resident2', `${id}:rate`)).toBe(1) // gave an opinion
    expect(await messages('resident6', `${id}:rate`)).toBe(0) // did not take part
    expect((await t.committee1.post(`/api/v1/consultations/${id}/actions/${a1}/progress`, { body: '补充' })).body.error.code).toBe('WRONG_STATE')
  })

  it('ratings: once per resident of the audience (also at once), counts and satisfaction rate; comments to staff only', async () => {
    const id = await meetingTopic('楼道照明改为声控灯')
    await decide(id, DECISION)
    const a = (await addAction(id, { title: '更换声控灯', owner: '物业', dueDate: day(10) })).body.data.actions[0].id
    expect((await t.committee1.post(`/api/v1/consultations/${id}/actions/${a}/complete`, {})).body.data.state).toBe('completed')

    expect(fieldsOf(await t.r1.post(`/api/v1/consultations/${id}/ratings`, { rating: 'great' }))).toContain('rating')
    expect(fieldsOf(await t.r1.post(`/api/v1/consultations/${id}/ratings`, { rating: 'satisfied', comment: '好'.repeat(501) }))).toContain('comment')
    expect((await t.r16.post(`/api/v1/consultations/${id}/ratings`, { rating: 'satisfied' })).status).toBe(404)
    expect((await t.committee1.post(`/api/v1/consultations/${id}/ratings`, { rating: 'satisfied' })).status).toBe(403)
    expect((await t.r1.get(`/api/v1/consultations/${id}/outcome`)).body.data.allowedActions.rate).toBe(true)

    const burst = await Promise.all([0, 1, 2, 3].map(() => t.r1.post(`/api/v1/consultations/${id}/ratings`, { rating: 'satisfied', comment: '灯很亮，晚上回家安心多了。' })))
    expect(answerCounts(burst)).toEqual({ 201: 1, '409 ALREADY_RATED': 3 })
    expect(await t.srv.deps.db.consultationRating.count({ where: { topicId: id } })).toBe(1)
    expect((await t.r2.post(`/api/v1/consultations/${id}/ratings`, { rating: 'basic' })).status).toBe(201)
    const last = await t.r3.post(`/api/v1/consultations/${id}/ratings`, { rating: 'unsatisfied', comment: '三楼的灯还是不灵。' })
    expect(last.status, JSON.stringify(last.body)).toBe(201)
    expect(last.body.data.ratings).toMatchObject({
      total: 3, satisfactionRate: 66.7, mine: { rating: 'unsatisfied', label: '不满意', comment: '三楼的灯还是不灵。' }, comments: [],
      counts: [{ rating: 'satisfied', label: '满意', count: 1 }, { rating: 'basic', label: '基本满意', count: 1 }, { rating: 'unsatisfied', label: '不满意', count: 1 }],
    })
    expect(last.body.data.allowedActions.rate).toBe(false)
    expect((await t.r4.get(`/api/v1/consultations/${id}/outcome`)).body.data.ratings).toMatchObject({ total: 3, mine: null, comments: [] })
    const staff = (await t.committee1.get(`/api/v1/consultations/${id}/outcome`)).body.data.ratings
    expect(staff.comments.map((c: { comment: string }) => c.comment).sort()).toEqual(['三楼的灯还是不灵。', '灯很亮，晚上回家安心多了。'].sort())
    const r3Name = (await t.srv.deps.db.user.findFirstOrThrow({ where: { username: 'resident3' } })).displayName
    expect(JSON.stringify(staff.comments)).not.toContain(r3Name)
  })
})
