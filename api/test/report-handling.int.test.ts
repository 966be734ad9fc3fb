import { describe, expect, it } from 'vitest'
import { Client, fieldsOf } from './support/client.ts'
import { createStaff } from './support/factories.ts'
import { useFixture } from './support/fixture.ts'
import { categoryId, fileReport, homeOf, messagedUsers, uploadPhoto } from './support/reports.ts'
import { startTestServer } from './support/server.ts'

const DAY = 86400_000

describe('handling a report: states, policies, paused time, reopen', () => {
  const t = useFixture(async () => {
    const srv = await startTestServer()
    const api = new Client(srv.baseUrl)
    const resident1 = await api.login('resident1')
    const grid1 = await api.login('grid1')
    const water: number = await categoryId(srv, 'water_power')
    return { srv, api, resident1, grid1, water }
  })

  async function newReport(description = '水管漏水，楼道积水') {
    const home = await homeOf(t.srv, 'resident1')
    const r = await fileReport(t.resident1, { categoryId: t.water, description, location: { householdId: home.id } })
    expect(r.status).toBe(201)
    return r.body.data.id as number
  }
  const act = (who: Client, id: number, action: string, body: Record<string, unknown> = {}) => who.post(`/api/v1/reports/${id}/${action}`, body)

  it('the whole happy path: accept → reply → resolve with a photo → rate satisfied closes it, every step on the timeline', async () => {
    const id = await newReport()
    expect((await act(t.grid1, id, 'accept')).body.data).toMatchObject({ status: 'accepted', policies: { resolve: true, accept: false } })
    const reply = await act(t.grid1, id, 'reply', { text: '明天上午维修师傅上门', photos: [await uploadPhoto(t.srv, t.grid1)] })
    expect(reply.status).toBe(200)
    expect(await messagedUsers(t.srv, id, 'report.replied')).toEqual(['resident1'])
    const resolved = await act(t.grid1, id, 'resolve', { text: '已更换阀门', photos: [await uploadPhoto(t.srv, t.grid1)] })
    expect(resolved.body.data).toMatchObject({ status: 'resolved', statusLabel: '已办结' })
    const mine = (await t.resident1.get(`/api/v1/reports/${id}`)).body.data
    expect(mine.policies).toMatchObject({ rate: true, reopen: true, close: true, accept: false })
    expect(mine.reopenUntil).not.toBeNull()
    expect(mine.timeline.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'assigned', 'accepted', 'replied', 'resolved'])
    expect(mine.timeline[3]).toMatchObject({ actorRole: 'grid_worker', actorRoleLabel: '网格员', actorName: '王芳（网格员）', text: '明天上午维修师傅上门' })
    expect(mine.timeline[3].photos).toHaveLength(1)
    const rated = await act(t.resident1, id, 'rate', { satisfied: true, comment: '很及时' })
    expect(rated.body.data).toMatchObject({ status: 'closed', satisfied: true })
  })

  it('report photos are never public: the reporter and staff in scope read them, a neighbour does not', async () => {
    const photo = await uploadPhoto(t.srv, t.resident1)
    const home = await homeOf(t.srv, 'resident1')
    await fileReport(t.resident1, { categoryId: t.water, description: '厨房天花板渗水', photos: [photo], location: { householdId: home.id } })
    const { storageKey } = await t.srv.deps.db.upload.findUniqueOrThrow({ where: { id: photo } })
    const status = async (who: string) => (await (await t.api.login(who)).get(`/api/v1/files/${storageKey}`)).status
    expect(await status('resident1')).toBe(200)
    expect(await status('grid1')).toBe(200)
    expect(await status('leader1')).toBe(200)
    expect(await status('resident5')).toBe(404)
    expect(await status('grid2')).toBe(404)
    expect((await t.api.get(`/api/v1/files/${storageKey}`)).status).toBe(404)
  })

  it('a wrong transition is 409 with the caller\'s allowed actions', async () => {
    const id = await newReport()
    const r = await act(t.grid1, id, 'resolve', { text: '已处理', photos: [await uploadPhoto(t.srv, t.grid1)] })
    expect(r.status).toBe(409)
    expect(r.body.error.code).toBe('REPORT_STATE')
    expect(r.body.error.details.allowedActions.sort()).toEqual(['accept', 'reject', 'reply', 'requestInfo', 'transfer'])
    expect((await act(t.resident1, id, 'rate', { satisfied: true })).status).toBe(409)
  })

  it('policy: another grid\'s worker and another community\'s resident get 404; a neighbour 403 and only the public summary', async () => {
    const id = await newReport('家里卫生间漏水到楼下')
    expect((await (await t.api.login('grid2')).get(`/api/v1/reports/${id}`)).status).toBe(404)
    expect((await act(await t.api.login('grid2'), id, 'accept')).status).toBe(404)
    expect((await (await t.api.login('resident16')).get(`/api/v1/reports/${id}`)).status).toBe(404)
    const neighbour = await t.api.login('resident5')
    const seen = (await neighbour.get(`/api/v1/reports/${id}`)).body.data
    expect(seen).toMatchObject({ visibility: 'public', description: null, photos: [], reporter: null, excerpt: '' })
    expect(seen.location.address).not.toMatch(/室/)
    expect(JSON.stringify(seen)).not.toMatch(/王芳|139/)
    const refused = await act(neighbour, id, 'accept')
    expect(refused.status).toBe(403)
    expect(refused.body.error.message).toContain('承办人')
    const staffView = (await (await t.api.login('leader1')).get(`/api/v1/reports/${id}`)).body.data
    expect(staffView.reporter.name).toMatch(/\*/)
    expect(staffView.reporter.phoneMasked).toMatch(/\*{4}/)
    expect((await (await t.api.login('dept1')).get(`/api/v1/reports/${id}`)).status).toBe(404)
  })

  it('a department handler sees and handles only what is transferred to the department', async () => {
    const id = await newReport('小区门口占道经营')
    const dept1 = await t.api.login('dept1')
    expect((await dept1.get(`/api/v1/reports/${id}`)).status).toBe(404)
    const cg = await t.srv.deps.db.department.findUniqueOrThrow({ where: { code: 'NY-CG' } })
    const moved = await act(t.grid1, id, 'transfer', { departmentId: cg.id, reason: '属于城管职责' })
    expect(moved.status).toBe(200)
    expect(await messagedUsers(t.srv, id, 'report.assigned')).toContain('dept1')
    const inbox = (await dept1.get('/api/v1/reports?box=inbox&status=open')).body.data.map((r: { id: number }) => r.id)
    expect(inbox).toContain(id)
    expect((await act(dept1, id, 'accept')).body.data).toMatchObject({ status: 'accepted' })
    expect((await act(t.grid1, id, 'reply', { text: '我来问问' })).status).toBe(403)
    expect(fieldsOf(await act(dept1, id, 'transfer', { departmentId: 999999, reason: '不是我们' }))).toEqual(['departmentId'])
  })

  it('asking for information pauses the clock: the deadlines move by the working time spent waiting', async () => {
    const id = await newReport()
    const before = await t.srv.deps.db.report.findUniqueOrThrow({ where: { id } })
    const asked = await act(t.grid1, id, 'request-info', { question: '请问是哪个单元？' })
    expect(asked.body.data).toMatchObject({ status: 'awaiting_info', dueAt: null, policies: { accept: false } })
    expect((await t.resident1.get(`/api/v1/reports/${id}`)).body.data.policies.supplement).toBe(true)
    t.srv.clock.advance(3 * DAY)
    const answered = await act(t.resident1, id, 'supplement', { text: '2单元' })
    expect(answered.body.data.status).toBe('submitted')
    const after = await t.srv.deps.db.report.findUniqueOrThrow({ where: { id } })
    const event = await t.srv.deps.db.reportEvent.findFirstOrThrow({ where: { reportId: id, kind: 'supplemented' } })
    const paused = (event.data as { pausedMinutes: number }).pausedMinutes
    expect(paused).toBeGreaterThan(0)
    expect(after.acceptDueAt.getTime()).toBeGreaterThan(before.acceptDueAt.getTime())
    expect(after.dueAt!.getTime()).toBe(after.acceptDueAt.getTime())
    expect(after.resolveDueAt.getTime()).toBeGreaterThan(before.resolveDueAt.getTime())
    t.srv.clock.advance(-3 * DAY)
  })

  it('not satisfied → unsatisfied (never fixed); reopen within 7 days; after 7 days reopen is refused with the reason', async () => {
    const id = await newReport()
    await act(t.grid1, id, 'accept')
    await act(t.grid1, id, 'resolve', { text: '已疏通', photos: [await uploadPhoto(t.srv, t.grid1)] })
    const unhappy = await act(t.resident1, id, 'rate', { satisfied: false, comment: '还是漏' })
    expect(unhappy.body.data).toMatchObject({ status: 'unsatisfied', statusLabel: '办结不满意', satisfied: false })
    expect(await messagedUsers(t.srv, id, 'report.rated')).toEqual(['grid1', 'leader1'])
    const reopened = await act(t.resident1, id, 'reopen', { reason: '问题没有解决' })
    expect(reopened.body.data).toMatchObject({ status: 'accepted', satisfied: null })
    await act(t.grid1, id, 'resolve', { text: '换了整段管子', photos: [await uploadPhoto(t.srv, t.grid1)] })
    t.srv.clock.advance(8 * DAY)
    const late = await act(t.resident1, id, 'reopen', { reason: '又漏了' })
    expect(late.status).toBe(403)
    expect(late.body.error.message).toContain('7天')
    t.srv.clock.advance(-8 * DAY)
  })

  it('closing: a handler closes only after a "not satisfied" rating, which becomes 关闭未解决', async () => {
    const id = await newReport()
    await act(t.grid1, id, 'accept')
    await act(t.grid1, id, 'resolve', { text: '已处理', photos: [await uploadPhoto(t.srv, t.grid1)] })
    const early = await act(t.grid1, id, 'close')
    expect(early.status).toBe(403)
    await act(t.resident1, id, 'rate', { satisfied: false })
    expect((await act(t.grid1, id, 'close', { note: '居民家中管道属自有产权，已告知自行维修' })).body.data).toMatchObject({ status: 'closed_unfixed', statusLabel: '关闭未解决' })
  })

  it('reject with guidance; reassign by the leader to a worker of the grid only', async () => {
    const id = await newReport()
    const deputy = await createStaff(t.srv.deps.db, 'deputy1', 'grid_worker')
    await t.srv.deps.db.gridAssignment.create({ data: { gridId: t.srv.demo!.gridIds[0], userId: deputy.id, kind: 'deputy' } })
    const leader1 = await t.api.login('leader1')
    const options = (await leader1.get(`/api/v1/reports/${id}/assignees`)).body.data
    expect(options).toEqual([
      { id: t.srv.demo!.staffIds.grid1, name: '王芳（网格员）', note: '主网格员 · 当前承办', isCurrent: true },
      { id: deputy.id, name: 'deputy1', note: '协理', isCurrent: false },
    ])
    expect((await t.grid1.get(`/api/v1/reports/${id}/assignees`)).status).toBe(403)
    expect((await act(t.grid1, id, 'reassign', { assigneeId: deputy.id, reason: '换人' })).status).toBe(403)
    expect(fieldsOf(await act(leader1, id, 'reassign', { assigneeId: t.srv.demo!.staffIds.grid2, reason: '换人' }))).toEqual(['assigneeId'])
    const moved = await act(leader1, id, 'reassign', { assigneeId: deputy.id, reason: '王芳休假' })
    expect(moved.body.data.assignee).toMatchObject({ id: deputy.id })
    const deputyClient = await t.api.login('deputy1')
    expect((await act(deputyClient, id, 'reject', { reason: '属于个人产权，请联系物业或自行维修' })).body.data.status).toBe('rejected')
    const mine = (await t.resident1.get(`/api/v1/reports/${id}`)).body.data
    expect(mine.timeline.map((e: { kind: string }) => e.kind)).not.toContain('reassigned')
  })

  it('two handlers acting at once: exactly one accept wins', async () => {
    const id = await newReport()
    const leader1 = await t.api.login('leader1')
    const results = await Promise.all([act(t.grid1, id, 'accept'), act(leader1, id, 'accept'), act(t.grid1, id, 'accept')])
    expect(results.filter((r) => r.status === 200)).toHaveLength(1)
    expect(results.filter((r) => r.status === 409)).toHaveLength(2)
    expect(await t.srv.deps.db.reportEvent.count({ where: { reportId: id, kind: 'accepted' } })).toBe(1)
  })

  it('the inbox shows every change at once, though its pages are cached: new reports, steps, 附议, transfers, and deadlines passing', async () => {
    const inbox = async (who: Client) => (await who.get('/api/v1/reports?box=inbox&status=open&limit=100')).body.data as { id: number; status: string; supporterCount: number; isOverdue: boolean }[]
    const find = async (who: Client, id: number) => (await inbox(who)).find((r) => r.id === id)
    await inbox(t.grid1)
    const id = await newReport('井盖松动，有人差点绊倒')
    expect(await find(t.grid1, id)).toMatchObject({ status: 'submitted', supporterCount: 0 })
    await act(t.grid1, id, 'accept')
    expect(await find(t.grid1, id)).toMatchObject({ status: 'accepted' })
    await act(await t.api.login('resident5'), id, 'second')
    expect(await find(t.grid1, id)).toMatchObject({ supporterCount: 1 })
    const leader1 = await t.api.login('leader1')
    expect(await find(leader1, id)).toBeDefined()
    const grid3 = await t.srv.deps.db.grid.findUniqueOrThrow({ where: { id: t.srv.demo!.gridIds[2] } })
    await act(t.grid1, id, 'transfer', { gridId: grid3.id, reason: '位置在第三网格' })
    expect(await find(t.grid1, id)).toBeUndefined()
    expect(await find(await t.api.login('grid3'), id)).toMatchObject({ status: 'submitted' })
    expect(await find(leader1, id)).toMatchObject({ status: 'submitted' })
    // Nothing written, but its deadline passes: the cached page ends with it.
    const grid3Client = await t.api.login('grid3')
    expect((await find(grid3Client, id))!.isOverdue).toBe(false)
    t.srv.clock.advance(30 * DAY)
    expect((await find(grid3Client, id))!.isOverdue).toBe(true)
    t.srv.clock.advance(-30 * DAY)
  })

  it('the inbox is ordered by deadline and paged without repeats', async () => {
    for (let i = 0; i < 3; i++) await newReport(`第${i}件：井盖松动`)
    // Two finished ones (no deadline), so the pages cross from dated reports into undated ones.
    for (let i = 0; i < 2; i++) expect((await act(t.grid1, await newReport(`第${i}件：不属本网格`), 'reject', { reason: '经核实不属于本网格，已告知办理渠道' })).status).toBe(200)
    type Item = { id: number; dueAt: string | null; status: string }
    const walk = async (filter: string) => {
      const seen: Item[] = []
      let cursor: string | null = null
      do {
        const page: { body: { data: Item[]; page: { nextCursor: string | null } } } =
          await t.grid1.get(`/api/v1/reports?box=inbox&limit=2${filter}${cursor ? `&cursor=${cursor}` : ''}`)
        seen.push(...page.body.data)
        cursor = page.body.page.nextCursor
      } while (cursor)
      return seen
    }
    const all = await walk('')
    let last = 0
    for (const r of all) {
      const due = r.dueAt ? new Date(r.dueAt).getTime() : Number.MAX_SAFE_INTEGER
      expect(due).toBeGreaterThanOrEqual(last)
      last = due
    }
    expect(all.some((r) => r.dueAt === null) && all.some((r) => r.dueAt !== null)).toBe(true)
    const seen = all.map((r) => r.id)
    expect(new Set(seen).size).toBe(seen.length)
    // Filters give the same order, restricted.
    expect((await walk('&status=rejected')).map((r) => r.id)).toEqual(all.filter((r) => r.status === 'rejected').map((r) => r.id))
    expect((await walk('&overdue=false')).map((r) => r.id)).toEqual(all.filter((r) => r.dueAt === null || new Date(r.dueAt) >= t.srv.deps.now()).map((r) => r.id))
    expect(seen.length).toBe(await t.srv.deps.db.report.count({ where: { OR: [{ assigneeId: t.srv.demo!.staffIds.grid1 }, { gridId: t.srv.demo!.gridIds[0] }] } }))
    expect((await t.resident1.get('/api/v1/reports?box=inbox')).status).toBe(403)
  })
})
