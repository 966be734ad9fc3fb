import { beforeEach, describe, expect, it } from 'vitest'
import { fieldsOf, type Client } from './support/client.ts'
import { createStaff } from './support/factories.ts'
import { FakeContentSecurity } from './support/fakeContentSecurity.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

describe('disclosures (三务公开): residents\' questions, moderation and staff answers (fake WeChat content check)', () => {
  const wx = new FakeContentSecurity()

  const t = useFixture(async () => {
    await wx.start()
    const srv = await startTestServer({ env: wx.env() })
    const [qs, la] = srv.demo!.communityIds
    await createStaff(srv.deps.db, 'committeeQB', 'committee', { type: 'community', id: la })
    const r1Id: number = (await srv.deps.db.user.update({ where: { username: 'resident1' }, data: { openid: 'o_disclosure_r1' } })).id
    await srv.deps.db.user.update({ where: { username: 'resident2' }, data: { openid: 'o_disclosure_r2' } })
    await srv.deps.db.user.update({ where: { username: 'resident3' }, data: { openid: null } })
    const [committee1, committeeB, street1, r1, r2, r3, r16] = await Promise.all(
      ['committee1', 'committeeQB', 'street1', 'resident1', 'resident2', 'resident3', 'resident16'].map((u) => srv.as(u)),
    )
    const r = await committee1.post('/api/v1/disclosures', {
      communityId: qs, category: 'finance', title: '2025年9月财务收支', period: '2025-09', body: '本月收支。',
      lines: [{ kind: 'expense', category: '设施维修', label: '更换2号楼路灯', amountFen: 120_000 }],
    })
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const itemId: number = r.body.data.id
    return { srv, qs, la, committee1, committeeB, street1, r1, r2, r3, r16, itemId, r1Id }
  }, async () => {
    await wx.stop()
  })
  beforeEach(() => {
    wx.reset()
    t.srv.deps.config.contentSecurity.onFailure = 'hold'
  })

  const ask = (who: Client, body: string) => who.post(`/api/v1/disclosures/${t.itemId}/questions`, { body })
  const questions = async (who: Client) => (await who.get(`/api/v1/disclosures/${t.itemId}`)).body.data.questions as { id: number; body: string; status: string; statusReason: string | null; askerName: string; answer: string | null }[]

  it('a question that passes the check is public at once, the asker\'s name masked for other residents', async () => {
    const r = await ask(t.r1, '路灯更换花了多少钱一盏？')
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    expect(r.body.data).toMatchObject({ status: 'published', statusLabel: '已公开', isMine: true, answer: null })
    expect(wx.checks.at(-1)).toMatchObject({ content: '路灯更换花了多少钱一盏？', scene: 2, openid: 'o_disclosure_r1', version: 2 })
    const seenByR2 = (await questions(t.r2)).find((q) => q.id === r.body.data.id)!
    expect(seenByR2.askerName).toMatch(/^.\*+.?$/)
    expect(seenByR2.askerName).not.toBe(r.body.data.askerName)
    expect((await questions(t.street1)).map((q) => q.id)).toContain(r.body.data.id)
    expect(await t.srv.deps.db.auditLog.count({ where: { action: 'disclosure.question.ask', resourceId: String(r.body.data.id) } })).toBe(1)
  })

  it('risky text is refused with 422 naming body, and nothing is stored', async () => {
    wx.rules.set('混蛋', { suggest: 'risky', label: 20003 })
    const before = await t.srv.deps.db.disclosureQuestion.count()
    const r = await ask(t.r1, '你们这些混蛋把钱花哪了')
    expect(r.status).toBe(422)
    expect(r.body.error.code).toBe('CONTENT_RISKY')
    expect(fieldsOf(r)).toEqual(['body'])
    expect(await t.srv.deps.db.disclosureQuestion.count()).toBe(before)
  })

  it('text WeChat sends for review is held: only the asker and staff see it (with why) until staff publish it', async () => {
    wx.rules.set('回扣', { suggest: 'review', label: 20006 })
    const r = await ask(t.r1, '维修是不是有回扣？')
    expect(r.status).toBe(201)
    expect(r.body.data).toMatchObject({ status: 'held', statusLabel: '待审核' })
    expect(r.body.data.statusReason).toContain('待人工审核')
    const qid = r.body.data.id
    expect((await questions(t.r2)).map((q) => q.id)).not.toContain(qid)
    expect((await questions(t.street1)).map((q) => q.id)).not.toContain(qid)
    expect((await questions(t.r1)).find((q) => q.id === qid)).toMatchObject({ status: 'held' })
    const staffView = (await t.committee1.get(`/api/v1/disclosures/${t.itemId}`)).body.data.questions.find((q: { id: number }) => q.id === qid)
    expect(staffView.allowedActions).toEqual({ answer: false, publish: true, hide: true })
    const early = await t.committee1.post(`/api/v1/disclosures/${t.itemId}/questions/${qid}/answer`, { body: '没有回扣，发票已公示。' })
    expect(early.status).toBe(409)
    expect(early.body.error.code).toBe('QUESTION_NOT_PUBLISHED')
    expect((await t.r2.post(`/api/v1/disclosures/${t.itemId}/questions/${qid}/publish`)).status).toBe(403)
    const pub = await t.committee1.post(`/api/v1/disclosures/${t.itemId}/questions/${qid}/publish`)
    expect(pub.status, JSON.stringify(pub.body)).toBe(200)
    expect(pub.body.data).toMatchObject({ status: 'published', statusReason: null })
    expect((await questions(t.r2)).map((q) => q.id)).toContain(qid)
    expect((await t.committee1.post(`/api/v1/disclosures/${t.itemId}/questions/${qid}/publish`)).status).toBe(409)
  })

  it('when the check cannot run the configured choice applies: hold by default, 503 when set to refuse, publish when set so', async () => {
    wx.checkFailNext.push(-1)
    const held = await ask(t.r2, '这个季度的结余为什么这么少？')
    expect(held.body.data).toMatchObject({ status: 'held', statusReason: '内容安全检查暂时无法进行' })
    t.srv.deps.config.contentSecurity.onFailure = 'refuse'
    const refused = await ask(t.r3, '办公经费包括哪些？') // resident3 has no openid: the check cannot run
    expect(refused.status).toBe(503)
    expect(refused.body.error.code).toBe('CONTENT_CHECK_UNAVAILABLE')
    t.srv.deps.config.contentSecurity.onFailure = 'publish'
    const published = await ask(t.r3, '办公经费包括哪些？')
    expect(published.body.data.status).toBe('published')
  })

  it('staff answer once, publicly; the asker is told in the message centre', async () => {
    const q = (await ask(t.r1, '路灯是哪家公司换的？')).body.data
    expect((await t.r2.post(`/api/v1/disclosures/${t.itemId}/questions/${q.id}/answer`, { body: '居民不能答复' })).status).toBe(403)
    expect((await t.street1.post(`/api/v1/disclosures/${t.itemId}/questions/${q.id}/answer`, { body: '街道只读' })).status).toBe(403)
    expect(fieldsOf(await t.committee1.post(`/api/v1/disclosures/${t.itemId}/questions/${q.id}/answer`, { body: '' }))).toContain('body')
    const a = await t.committee1.post(`/api/v1/disclosures/${t.itemId}/questions/${q.id}/answer`, { body: '由物业公司维修班组更换，发票见附件。' })
    expect(a.status, JSON.stringify(a.body)).toBe(200)
    expect(a.body.data).toMatchObject({ answer: '由物业公司维修班组更换，发票见附件。' })
    expect((await questions(t.r2)).find((x) => x.id === q.id)!.answer).toBe('由物业公司维修班组更换，发票见附件。')
    const again = await t.committee1.post(`/api/v1/disclosures/${t.itemId}/questions/${q.id}/answer`, { body: '再答一次' })
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('QUESTION_ANSWERED')
    const told = await t.srv.deps.db.message.findMany({ where: { userId: t.r1Id, kind: 'disclosure_answer', resourceId: String(q.id) } })
    expect(told).toHaveLength(1)
    expect(told[0].link).toBe(`/packages/disclosures/detail/index?id=${t.itemId}`)
    expect(await t.srv.deps.db.auditLog.count({ where: { action: 'disclosure.question.answer', resourceId: String(q.id) } })).toBe(1)
  })

  it('staff hide a question with a reason only its asker sees (and is told); others no longer see it', async () => {
    const q = (await ask(t.r2, '会计是不是居委会主任的亲戚？')).body.data
    expect(fieldsOf(await t.committee1.post(`/api/v1/disclosures/${t.itemId}/questions/${q.id}/hide`, {}))).toContain('reason')
    const h = await t.committee1.post(`/api/v1/disclosures/${t.itemId}/questions/${q.id}/hide`, { reason: '涉及他人隐私，已电话联系您说明' })
    expect(h.status, JSON.stringify(h.body)).toBe(200)
    expect((await questions(t.r1)).map((x) => x.id)).not.toContain(q.id)
    expect((await questions(t.r2)).find((x) => x.id === q.id)).toMatchObject({ status: 'hidden', statusReason: '涉及他人隐私，已电话联系您说明' })
    const r2Id = (await t.srv.deps.db.user.findUniqueOrThrow({ where: { username: 'resident2' } })).id
    expect(await t.srv.deps.db.message.count({ where: { userId: r2Id, kind: 'disclosure_question_hidden', resourceId: String(q.id) } })).toBe(1)
    expect((await t.committee1.post(`/api/v1/disclosures/${t.itemId}/questions/${q.id}/hide`, { reason: '再隐藏一次' })).status).toBe(409)
  })

  it('staff and street staff do not ask; another community\'s people get 404; an unknown question is 404', async () => {
    expect((await t.committee1.post(`/api/v1/disclosures/${t.itemId}/questions`, { body: '工作人员提问' })).status).toBe(403)
    expect((await t.street1.post(`/api/v1/disclosures/${t.itemId}/questions`, { body: '街道提问' })).status).toBe(403)
    expect((await t.r16.post(`/api/v1/disclosures/${t.itemId}/questions`, { body: '外社区提问' })).status).toBe(404)
    const q = (await ask(t.r1, '下季度还有维修计划吗？')).body.data
    const bodies: Record<string, unknown> = { answer: { body: '越权答复' }, publish: undefined, hide: { reason: '越权隐藏' } }
    for (const [action, body] of Object.entries(bodies)) {
      expect((await t.committeeB.post(`/api/v1/disclosures/${t.itemId}/questions/${q.id}/${action}`, body)).status).toBe(404)
    }
    expect((await t.committee1.post(`/api/v1/disclosures/${t.itemId}/questions/999999/answer`, { body: '不存在的问题' })).status).toBe(404)
    expect(fieldsOf(await ask(t.r1, 'x'.repeat(1001)))).toContain('body')
  })
})
