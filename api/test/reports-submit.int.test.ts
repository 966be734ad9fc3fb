import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client, fieldsOf } from './support/client.ts'
import { FakeWechat } from './support/fakeWechat.ts'
import { categoryId, fileReport, homeOf, uploadPhoto } from './support/reports.ts'
import { startTestServer, type TestServer } from './support/server.ts'

/**
 * Filing answers from what it wrote (nothing is read back), so these check that answer against a
 * read for the paths the main suite does not take, and the edges of attaching photos and replaying.
 */
describe('filing a report: the answer, patrol reports, photos under races, replays', () => {
  let srv: TestServer
  let api: Client
  let resident1: Client
  let water: number
  let home1: Awaited<ReturnType<typeof homeOf>>

  beforeAll(async () => {
    srv = await startTestServer()
    api = new Client(srv.baseUrl)
    resident1 = await api.login('resident1')
    water = await categoryId(srv, 'water_power')
    home1 = await homeOf(srv, 'resident1')
  })
  afterAll(async () => srv.close())

  const body = (extra: Record<string, unknown> = {}) => ({ categoryId: water, description: '楼道灯坏了一个星期', location: { householdId: home1.id }, ...extra })
  const asRead = async (who: Client, filed: { body: { data: { id: number } } }) => (await who.get(`/api/v1/reports/${filed.body.data.id}`)).body.data

  it('a grid worker files a patrol report in their own grid: accepted by them at once, the answer equal to a read; 403 elsewhere and for residents', async () => {
    const grid1 = await api.login('grid1')
    const user = await srv.deps.db.user.findUniqueOrThrow({ where: { username: 'grid1' }, select: { id: true } })
    const mine = await srv.deps.db.gridAssignment.findFirstOrThrow({ where: { userId: user.id }, select: { gridId: true } })
    const inside = await srv.deps.db.building.findFirstOrThrow({ where: { gridId: mine.gridId } })
    const outside = await srv.deps.db.building.findFirstOrThrow({ where: { gridId: { not: mine.gridId } } })
    const photo = await uploadPhoto(srv, grid1)
    const r = await fileReport(grid1, body({ location: { buildingId: inside.id }, patrol: true, photos: [photo], description: '巡查发现井盖松动' }))
    expect(r.status).toBe(201)
    expect(r.body.data).toMatchObject({ status: 'accepted', assignee: { id: user.id } })
    expect(r.body.data.timeline.map((e: { kind: string }) => e.kind)).toEqual(['patrol'])
    expect(r.body.data).toEqual(await asRead(grid1, r))
    expect((await fileReport(grid1, body({ location: { buildingId: outside.id }, patrol: true }))).status).toBe(403)
    expect((await fileReport(resident1, body({ patrol: true }))).status).toBe(403)
  })

  it('a map point answers with its coordinates as stored (6 decimals) and the nearest building\'s grid', async () => {
    const b = await srv.deps.db.building.findFirstOrThrow({ where: { id: home1.buildingId } })
    const lat = Number(b.latitude) + 0.0000004444
    const lng = Number(b.longitude) - 0.0000005555
    const r = await fileReport(resident1, body({ location: { lat, lng, address: '小区东门外' } }))
    expect(r.status).toBe(201)
    expect(r.body.data.grid.id).toBe(b.gridId)
    expect(r.body.data).toEqual(await asRead(resident1, r))
  })

  it('the same photo in two filings at once: one is stored, the other is a 400 on photos, and the photo is attached once', async () => {
    const photo = await uploadPhoto(srv, resident1)
    const before = await srv.deps.db.report.count()
    const replies = await Promise.all([1, 2, 3].map((i) => fileReport(resident1, body({ photos: [photo], description: `同一张照片第${i}次提交` }))))
    expect(replies.map((r) => r.status).sort()).toEqual([201, 400, 400])
    for (const r of replies.filter((x) => x.status === 400)) expect(fieldsOf(r)).toEqual(['photos'])
    expect(await srv.deps.db.report.count()).toBe(before + 1)
    expect(await srv.deps.db.reportPhoto.count({ where: { uploadId: photo } })).toBe(1)
  })

  it('a retry with the same Idempotency-Key replays the first answer exactly', async () => {
    const first = await fileReport(resident1, body({ description: '重试应得到同样的回答' }), 'replay-1')
    expect(first.status).toBe(201)
    const again = await fileReport(resident1, body({ description: '重试应得到同样的回答' }), 'replay-1')
    expect(again.status).toBe(201)
    expect(again.headers.get('idempotent-replayed')).toBe('true')
    expect(again.body).toEqual(first.body)
  })
})

describe('filing a report: subscribe messages of both kinds in one statement', () => {
  const wx = new FakeWechat()
  let srv: TestServer
  const TEMPLATE_ID = 'tmpl_report_0002'

  beforeAll(async () => {
    await wx.start()
    const templates = JSON.stringify({ report: { id: TEMPLATE_ID, title: '诉求进度通知', fields: { thing1: 'title', thing2: 'summary', time3: 'time' } } })
    srv = await startTestServer({ env: { ...wx.env(), WECHAT_SUBSCRIBE_TEMPLATES: templates } })
    // The assignee (grid1) and one who is informed (leader1) both allowed the report template.
    for (const u of ['grid1', 'leader1']) {
      await srv.deps.db.user.update({ where: { username: u }, data: { openid: `o_${u}` } })
      expect((await (await srv.as(u)).post('/api/v1/subscriptions', { results: { [TEMPLATE_ID]: 'accept' } })).status).toBe(200)
    }
  })
  afterAll(async () => {
    await srv.close()
    await wx.stop()
  })

  it('the assignee\'s outbox row says 待受理 and the informed leader\'s does not, each linked to the workbench', async () => {
    const resident1 = await srv.as('resident1')
    const filed = await fileReport(resident1, { categoryId: await categoryId(srv, 'water_power'), description: '地下室水管爆了', location: { householdId: (await homeOf(srv, 'resident1')).id } })
    expect(filed.status).toBe(201)
    const rows = await srv.deps.db.outboxItem.findMany({ where: { templateKey: 'report' } })
    const byUser = new Map(rows.map((r) => [r.userId, (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as { title: string; page: string; reportId: number }]))
    expect([...byUser.keys()].sort()).toEqual([srv.demo!.staffIds.grid1, srv.demo!.staffIds.leader1].sort())
    expect(byUser.get(srv.demo!.staffIds.grid1)!.title).toBe('新诉求：水电气（待受理）')
    expect(byUser.get(srv.demo!.staffIds.leader1)!.title).toBe('新诉求：水电气')
    for (const p of byUser.values()) expect(p).toMatchObject({ page: `packages/workbench/report/index?id=${filed.body.data.id}`, reportId: filed.body.data.id })
  })
})
