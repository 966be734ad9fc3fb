import { beforeEach, describe, expect, it } from 'vitest'
import { answerCounts, fieldsOf, type Client } from './support/client.ts'
import { FakeContentSecurity } from './support/fakeContentSecurity.ts'
import { useFixture } from './support/fixture.ts'
import { startTestServer } from './support/server.ts'

describe('consultations: the discussion — opinions, replies, likes, edits, moderation (fake WeChat content security) and the export', () => {
  const wx = new FakeContentSecurity()
  const res: Client[] = []

  const fx = useFixture(async () => {
    await wx.start()
    const srv = await startTestServer({ env: { ...wx.env(), CONTENT_SECURITY_ON_FAILURE: 'hold' } }) // production's default: a failed check holds
    const qs: number = srv.demo!.communityIds[0]
    for (let i = 1; i <= 15; i++) {
      await srv.deps.db.user.update({ where: { username: `resident${i}` }, data: { openid: `o_resident_${i}` } })
      res[i] = await srv.as(`resident${i}`)
    }const [committee1, r16] = await Promise.all(['committee1', 'resident16'].map((u) => srv.as(u)))
    const t = await committee1.post('/api/v1/consultations', { communityId: qs, title: '小区停车位重新划线', background: '地面车位紧张，拟重新规划。', decisionMethod: 'vote' })
    expect(t.status, JSON.stringify(t.body)).toBe(201)
    const topicId: number = t.body.data.id
    return { srv, qs, committee1, r16, topicId }
  }, async () => {
    await wx.stop()
  })
  beforeEach(() => {
    wx.reset()
    wx.rules.set('混蛋', { suggest: 'risky', label: 20003 })
    wx.rules.set('加微信', { suggest: 'review', label: 10001 })
  })

  const path = (id = fx.topicId) => `/api/v1/consultations/${id}/opinions`
  const say = (c: Client, body: Record<string, unknown>, id = fx.topicId) => c.post(path(id), body)
  const list = async (c: Client, id = fx.topicId) => {
    const r = await c.get(path(id))
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    return r.body.data as { id: number; body: string; status: string; replies: { id: number; body: string; official: boolean; author: string }[]; [k: string]: unknown }[]
  }

  it('moderation: pass publishes, risky is 422 naming body and stores nothing, review and a check failure are held for staff', async () => {
    const ok = await say(res[1], { body: '赞成重新划线，建议保留消防通道。', stance: 'for' })
    expect(ok.status, JSON.stringify(ok.body)).toBe(201)
    expect(ok.body.data).toMatchObject({ status: 'published', stance: 'for', stanceLabel: '赞成', official: false, mine: true, likeCount: 0, replies: [] })
    expect(wx.checks.at(-1)).toMatchObject({ content: '赞成重新划线，建议保留消防通道。', openid: 'o_resident_1', version: 2 })
    expect((await list(res[2])).map((o) => o.id)).toContain(ok.body.data.id)
    expect((await list(res[2])).find((o) => o.id === ok.body.data.id)!.author).toMatch(/\*/) // masked to others

    const before = await fx.srv.deps.db.consultationOpinion.count()
    const risky = await say(res[2], { body: '你们这些混蛋' })
    expect([risky.status, risky.body.error.code]).toEqual([422, 'CONTENT_RISKY'])
    expect(risky.body.error.message).toContain('辱骂')
    expect(fieldsOf(risky)).toEqual(['body'])
    expect(await fx.srv.deps.db.consultationOpinion.count()).toBe(before)

    const review = await say(res[3], { body: '有车位出租请加微信', stance: 'other' })
    expect(review.body.data.status).toBe('held')
    wx.checkFailNext.push(-1) // WeChat down: hold (CONTENT_SECURITY_ON_FAILURE default)
    const down = await say(res[4], { body: '我反对，车位本来就不够。', stance: 'against' })
    expect(down.body.data.status).toBe('held')
    const heldIds = [review.body.data.id, down.body.data.id]
    expect((await list(res[5])).map((o) => o.id)).not.toEqual(expect.arrayContaining([heldIds[0]]))
    expect((await list(res[5])).map((o) => o.id)).not.toContain(heldIds[1])
    expect((await list(res[3])).find((o) => o.id === heldIds[0])).toMatchObject({ status: 'held', statusLabel: '待审核' })
    expect((await list(fx.committee1)).map((o) => o.id)).toEqual(expect.arrayContaining(heldIds))

    expect((await res[5].post(`${path()}/${heldIds[1]}/publish`, {})).status).toBe(404) // not visible to them
    expect((await res[4].post(`${path()}/${heldIds[1]}/publish`, {})).status).toBe(403)
    const released = await fx.committee1.post(`${path()}/${heldIds[1]}/publish`, {})
    expect(released.body.data.status).toBe('published')
    expect((await list(res[5])).map((o) => o.id)).toContain(heldIds[1])
    const again = await fx.committee1.post(`${path()}/${heldIds[1]}/publish`, {})
    expect([again.status, again.body.error.code]).toEqual([409, 'WRONG_OPINION_STATUS'])
  })

  it('a held proposal waits as 待审核, seen by its author and staff only, until staff release it', async () => {
    const p = await res[6].post('/api/v1/consultations', { communityId: fx.qs, title: '小区团购请加微信群', background: '统一采购' })
    expect(p.status, JSON.stringify(p.body)).toBe(201)
    expect(p.body.data).toMatchObject({ state: 'proposed', stateLabel: '待审核' })
    expect((await res[7].get(`/api/v1/consultations/${p.body.data.id}`)).status).toBe(404)
    expect((await res[7].get('/api/v1/consultations')).body.data.map((x: { id: number }) => x.id)).not.toContain(p.body.data.id)
    const risky = await res[6].post('/api/v1/consultations', { communityId: fx.qs, title: '物业都是混蛋', background: '' })
    expect([risky.status, risky.body.error.code]).toEqual([422, 'CONTENT_RISKY'])
    const released = await fx.committee1.post(`/api/v1/consultations/${p.body.data.id}/transitions`, { to: 'gathering' })
    expect(released.body.data.state).toBe('gathering')
    expect((await res[7].get(`/api/v1/consultations/${p.body.data.id}`)).status).toBe(200)
  })

  it('replies are one level deep; staff replies are official and published without a check', async () => {
    const top = (await say(res[1], { body: '建议增加访客车位。' })).body.data
    const official = await say(fx.committee1, { body: '感谢建议，我们会在方案中考虑。', parentId: top.id })
    expect(official.status, JSON.stringify(official.body)).toBe(201)
    const staffName = (await fx.srv.deps.db.user.findUniqueOrThrow({ where: { username: 'committee1' } })).displayName
    expect(official.body.data).toMatchObject({ official: true, status: 'published', parentId: top.id, author: staffName })
    const reply = (await say(res[2], { body: '同意楼上。', parentId: top.id })).body.data
    expect(fieldsOf(await say(res[3], { body: '回复的回复', parentId: reply.id }))).toContain('parentId')
    expect(fieldsOf(await say(res[3], { body: '回复不存在的', parentId: 999999 }))).toContain('parentId')
    expect(fieldsOf(await say(res[3], { body: '', stance: 'maybe' }))).toEqual(expect.arrayContaining(['body', 'stance']))
    const shown = (await list(res[3])).find((o) => o.id === top.id)!
    expect(shown.replies.map((r) => r.id)).toEqual([official.body.data.id, reply.id])
    expect(shown.replies[0].official).toBe(true)
    expect((await list(res[3])).map((o) => o.id)).not.toContain(reply.id) // replies are not top-level rows
  })

  it('edits keep history, on the version; only the author edits; a risky edit changes nothing', async () => {
    const o = (await say(res[8], { body: '第一版意见', stance: 'for' })).body.data
    const put = (c: Client, body: Record<string, unknown>) => c.put(`${path()}/${o.id}`, body)
    const r = await put(res[8], { body: '第二版意见', stance: 'against', version: 0 })
    expect(r.status, JSON.stringify(r.body)).toBe(200)
    expect(r.body.data).toMatchObject({ body: '第二版意见', stance: 'against', version: 1, edited: true })
    expect((await put(res[8], { body: '过期的版本', version: 0 })).body.error.code).toBe('VERSION_CONFLICT')
    expect((await put(res[9], { body: '别人的意见', version: 1 })).status).toBe(403)
    expect((await put(fx.r16, { body: '别的社区', version: 1 })).status).toBe(404)
    expect((await put(res[8], { body: '改成混蛋', version: 1 })).status).toBe(422)
    const edits = await fx.srv.deps.db.consultationOpinionEdit.findMany({ where: { opinionId: o.id }, orderBy: { version: 'asc' } })
    expect(edits.map((e) => [e.version, e.body, e.stance])).toEqual([[0, '第一版意见', 'for']])
    expect((await fx.srv.deps.db.consultationOpinion.findUniqueOrThrow({ where: { id: o.id } })).body).toBe('第二版意见')
  })

  it('the author deletes their own (soft); nobody sees it afterwards', async () => {
    const o = (await say(res[9], { body: '我要删掉这条' })).body.data
    expect((await res[10].request('DELETE', `${path()}/${o.id}`)).status).toBe(403)
    expect((await res[9].request('DELETE', `${path()}/${o.id}`)).status).toBe(204)
    expect((await res[9].request('DELETE', `${path()}/${o.id}`)).status).toBe(404)
    expect((await list(fx.committee1)).map((x) => x.id)).not.toContain(o.id)
    expect((await fx.srv.deps.db.consultationOpinion.findUniqueOrThrow({ where: { id: o.id } })).status).toBe('deleted')
  })

  it('a deleted opinion keeps its replies under 「该意见已删除」 (no author, no text, no actions); without a reply the caller sees it goes', async () => {
    const t = (await fx.committee1.post('/api/v1/consultations', { communityId: fx.qs, title: '删除意见后回复还在吗' })).body.data
    const top = (await say(res[12], { body: '东侧围墙应该加高', stance: 'for' }, t.id)).body.data
    const official = (await say(fx.committee1, { body: '已记录，会和物业商量。', parentId: top.id }, t.id)).body.data
    const reply = (await say(res[13], { body: '同意加高', parentId: top.id }, t.id)).body.data
    const lonely = (await say(res[12], { body: '这条没有人回复' }, t.id)).body.data
    const heldTop = (await say(res[12], { body: '西侧也要看看' }, t.id)).body.data
    const held = (await say(res[14], { body: '有需要请加微信', parentId: heldTop.id }, t.id)).body.data
    expect(held.status).toBe('held')
    for (const o of [top, lonely, heldTop]) expect((await res[12].request('DELETE', `${path(t.id)}/${o.id}`)).status).toBe(204)

    const authorName = (await fx.srv.deps.db.user.findUniqueOrThrow({ where: { username: 'resident12' } })).displayName
    const placeholder = {
      author: null, mine: false, official: false, stance: null, stanceLabel: null, body: '该意见已删除', status: 'deleted', statusLabel: '已删除',
      hiddenReason: null, likeCount: 0, edited: false, allowedActions: { edit: false, delete: false, like: false, reply: false, hide: false, publish: false },
    }
    for (const c of [res[13], res[15], res[12], fx.committee1]) {
      const rows = await list(c, t.id)
      const shown = rows.find((o) => o.id === top.id)
      expect(shown).toMatchObject(placeholder)
      expect(shown!.replies.map((r) => r.id)).toEqual([official.id, reply.id])
      expect(rows.map((o) => o.id)).not.toContain(lonely.id)
      for (const gone of ['东侧围墙应该加高', '这条没有人回复', '西侧也要看看', authorName]) expect(JSON.stringify(rows)).not.toContain(gone)
    }
    // Its only reply is held: the placeholder shows where that reply does (its author, staff), nowhere else.
    expect((await list(res[14], t.id)).find((o) => o.id === heldTop.id)).toMatchObject({ ...placeholder, replies: [expect.objectContaining({ id: held.id, status: 'held' })] })
    expect((await list(fx.committee1, t.id)).find((o) => o.id === heldTop.id)).toMatchObject(placeholder)
    expect((await list(res[15], t.id)).map((o) => o.id)).not.toContain(heldTop.id)
    // Nothing can be done to the placeholder itself.
    expect(fieldsOf(await say(res[15], { body: '还能回复吗', parentId: top.id }, t.id))).toContain('parentId')
    expect((await res[15].post(`${path(t.id)}/${top.id}/like`, {})).status).toBe(404)
    expect((await fx.committee1.post(`${path(t.id)}/${top.id}/hide`, { reason: '测试隐藏' })).status).toBe(404)
  })

  it('staff hide with a reason: the author sees 「已被管理员隐藏：reason」 and is told; others do not see it', async () => {
    const o = (await say(res[10], { body: '某某家天天乱停车' })).body.data
    expect((await res[11].post(`${path()}/${o.id}/hide`, { reason: '涉及他人隐私' })).status).toBe(403)
    expect(fieldsOf(await fx.committee1.post(`${path()}/${o.id}/hide`, {}))).toContain('reason')
    const h = await fx.committee1.post(`${path()}/${o.id}/hide`, { reason: '涉及他人隐私' })
    expect(h.body.data).toMatchObject({ status: 'hidden', body: '某某家天天乱停车', hiddenReason: '涉及他人隐私' })
    expect((await list(res[10])).find((x) => x.id === o.id)).toMatchObject({ body: '已被管理员隐藏：涉及他人隐私', status: 'hidden', hiddenReason: '涉及他人隐私' })
    expect((await list(res[11])).map((x) => x.id)).not.toContain(o.id)
    expect((await res[10].put(`${path()}/${o.id}`, { body: '改一下', version: 0 })).body.error.code).toBe('OPINION_HIDDEN')
    const msg = await fx.srv.deps.db.message.findFirstOrThrow({ where: { user: { username: 'resident10' }, resourceType: 'consultation_opinion', resourceId: String(o.id) } })
    expect(msg.body).toContain('涉及他人隐私')
  })

  const NO_ACTIONS = { edit: false, delete: false, like: false, reply: false, hide: false, publish: false }
  const placeholderOf = (status: string, statusLabel: string, body: string) => ({
    author: null, mine: false, official: false, stance: null, stanceLabel: null, body, status, statusLabel, hiddenReason: null, likeCount: 0, liked: false, edited: false, allowedActions: NO_ACTIONS,
  })

  it('a hidden opinion keeps its published replies under 「该意见已被隐藏」 for others (no text, author or reason anywhere); its author and staff see what they did', async () => {
    const t = (await fx.committee1.post('/api/v1/consultations', { communityId: fx.qs, title: '隐藏意见后回复还在吗' })).body.data
    const top = (await say(res[4], { body: '三号楼王某家天天往楼下扔垃圾', stance: 'against' }, t.id)).body.data
    const reply = (await say(res[5], { body: '垃圾桶应该多放几个', parentId: top.id }, t.id)).body.data
    const lonely = (await say(res[4], { body: '五号楼李某也一样' }, t.id)).body.data
    expect((await res[7].post(`${path(t.id)}/${top.id}/like`, {})).status).toBe(200)
    for (const o of [top, lonely]) expect((await fx.committee1.post(`${path(t.id)}/${o.id}/hide`, { reason: '涉及他人隐私' })).status).toBe(200)

    const authorName = (await fx.srv.deps.db.user.findUniqueOrThrow({ where: { username: 'resident4' } })).displayName
    for (const c of [res[6], res[5], res[7]]) {
      const rows = await list(c, t.id)
      const shown = rows.find((o) => o.id === top.id)
      expect(shown).toMatchObject(placeholderOf('hidden', '已隐藏', '该意见已被隐藏'))
      expect(shown!.replies.map((r) => [r.id, r.body])).toEqual([[reply.id, '垃圾桶应该多放几个']])
      expect(rows.map((o) => o.id)).not.toContain(lonely.id)
      for (const secret of ['王某', '李某', '涉及他人隐私', authorName]) expect(JSON.stringify(rows)).not.toContain(secret)
    }
    const own = await list(res[4], t.id)
    expect(own.find((o) => o.id === top.id)).toMatchObject({ author: authorName, mine: true, body: '已被管理员隐藏：涉及他人隐私', status: 'hidden', hiddenReason: '涉及他人隐私', stance: 'against' })
    expect(own.find((o) => o.id === top.id)!.replies.map((r) => r.id)).toEqual([reply.id])
    expect(own.map((o) => o.id)).toContain(lonely.id)
    const staffView = await list(fx.committee1, t.id)
    expect(staffView.find((o) => o.id === top.id)).toMatchObject({ body: '三号楼王某家天天往楼下扔垃圾', status: 'hidden', hiddenReason: '涉及他人隐私', likeCount: 1 })
    expect(staffView.find((o) => o.id === lonely.id)).toMatchObject({ body: '五号楼李某也一样', status: 'hidden' })
    // Nothing can be done to the placeholder itself.
    expect(fieldsOf(await say(res[6], { body: '还能回复吗', parentId: top.id }, t.id))).toContain('parentId')
    expect((await res[6].post(`${path(t.id)}/${top.id}/like`, {})).status).toBe(404)
  })

  it('an opinion back in moderation keeps its published replies under 「该意见正在审核」 for others; without a visible reply it is not listed to them', async () => {
    const t = (await fx.committee1.post('/api/v1/consultations', { communityId: fx.qs, title: '审核中的意见后回复还在吗' })).body.data
    const top = (await say(res[8], { body: '建议北门加装路灯', stance: 'for' }, t.id)).body.data
    const reply = (await say(res[9], { body: '路灯确实需要', parentId: top.id }, t.id)).body.data
    const edited = await res[8].put(`${path(t.id)}/${top.id}`, { body: '路灯的事请加微信详谈', version: 0 })
    expect(edited.body.data.status).toBe('held')
    const lonely = (await say(res[8], { body: '装灯的师傅请加微信' }, t.id)).body.data
    expect(lonely.status).toBe('held')

    const authorName = (await fx.srv.deps.db.user.findUniqueOrThrow({ where: { username: 'resident8' } })).displayName
    for (const c of [res[10], res[9]]) {
      const rows = await list(c, t.id)
      const shown = rows.find((o) => o.id === top.id)
      expect(shown).toMatchObject(placeholderOf('held', '待审核', '该意见正在审核'))
      expect(shown!.replies.map((r) => r.id)).toEqual([reply.id])
      expect(rows.map((o) => o.id)).not.toContain(lonely.id)
      for (const secret of ['加微信', '路灯的事', authorName]) expect(JSON.stringify(rows)).not.toContain(secret)
    }
    expect((await list(res[8], t.id)).find((o) => o.id === top.id)).toMatchObject({ author: authorName, mine: true, body: '路灯的事请加微信详谈', status: 'held' })
    expect((await list(fx.committee1, t.id)).find((o) => o.id === top.id)).toMatchObject({ body: '路灯的事请加微信详谈', status: 'held', allowedActions: { publish: true } })
    expect(fieldsOf(await say(res[10], { body: '还能回复吗', parentId: top.id }, t.id))).toContain('parentId')
  })

  it('parallel likes and unlikes: once per person, the counter always equals the like rows', async () => {
    const o = (await say(res[1], { body: '大家觉得呢？' })).body.data
    const like = (c: Client) => c.post(`${path()}/${o.id}/like`, {})
    const unlike = (c: Client) => c.post(`${path()}/${o.id}/unlike`, {})
    const burst = await Promise.all([...res.slice(2), ...res.slice(2)].map(like))
    expect(answerCounts(burst)).toEqual({ 200: 14, '409 ALREADY_LIKED': 14 })
    const rows = () => fx.srv.deps.db.consultationOpinionLike.count({ where: { opinionId: o.id } })
    const counter = async () => (await fx.srv.deps.db.consultationOpinion.findUniqueOrThrow({ where: { id: o.id } })).likeCount
    expect([await counter(), await rows()]).toEqual([14, 14])
    const mixed = await Promise.all([...res.slice(2, 9).map(unlike), ...res.slice(2, 9).map(unlike), ...res.slice(2, 9).map(like)])
    expect(mixed.filter((m) => m.status >= 500)).toEqual([])
    expect(await counter()).toBe(await rows())
    expect((await list(res[15])).find((x) => x.id === o.id)).toMatchObject({ liked: true, likeCount: await rows() })
    expect((await fx.r16.post(`${path()}/${o.id}/like`, {})).status).toBe(404)
  })

  it('opinions only while the topic is open for discussion; outsiders 404', async () => {
    expect((await say(fx.r16, { body: '别的社区的意见' })).status).toBe(404)
    expect((await fx.r16.get(path())).status).toBe(404)
    const t = (await fx.committee1.post('/api/v1/consultations', { communityId: fx.qs, title: '讨论截止的议题' })).body.data
    await fx.srv.deps.db.consultationTopic.update({ where: { id: t.id }, data: { discussionEndsAt: new Date(Date.now() - 1000) } })
    expect((await say(res[1], { body: '截止了吗' }, t.id)).body.error.code).toBe('DISCUSSION_ENDED')
    await fx.srv.deps.db.consultationTopic.update({ where: { id: t.id }, data: { state: 'voting' } })
    const r = await say(res[1], { body: '表决中了' }, t.id)
    expect([r.status, r.body.error.code]).toEqual([409, 'WRONG_STATE'])
    expect(r.body.error.message).toContain('表决中')
  })

  it('exports the opinions as CSV with a UTF-8 BOM for Excel: time, stance, masked author, body, likes, status, official', async () => {
    const t = (await fx.committee1.post('/api/v1/consultations', { communityId: fx.qs, title: '导出意见的议题' })).body.data
    const a = (await say(res[1], { body: '=HYPERLINK("http://x")，含"引号"', stance: 'for' }, t.id)).body.data
    await say(fx.committee1, { body: '官方回复', parentId: a.id }, t.id)
    await res[2].post(`${path(t.id)}/${a.id}/like`, {})
    const gone = (await say(res[3], { body: '已删除的意见' }, t.id)).body.data
    await res[3].request('DELETE', `${path(t.id)}/${gone.id}`)
    expect((await res[1].get(`${path(t.id)}/export`)).status).toBe(403)
    expect((await fx.r16.get(`${path(t.id)}/export`)).status).toBe(404)
    const r = await fx.committee1.get(`${path(t.id)}/export`)
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toContain('text/csv')
    expect(r.headers.get('content-disposition')).toContain('attachment')
    const raw = Buffer.from(await (await fetch(`${fx.srv.baseUrl}${path(t.id)}/export`, { headers: { authorization: `Bearer ${fx.committee1.token}` } })).arrayBuffer())
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = (r.body as string).replace(/^\uFEFF/, '').trim().split('\r\n')
    expect(lines[0]).toBe('"时间","立场","发表人","类型","内容","点赞数","状态","居委会回复"')
    expect(lines).toHaveLength(3)
    const resident1Name = (await fx.srv.deps.db.user.findUniqueOrThrow({ where: { username: 'resident1' } })).displayName
    expect(lines[1]).toMatch(/^"\d{4}-\d{2}-\d{2} \d{2}:\d{2}","赞成","[^"]*\*[^"]*","意见","'=HYPERLINK\(""http:\/\/x""\)，含""引号""","1","已发布","否"$/)
    expect(lines[1]).not.toContain(resident1Name)
    const staffName = (await fx.srv.deps.db.user.findUniqueOrThrow({ where: { username: 'committee1' } })).displayName
    expect(lines[2]).toContain(`"${staffName}","回复","官方回复","0","已发布","是"`)
    expect(r.body).not.toContain('已删除的意见')
  })
})
