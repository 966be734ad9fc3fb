import { describe, expect, it } from 'vitest'
import { sendOutboxBatch } from '../src/jobs/outboxSender.ts'
import { FakeWechat } from './support/fakeWechat.ts'
import { useFixture } from './support/fixture.ts'
import { categoryId, fileReport, homeOf } from './support/reports.ts'
import { startTestServer } from './support/server.ts'

const TEMPLATE_ID = 'tmpl_report_0001'
const TEMPLATES = JSON.stringify({
  report: { id: TEMPLATE_ID, title: '诉求进度通知', fields: { thing1: 'title', thing2: 'summary', time3: 'time' } },
})

describe('report steps as WeChat subscribe messages (fake WeChat on 127.0.0.1)', () => {
  const wx = new FakeWechat()

  const t = useFixture(async () => {
    await wx.start()
    const srv = await startTestServer({ env: { ...wx.env(), WECHAT_SUBSCRIBE_TEMPLATES: TEMPLATES } })
    for (const u of ['resident1', 'grid1', 'leader1']) await srv.deps.db.user.update({ where: { username: u }, data: { openid: `o_${u}` } })
    // resident1 and grid1 allowed the report template once each; leader1 never did.
    for (const u of ['resident1', 'grid1']) {
      expect((await (await srv.as(u)).post('/api/v1/subscriptions', { results: { [TEMPLATE_ID]: 'accept' } })).status).toBe(200)
    }
    return { srv }
  }, async () => {
    await wx.stop()
  })

  it('filing writes an outbox row for the assignee who granted it, in the same transaction; sent after commit with the template fields', async () => {
    const resident1 = await t.srv.as('resident1')
    const filed = await fileReport(resident1, { categoryId: await categoryId(t.srv, 'water_power'), description: '地下室水管爆了', location: { householdId: (await homeOf(t.srv, 'resident1')).id } })
    expect(filed.status).toBe(201)
    const id = filed.body.data.id
    const rows = await t.srv.deps.db.outboxItem.findMany({ where: { templateKey: 'report' } })
    expect(rows.map((r) => r.userId)).toEqual([t.srv.demo!.staffIds.grid1])
    // leader1 has a message-centre entry but no grant: no outbox row.
    expect(await t.srv.deps.db.message.count({ where: { userId: t.srv.demo!.staffIds.leader1, resourceType: 'report', resourceId: { startsWith: `${id}:` } } })).toBe(1)
    expect((await sendOutboxBatch(t.srv.deps, 'sender-a')).sent).toBe(1)
    expect(wx.sent).toHaveLength(1)
    expect(wx.sent[0]).toMatchObject({ touser: 'o_grid1', template_id: TEMPLATE_ID, page: `packages/workbench/report/index?id=${id}` })
    expect(wx.sent[0].data.thing1.value).toContain('水电气')

    // grid1 accepts: resident1 is told, by message and (granted) subscribe message.
    expect((await (await t.srv.as('grid1')).post(`/api/v1/reports/${id}/accept`)).status).toBe(200)
    expect((await sendOutboxBatch(t.srv.deps, 'sender-a')).sent).toBe(1)
    expect(wx.sent[1]).toMatchObject({ touser: 'o_resident1', page: `packages/reports/detail/index?id=${id}` })
    expect(wx.sent[1].data.thing1.value).toBe('您的诉求已受理')
    // Each grant allows one send: the next step reaches the message centre only.
    await (await t.srv.as('grid1')).post(`/api/v1/reports/${id}/reply`, { text: '明早维修' })
    expect((await sendOutboxBatch(t.srv.deps, 'sender-a')).sent).toBe(0)
    expect(await t.srv.deps.db.message.count({ where: { userId: t.srv.demo!.residentIds.resident1, kind: 'report.replied' } })).toBe(1)
  })
})
