import sharp from 'sharp'
import { describe, expect, it } from 'vitest'
import { answerCounts, fieldsOf } from './support/client.ts'
import { createStaff } from './support/factories.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

type Line = { kind: 'income' | 'expense'; category: string; label: string; amountFen: number }
const inc = (category: string, amountFen: number, label = category): Line => ({ kind: 'income', category, label, amountFen })
const exp = (category: string, amountFen: number, label = category): Line => ({ kind: 'expense', category, label, amountFen })

describe('disclosures (三务公开): publishing, browsing, totals, corrections and withdrawal', () => {
  const t = useFixture(async () => {
    const srv = await startTestServer()
    const [qs, la] = srv.demo!.communityIds
    await createStaff(srv.deps.db, 'committeeDB', 'committee', { type: 'community', id: la })
    const [committee1, committeeB, street1, r1, r16] = await Promise.all(['committee1', 'committeeDB', 'street1', 'resident1', 'resident16'].map((u) => srv.as(u)))
    return { srv, qs, la, committee1, committeeB, street1, r1, r16 }
  })

  // The tests use 2025 periods: the demo's items are in 2026.
  const item = (over: Record<string, unknown> = {}) => ({
    communityId: t.qs, category: 'finance', title: '2025年7月财务收支公开', period: '2025-07',
    body: '本月收支如下。\n\n如有疑问请在下方提问。', lines: [inc('物业公共收益', 1_234_567), exp('办公经费', 45_678)], ...over,
  })
  const publish = async (over: Record<string, unknown> = {}, who = t.committee1) => {
    const r = await who.post('/api/v1/disclosures', item(over))
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    return r.body.data
  }

  it('the demo: 青石\'s 2026 third quarter — three months of 财务 (8月 corrected), 居务, 党务, an answered question', async () => {
    const list = (await t.r1.get('/api/v1/disclosures?period=2026-Q3&includeSuperseded=true')).body.data
    expect(list.map((d: { title: string; status: string }) => [d.title, d.status])).toEqual([
      ['2026年8月社区财务收支公开（更正）', 'published'], ['2026年第三季度党务公开', 'published'], ['2026年第三季度居务公开', 'published'],
      ['2026年9月社区财务收支公开', 'published'], ['2026年8月社区财务收支公开', 'superseded'], ['2026年7月社区财务收支公开', 'published'],
    ])
    const totals = (await t.r1.get('/api/v1/disclosures/totals?category=finance&from=2026-07&to=2026-09')).body.data
    expect(totals.periods.map((p: { period: string; incomeFen: number; expenseFen: number }) => [p.period, p.incomeFen, p.expenseFen])).toEqual([
      ['2026-07', 4_310_000, 1_765_050], ['2026-08', 4_240_000, 1_588_600], ['2026-09', 9_370_000, 2_063_700],
    ])
    expect(totals.total).toEqual({ incomeFen: 17_920_000, expenseFen: 5_417_350, balanceFen: 12_502_650 })
    const sep = list.find((d: { period: string }) => d.period === '2026-09')
    const q = (await t.r16.get(`/api/v1/disclosures/${sep.id}`)).status
    expect(q).toBe(404)
    expect((await t.r1.get(`/api/v1/disclosures/${sep.id}`)).body.data.questions).toEqual([expect.objectContaining({ isMine: true, status: 'published', answer: expect.stringContaining('招标') })])
  })

  it('committee staff publish an item: lines in fen, sums, audit; residents and street staff read it', async () => {
    const d = await publish()
    expect(d).toMatchObject({
      communityId: t.qs, category: 'finance', categoryLabel: '财务', period: '2025-07', status: 'published', statusLabel: '已公开', versionNo: 1,
      incomeFen: 1_234_567, expenseFen: 45_678, supersedes: null, supersededBy: null, withdrawnReason: null,
      allowedActions: { correct: true, withdraw: true, ask: false },
    })
    expect(d.lines).toEqual([
      { kind: 'income', kindLabel: '收入', category: '物业公共收益', label: '物业公共收益', amountFen: 1_234_567 },
      { kind: 'expense', kindLabel: '支出', category: '办公经费', label: '办公经费', amountFen: 45_678 },
    ])
    expect(d.versions.map((v: { id: number }) => v.id)).toEqual([d.id])
    expect(await t.srv.deps.db.auditLog.count({ where: { action: 'disclosure.create', resourceId: String(d.id) } })).toBe(1)
    const seen = await t.r1.get(`/api/v1/disclosures/${d.id}`)
    expect(seen.status).toBe(200)
    expect(seen.body.data).toMatchObject({ title: '2025年7月财务收支公开', body: item().body, allowedActions: { correct: false, withdraw: false, ask: true } })
    const byStreet = await t.street1.get(`/api/v1/disclosures/${d.id}`)
    expect(byStreet.status).toBe(200)
    expect(byStreet.body.data.allowedActions).toEqual({ correct: false, withdraw: false, ask: false })
  })

  it('attaches the author\'s own uploads; readers get signed URLs that serve the file', async () => {
    const png = await sharp({ create: { width: 30, height: 20, channels: 3, background: '#a37' } }).png().toBuffer()
    const form = new FormData()
    form.append('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'voucher.png')
    const up = await fetch(`${t.srv.baseUrl}/api/v1/uploads`, { method: 'POST', body: form, headers: { authorization: `Bearer ${t.committee1.token}` } })
    const upload = ((await up.json()) as { data: { id: number } }).data
    const d = await publish({ title: '2025年8月凭证', period: '2025-08', attachmentIds: [upload.id] })
    const seen = (await t.r1.get(`/api/v1/disclosures/${d.id}`)).body.data
    expect(seen.attachments).toHaveLength(1)
    expect(seen.attachments[0]).toMatchObject({ id: upload.id, width: 30, height: 20 })
    expect(seen.attachments[0].url).toMatch(/^\/api\/v1\/files\/[a-f0-9]{32}\.png\?t=/)
    expect((await fetch(t.srv.baseUrl + seen.attachments[0].url)).status).toBe(200)
    // A correction naming only what changes keeps the rest: title, period, body, lines and attachments.
    const kept = (await t.committee1.post(`/api/v1/disclosures/${d.id}/corrections`, { title: '2025年8月凭证（补充说明）', reason: '标题补充' })).body.data
    expect(kept).toMatchObject({ title: '2025年8月凭证（补充说明）', period: '2025-08', body: item().body, incomeFen: 1_234_567, expenseFen: 45_678, versionNo: 2 })
    expect(kept.attachments.map((a: { id: number }) => a.id)).toEqual([upload.id])
    const stranger = await t.srv.as('resident2')
    const r = await stranger.post('/api/v1/disclosures', item({ attachmentIds: [upload.id] }))
    expect(r.status).toBe(403)
    const notMine = await t.committee1.post('/api/v1/disclosures', item({ attachmentIds: [999_999] }))
    expect(notMine.status).toBe(400)
    expect(fieldsOf(notMine)).toContain('attachmentIds')
  })

  it('refuses residents, another community\'s staff and bad input naming the field', async () => {
    expect((await t.r1.post('/api/v1/disclosures', item())).status).toBe(403)
    expect((await t.committeeB.post('/api/v1/disclosures', item())).status).toBe(403)
    expect((await t.street1.post('/api/v1/disclosures', item())).status).toBe(403)
    const bad = async (over: Record<string, unknown>, field: string) => {
      const r = await t.committee1.post('/api/v1/disclosures', item(over))
      expect(r.status, JSON.stringify(r.body)).toBe(400)
      expect(fieldsOf(r)).toContain(field)
    }
    await bad({ period: '2025-13' }, 'period')
    await bad({ period: '2025-Q5' }, 'period')
    await bad({ period: '25-07' }, 'period')
    await bad({ lines: [exp('办公经费', -100)] }, 'lines.0.amountFen')
    await bad({ lines: [exp('办公经费', 12.5)] }, 'lines.0.amountFen')
    await bad({ lines: [{ ...exp('办公经费', 100), kind: 'gift' }] }, 'lines.0.kind')
    await bad({ title: '长'.repeat(101) }, 'title')
    await bad({ body: '长'.repeat(5001) }, 'body')
    await bad({ category: 'gossip' }, 'category')
    await bad({ extra: 1 }, 'extra')
    expect(await t.srv.deps.db.disclosure.count({ where: { communityId: t.la } })).toBe(0)
  })

  it('browses by category and period (overlapping periods), newest first, page by page', async () => {
    const q = await publish({ category: 'affairs', title: '2025年第二季度居务公开', period: '2025-Q2', lines: [] })
    const m4 = await publish({ category: 'affairs', title: '2025年4月居务', period: '2025-04', lines: [] })
    const m6 = await publish({ category: 'affairs', title: '2025年6月居务', period: '2025-06', lines: [] })
    const other = await publish({ category: 'party', title: '2025年6月党务', period: '2025-06', lines: [] })
    const ids = async (query: string, who = t.r1) => {
      const r = await who.get(`/api/v1/disclosures?${query}`)
      expect(r.status, JSON.stringify(r.body)).toBe(200)
      return r.body.data.map((d: { id: number }) => d.id)
    }
    expect(await ids('category=affairs&period=2025-Q2')).toEqual([m6.id, m4.id, q.id])
    expect(await ids('category=affairs&period=2025-05')).toEqual([q.id])
    expect(await ids('period=2025-06')).toEqual([other.id, m6.id, q.id])
    const first = await t.r1.get('/api/v1/disclosures?category=affairs&period=2025&limit=2')
    expect(first.body.data.map((d: { id: number }) => d.id)).toEqual([m6.id, m4.id])
    const second = await t.r1.get(`/api/v1/disclosures?category=affairs&period=2025&limit=2&cursor=${first.body.page.nextCursor}`)
    expect(second.body.data.map((d: { id: number }) => d.id)).toEqual([q.id])
    expect(second.body.page.nextCursor).toBeNull()
    expect(fieldsOf(await t.r1.get('/api/v1/disclosures?period=2025-7'))).toContain('period')
    expect(await ids(`communityId=${t.qs}&category=party&period=2025-06`, t.street1)).toEqual([other.id])
  })

  it('totals per period and line category: exact sums of current items only', async () => {
    const a = await publish({ title: '2025年10月', period: '2025-10', lines: [inc('物业公共收益', 100_001), inc('物业公共收益', 99_999), exp('设施维修', 30_000)] })
    await publish({ title: '2025年11月', period: '2025-11', lines: [inc('停车收益', 9_007_199_254), exp('活动经费', 1)] })
    const withdrawn = await publish({ title: '2025年12月（撤回）', period: '2025-12', lines: [inc('物业公共收益', 777)] })
    expect((await t.committee1.post(`/api/v1/disclosures/${withdrawn.id}/withdraw`, { reason: '数据录入错误' })).status).toBe(200)
    const r = await t.r1.get('/api/v1/disclosures/totals?category=finance&from=2025-10&to=2025-12')
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.data).toEqual({
      communityId: t.qs, from: '2025-10', to: '2025-12',
      periods: [
        { period: '2025-10', incomeFen: 200_000, expenseFen: 30_000, balanceFen: 170_000, categories: [
          { category: '物业公共收益', incomeFen: 200_000, expenseFen: 0, balanceFen: 200_000 },
          { category: '设施维修', incomeFen: 0, expenseFen: 30_000, balanceFen: -30_000 },
        ] },
        { period: '2025-11', incomeFen: 9_007_199_254, expenseFen: 1, balanceFen: 9_007_199_253, categories: [
          { category: '停车收益', incomeFen: 9_007_199_254, expenseFen: 0, balanceFen: 9_007_199_254 },
          { category: '活动经费', incomeFen: 0, expenseFen: 1, balanceFen: -1 },
        ] },
      ],
      total: { incomeFen: 9_007_399_254, expenseFen: 30_001, balanceFen: 9_007_369_253 },
    })
    // A correction replaces the old version's lines in the totals.
    const c = await t.committee1.post(`/api/v1/disclosures/${a.id}/corrections`, { ...item({ title: '2025年10月（更正）', period: '2025-10', lines: [inc('物业公共收益', 5)] }), communityId: undefined, category: undefined, reason: '金额填写错误' })
    expect(c.status, JSON.stringify(c.body)).toBe(201)
    const after = (await t.r1.get('/api/v1/disclosures/totals?category=finance&from=2025-10&to=2025-10')).body.data
    expect(after.total).toEqual({ incomeFen: 5, expenseFen: 0, balanceFen: 5 })
    expect(fieldsOf(await t.r1.get('/api/v1/disclosures/totals?from=2025-12&to=2025-10'))).toContain('to')
    expect(fieldsOf(await t.r1.get('/api/v1/disclosures/totals?from=2025-1&to=2025-10'))).toContain('from')
  })

  it('a correction supersedes: both readable, the chain shown both ways; correcting the old one is 409', async () => {
    const old = await publish({ title: '2025年3月财务', period: '2025-03' })
    const body = { title: '2025年3月财务（更正）', period: '2025-03', body: '更正后的收支。', lines: [inc('物业公共收益', 1_000_000)], reason: '漏记一笔收入' }
    const r = await t.committee1.post(`/api/v1/disclosures/${old.id}/corrections`, body)
    expect(r.status, JSON.stringify(r.body)).toBe(201)
    const neu = r.body.data
    expect(neu).toMatchObject({ versionNo: 2, status: 'published', correctionReason: '漏记一笔收入', category: 'finance', communityId: t.qs })
    expect(neu.supersedes).toMatchObject({ id: old.id, versionNo: 1, status: 'superseded' })
    const oldNow = (await t.r1.get(`/api/v1/disclosures/${old.id}`)).body.data
    expect(oldNow).toMatchObject({ status: 'superseded', statusLabel: '已更正', supersededById: neu.id, title: '2025年3月财务', allowedActions: { correct: false, withdraw: false } })
    expect(oldNow.supersededBy).toMatchObject({ id: neu.id, versionNo: 2 })
    expect(oldNow.lines).toHaveLength(2)
    expect(oldNow.versions.map((v: { id: number }) => v.id)).toEqual([old.id, neu.id])
    const again = await t.committee1.post(`/api/v1/disclosures/${old.id}/corrections`, body)
    expect(again.status).toBe(409)
    expect(again.body.error.code).toBe('DISCLOSURE_SUPERSEDED')
    expect((await t.committee1.post(`/api/v1/disclosures/${old.id}/withdraw`, { reason: '不需要了' })).status).toBe(409)
    // A third version keeps the whole chain.
    const third = (await t.committee1.post(`/api/v1/disclosures/${neu.id}/corrections`, { ...body, reason: '再次核对' })).body.data
    expect(third.versions.map((v: { versionNo: number }) => v.versionNo)).toEqual([1, 2, 3])
    const listed = (await t.r1.get('/api/v1/disclosures?period=2025-03')).body.data.map((d: { id: number }) => d.id)
    expect(listed).toEqual([third.id])
    const all = (await t.r1.get('/api/v1/disclosures?period=2025-03&includeSuperseded=true')).body.data.map((d: { id: number }) => d.id)
    expect(all).toEqual([third.id, neu.id, old.id])
    expect((await t.r1.post(`/api/v1/disclosures/${third.id}/corrections`, { ...body, reason: '居民更正' })).status).toBe(403)
    expect(fieldsOf(await t.committee1.post(`/api/v1/disclosures/${third.id}/corrections`, { ...body, reason: '' }))).toContain('reason')
  })

  it('two corrections of one version at once make exactly one new version', async () => {
    const old = await publish({ title: '2025年2月财务', period: '2025-02' })
    const body = (i: number) => ({ title: `2025年2月财务（更正${i}）`, period: '2025-02', body: '更正。', lines: [inc('物业公共收益', i)], reason: `第${i}次更正` })
    const rs = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => t.committee1.post(`/api/v1/disclosures/${old.id}/corrections`, body(i))))
    expect(answerCounts(rs)).toEqual({ '201': 1, '409 DISCLOSURE_SUPERSEDED': 5 })
    expect(await t.srv.deps.db.disclosure.count({ where: { supersedesId: old.id } })).toBe(1)
    expect(await t.srv.deps.db.disclosure.count({ where: { period: '2025-02', status: 'published' } })).toBe(1)
  })

  it('withdraws with a reason that stays visible with the content; twice is 409; nothing deletes an item', async () => {
    const d = await publish({ title: '2025年1月财务', period: '2025-01' })
    expect((await t.r1.post(`/api/v1/disclosures/${d.id}/withdraw`, { reason: '居民不能撤回' })).status).toBe(403)
    expect(fieldsOf(await t.committee1.post(`/api/v1/disclosures/${d.id}/withdraw`, {}))).toContain('reason')
    const r = await t.committee1.post(`/api/v1/disclosures/${d.id}/withdraw`, { reason: '与上月重复发布' })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    const seen = (await t.r1.get(`/api/v1/disclosures/${d.id}`)).body.data
    expect(seen).toMatchObject({ status: 'withdrawn', statusLabel: '已撤回', withdrawnReason: '与上月重复发布', body: item().body })
    expect(seen.lines).toHaveLength(2)
    expect(seen.withdrawnAt).not.toBeNull()
    const twice = await t.committee1.post(`/api/v1/disclosures/${d.id}/withdraw`, { reason: '再撤回一次' })
    expect(twice.status).toBe(409)
    expect(twice.body.error.code).toBe('DISCLOSURE_WITHDRAWN')
    expect((await t.committee1.post(`/api/v1/disclosures/${d.id}/corrections`, { ...item(), communityId: undefined, category: undefined, reason: '撤回后更正' })).status).toBe(409)
    expect(await t.srv.deps.db.auditLog.count({ where: { action: 'disclosure.withdraw', resourceId: String(d.id) } })).toBe(1)
    for (const path of [`/api/v1/disclosures/${d.id}`, '/api/v1/disclosures']) {
      expect([404, 405]).toContain((await t.committee1.request('DELETE', path)).status)
    }
    expect(await t.srv.deps.db.disclosure.count({ where: { id: d.id } })).toBe(1)
  })

  it('another community\'s resident and staff get 404 everywhere; no token is 401', async () => {
    const d = await publish({ title: '2025年5月财务', period: '2025-05' })
    for (const who of [t.r16, t.committeeB]) {
      expect((await who.get(`/api/v1/disclosures/${d.id}`)).status).toBe(404)
      expect((await who.get(`/api/v1/disclosures?communityId=${t.qs}`)).status).toBe(404)
      expect((await who.get(`/api/v1/disclosures/totals?communityId=${t.qs}&from=2025-01&to=2025-12`)).status).toBe(404)
      expect((await who.post(`/api/v1/disclosures/${d.id}/questions`, { body: '这笔钱用在哪里了？' })).status).toBe(404)
      expect((await who.post(`/api/v1/disclosures/${d.id}/corrections`, { ...item(), communityId: undefined, category: undefined, reason: '越权更正' })).status).toBe(404)
      expect((await who.post(`/api/v1/disclosures/${d.id}/withdraw`, { reason: '越权撤回' })).status).toBe(404)
    }
    // Their own community's list is theirs (and does not hold the first community's items).
    const own = await t.r16.get('/api/v1/disclosures')
    expect(own.status).toBe(200)
    expect(own.body.data.every((x: { communityId: number }) => x.communityId === t.la)).toBe(true)
    const anon = await fetch(`${t.srv.baseUrl}/api/v1/disclosures/${d.id}`)
    expect(anon.status).toBe(401)
  })
})
