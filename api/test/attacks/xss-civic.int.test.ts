import { describe, expect, it } from 'vitest'
import { Client } from '../support/client.ts'
import { useFixture } from '../support/fixture.ts'
import { startTestServer } from '../support/server.ts'
import { inert, PLAIN_PAYLOAD } from '../support/xss.ts'

/**
 * Stored XSS in the plain-text fields of the civic features (elections, consultations, public
 * disclosure): every one comes back exactly as typed, as a JSON string under nosniff and a CSP that
 * forbids everything. The other features' fields, the notice body and the list that every free-text
 * field is accounted for are in xss.int.test.ts.
 */

const tokens: Record<string, string> = {}
const as = (user: string) => new Client(fx.srv.baseUrl, tokens[user])

const fx = useFixture(async () => {
  const srv = await startTestServer()
  for (const u of ['committee1', 'resident1']) tokens[u] = (await srv.as(u)).token!
  return { srv }
})

describe('stored XSS in the civic features\' plain-text fields: data, never markup', () => {
  const payload = PLAIN_PAYLOAD

  it('election texts (title, conditions, roll and objection reasons, the person an objection names, statement, review reason) come back exactly as typed, as JSON strings', async () => {
    const staff = as('committee1')
    const e = await staff.post('/api/v1/elections', { communityId: fx.srv.demo!.communityIds[0], title: payload, description: payload, conditionsText: payload, electionDay: '2030-01-05', contests: [{ name: '主任', seats: 1 }] })
    expect(e.status, JSON.stringify(e.body)).toBe(201)
    inert(e)
    const id = e.body.data.id
    const edited = await staff.request('PATCH', `/api/v1/elections/${id}`, { version: 0, title: payload, description: payload, conditionsText: payload })
    expect(edited.body.data).toMatchObject({ title: payload, description: payload, conditionsText: payload })
    for (const p of ['conditions', 'registration']) expect((await staff.post(`/api/v1/elections/${id}/phases/${p}/open`, {})).status).toBe(200)
    expect((await as('resident1').get(`/api/v1/elections/${id}`)).body.data).toMatchObject({ title: payload, conditionsText: payload })
    await staff.post(`/api/v1/elections/${id}/roll/build`, {})
    const r2 = await fx.srv.deps.db.electionVoter.findFirstOrThrow({ where: { electionId: id, userId: fx.srv.demo!.residentIds.resident2 } })
    const removed = await staff.post(`/api/v1/elections/${id}/roll/${r2.id}/remove`, { reason: payload })
    inert(removed)
    expect(removed.body.data.removedReason).toBe(payload)
    const added = await staff.post(`/api/v1/elections/${id}/roll`, { userId: fx.srv.demo!.residentIds.resident2, reason: payload })
    expect(added.body.data.addedReason).toBe(payload)
    const obj = await as('resident1').post(`/api/v1/elections/${id}/objections`, { kind: 'ineligible', subjectVoterId: r2.id, reason: payload })
    inert(obj)
    expect(obj.body.data.reason).toBe(payload)
    const resolved = await staff.post(`/api/v1/elections/${id}/objections/${obj.body.data.id}/resolve`, { upheld: false, resolution: payload })
    expect(resolved.body.data.resolution).toBe(payload)
    expect((await as('resident1').get(`/api/v1/elections/${id}/objections`)).body.data[0]).toMatchObject({ reason: payload, resolution: payload })
    const other = await as('resident1').post(`/api/v1/elections/${id}/objections`, { kind: 'missing', subjectText: payload, reason: '邻居应登记' })
    inert(other)
    expect(other.body.data.subjectText).toBe(payload)
    expect((await staff.get(`/api/v1/elections/${id}/objections`)).body.data.find((o: { id: number }) => o.id === other.body.data.id).subjectText).toBe(payload)
    await staff.post(`/api/v1/elections/${id}/objections/${other.body.data.id}/resolve`, { upheld: false, resolution: '核实不属实' })
    await staff.post(`/api/v1/elections/${id}/roll/close`, {})
    await staff.post(`/api/v1/elections/${id}/phases/nomination/open`, {})
    const cand = await as('resident1').post(`/api/v1/elections/${id}/candidates`, { contestId: e.body.data.contests[0].id, statement: payload })
    expect(cand.body.data.statement).toBe(payload)
    await staff.post(`/api/v1/elections/${id}/phases/qualification/open`, {})
    const reviewed = await staff.post(`/api/v1/elections/${id}/candidates/${cand.body.data.id}/review`, { approved: false, reason: payload })
    inert(reviewed)
    expect((await as('resident1').get(`/api/v1/elections/${id}/candidates`)).body.data[0]).toMatchObject({ statement: payload, reviewReason: payload })
  })

  it('consultation texts (title, background, close reason, opinion, edit, hide reason) come back exactly as typed; the CSV export is an attachment', async () => {
    const staff = as('committee1')
    const t = await staff.post('/api/v1/consultations', { communityId: fx.srv.demo!.communityIds[0], title: payload, background: payload })
    expect(t.status, JSON.stringify(t.body)).toBe(201)
    inert(t)
    const id = t.body.data.id
    expect((await as('resident1').get(`/api/v1/consultations/${id}`)).body.data).toMatchObject({ title: payload, background: payload })
    const said = await as('resident1').post(`/api/v1/consultations/${id}/opinions`, { body: payload })
    inert(said)
    expect(said.body.data.body).toBe(payload)
    const edited = await as('resident1').put(`/api/v1/consultations/${id}/opinions/${said.body.data.id}`, { body: `${payload}!`, version: 0 })
    expect(edited.body.data.body).toBe(`${payload}!`)
    const reply = await staff.post(`/api/v1/consultations/${id}/opinions`, { body: payload, parentId: said.body.data.id })
    expect(reply.body.data.body).toBe(payload)
    const hidden = await staff.post(`/api/v1/consultations/${id}/opinions/${said.body.data.id}/hide`, { reason: payload })
    inert(hidden)
    expect((await as('resident1').get(`/api/v1/consultations/${id}/opinions`)).body.data[0].body).toBe(`已被管理员隐藏：${payload}`)
    const csv = await staff.get(`/api/v1/consultations/${id}/opinions/export`)
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/)
    expect(csv.headers.get('content-disposition')).toMatch(/^attachment/)
    expect(csv.headers.get('x-content-type-options')).toBe('nosniff')
    const closed = await staff.post(`/api/v1/consultations/${id}/transitions`, { to: 'closed', reason: payload })
    inert(closed)
    expect(closed.body.data.closedReason).toBe(payload)
  })

  it('consultation outcome texts (vote choices, decision, action title and owner, progress, rating comment) come back exactly as typed', async () => {
    const staff = as('committee1')
    const communityId = fx.srv.demo!.communityIds[0]
    const v = (await staff.post('/api/v1/consultations', { communityId, title: '表决选项', decisionMethod: 'vote' })).body.data.id
    const setUp = await staff.put(`/api/v1/consultations/${v}/vote`, { kind: 'single', choices: [payload, `${payload}!`], closesAt: new Date(Date.now() + 86_400_000).toISOString() })
    inert(setUp)
    expect(setUp.body.data.choices.map((c: { label: string }) => c.label)).toEqual([payload, `${payload}!`])
    const id = (await staff.post('/api/v1/consultations', { communityId, title: '会议议定', decisionMethod: 'meeting' })).body.data.id
    const decided = await staff.post(`/api/v1/consultations/${id}/decision`, { meetingDate: new Date().toISOString().slice(0, 10), attendees: 9, resolution: payload })
    inert(decided)
    expect(decided.body.data.decision.resolution).toBe(payload)
    const added = await staff.post(`/api/v1/consultations/${id}/actions`, { title: payload, owner: payload, dueDate: '2030-01-01' })
    inert(added)
    expect(added.body.data.actions[0]).toMatchObject({ title: payload, owner: payload })
    const aid = added.body.data.actions[0].id
    const progress = await staff.post(`/api/v1/consultations/${id}/actions/${aid}/progress`, { body: payload })
    inert(progress)
    expect(progress.body.data.actions[0].updates[0].body).toBe(payload)
    await staff.post(`/api/v1/consultations/${id}/actions/${aid}/complete`, {})
    const rated = await as('resident1').post(`/api/v1/consultations/${id}/ratings`, { rating: 'basic', comment: payload })
    inert(rated)
    expect(rated.body.data.ratings.mine.comment).toBe(payload)
    expect((await staff.get(`/api/v1/consultations/${id}/outcome`)).body.data.ratings.comments[0].comment).toBe(payload)
  })

  it('disclosure texts (title, body, line category and label, correction and withdraw reasons, question, answer, hide reason) come back exactly as typed', async () => {
    const staff = as('committee1')
    const line = { kind: 'expense', category: payload.slice(0, 32), label: payload, amountFen: 100 }
    const d = await staff.post('/api/v1/disclosures', { communityId: fx.srv.demo!.communityIds[0], category: 'finance', title: payload, period: '2030-01', body: payload, lines: [line] })
    expect(d.status, JSON.stringify(d.body)).toBe(201)
    inert(d)
    expect((await as('resident1').get(`/api/v1/disclosures/${d.body.data.id}`)).body.data).toMatchObject({ title: payload, body: payload, lines: [{ category: line.category, label: payload }] })
    const c = await staff.post(`/api/v1/disclosures/${d.body.data.id}/corrections`, { title: payload, body: payload, reason: payload })
    inert(c)
    expect(c.body.data).toMatchObject({ title: payload, correctionReason: payload })
    const w = await staff.post(`/api/v1/disclosures/${c.body.data.id}/withdraw`, { reason: payload })
    inert(w)
    expect(w.body.data.withdrawnReason).toBe(payload)
    const q = await as('resident1').post(`/api/v1/disclosures/${c.body.data.id}/questions`, { body: payload })
    inert(q)
    expect(q.body.data.body).toBe(payload)
    await staff.post(`/api/v1/disclosures/${c.body.data.id}/questions/${q.body.data.id}/publish`)
    const a = await staff.post(`/api/v1/disclosures/${c.body.data.id}/questions/${q.body.data.id}/answer`, { body: payload })
    inert(a)
    expect(a.body.data.answer).toBe(payload)
    const h = await staff.post(`/api/v1/disclosures/${c.body.data.id}/questions/${q.body.data.id}/hide`, { reason: payload })
    inert(h)
    expect((await as('resident1').get(`/api/v1/disclosures/${c.body.data.id}`)).body.data.questions[0]).toMatchObject({ body: payload, statusReason: payload, answer: payload })
  })
})
