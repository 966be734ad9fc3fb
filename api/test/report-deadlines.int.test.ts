import { describe, expect, it } from 'vitest'
import { runReportDeadlines } from '../src/jobs/reportDeadlines.ts'
import { Client } from './support/client.ts'
import { useFixture } from './support/fixture.ts'
import { fileReport, homeOf, uploadPhoto } from './support/reports.ts'
import { startTestServer } from './support/server.ts'

const MIN = 60_000

describe('report deadline job (warn, escalate, auto-close)', () => {
  const ids = () => fx.srv.demo!.staffIds

  /**
   * Files a report through the API as resident1 (routed to grid1). The category runs on the clock
   * (accept 60 min, resolve 240 min), so the test does not depend on the weekday it runs on.
   */
  async function fileOne(category = fx.categoryId): Promise<number> {
    const r = await fileReport(fx.resident1, { categoryId: category, description: '楼道灯坏了好几天', location: { householdId: fx.householdId } })
    if (r.status !== 201) throw new Error(`filing failed: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body.data.id
  }
  const act = async (who: Client, id: number, action: string, body: Record<string, unknown> = {}) => {
    const r = await who.post(`/api/v1/reports/${id}/${action}`, body)
    if (r.status !== 200) throw new Error(`${action} failed: ${r.status} ${JSON.stringify(r.body)}`)
    return r.body.data
  }
  /** A report the lead's resolve step has finished (resolved_at now, auto-close in 7 days). */
  async function resolvedOne(): Promise<number> {
    const id = await fileOne()
    await act(fx.grid1, id, 'accept')
    await act(fx.grid1, id, 'resolve', { text: '已更换灯泡', photos: [await uploadPhoto(fx.srv, fx.grid1)] })
    return id
  }
  const events = (reportId: number, kind: string) =>
    fx.srv.deps.db.reportEvent.findMany({ where: { reportId, kind }, orderBy: { id: 'asc' } })
  const messages = (reportId: number, kind: string) =>
    fx.srv.deps.db.message.findMany({ where: { kind, resourceType: 'report', resourceId: { startsWith: `${reportId}:` } }, orderBy: { id: 'asc' } })
  const run = (now = fx.srv.clock.now()) => runReportDeadlines(fx.srv.deps, now)
  const report = (id: number) => fx.srv.deps.db.report.findUniqueOrThrow({ where: { id } })

  const fx = useFixture(async () => {
    const srv = await startTestServer()
    const { db } = srv.deps
    const categoryId: number = (await db.reportCategory.create({ data: { code: 'test_clock', name: '测试加急', acceptMinutes: 60, resolveMinutes: 240, clock: 'calendar' } })).id
    const departmentId = (await db.userRole.findFirstOrThrow({ where: { userId: srv.demo!.staffIds.dept1 } })).scopeId
    const deptCategoryId: number = (await db.reportCategory.create({
      data: { code: 'test_dept', name: '测试部门', handlingUnit: 'department', departmentId, acceptMinutes: 20, resolveMinutes: 240, clock: 'calendar' },
    })).id
    const householdId: number = (await homeOf(srv, 'resident1')).id
    const api = new Client(srv.baseUrl)
    const resident1 = await api.login('resident1')
    const grid1 = await api.login('grid1')
    return { srv, categoryId, deptCategoryId, householdId, resident1, grid1 }
  })

  it('warns the assignee once, 30 minutes before the accept deadline, and again before the resolve deadline', async () => {
    const id = await fileOne()
    await run()
    expect(await events(id, 'warned')).toHaveLength(0)
    fx.srv.clock.advance(31 * MIN)
    await run()
    await run()
    fx.srv.clock.advance(MIN)
    await run()
    const warned = await events(id, 'warned')
    expect(warned).toHaveLength(1)
    expect(warned[0]).toMatchObject({ isInternal: true, actorRole: 'system', actorId: null })
    const msgs = await messages(id, 'report.warned')
    expect(msgs.map((m) => m.userId)).toEqual([ids().grid1])
    expect(msgs[0]).toMatchObject({ title: '诉求即将超期', link: `/packages/workbench/report/index?id=${id}` })
    expect(msgs[0].body).toContain('受理时限')
    const r = await report(id)
    expect(r.warnedDueAt).toEqual(r.dueAt)
    // Accepted in time: the resolve deadline is the one now running.
    await act(fx.grid1, id, 'accept')
    await run()
    expect(await events(id, 'warned')).toHaveLength(1)
    fx.srv.clock.advance(r.resolveDueAt.getTime() - fx.srv.clock.now().getTime() - 10 * MIN)
    await run()
    await run()
    expect(await events(id, 'warned')).toHaveLength(2)
    expect((await messages(id, 'report.warned'))[1].body).toContain('办结时限')
  })

  it("warns a department's handlers when a department item has no assignee", async () => {
    const id = await fileOne(fx.deptCategoryId)
    expect((await report(id)).assigneeId).toBeNull()
    await run()
    expect((await messages(id, 'report.warned')).map((m) => m.userId)).toEqual([ids().dept1])
  })

  it('escalates an overdue report level by level, telling each new level, and stops at the street', async () => {
    const id = await fileOne()
    fx.srv.clock.advance(59 * MIN)
    await run()
    expect((await report(id)).escalationLevel).toBe(0)
    const recipients = async () => (await messages(id, 'report.escalated')).map((m) => m.userId)

    fx.srv.clock.advance(2 * MIN)
    const t = fx.srv.clock.now()
    await run(t)
    await run(t)
    let r = await report(id)
    expect(r.escalationLevel).toBe(1)
    expect(r.escalateAt).toEqual(new Date(t.getTime() + 60 * MIN))
    const [first] = await events(id, 'escalated')
    expect(first).toMatchObject({ text: '已超期，升级至网格长督办', isInternal: false, actorRole: 'system' })
    expect(await recipients()).toEqual([ids().leader1])
    // The resident's timeline shows it, and the handler's inbox flags it overdue.
    const detail = (await fx.resident1.get(`/api/v1/reports/${id}`)).body.data
    expect(detail).toMatchObject({ escalationLevel: 1, escalationLabel: '网格长', isOverdue: true })
    expect(detail.timeline.map((e: { kind: string }) => e.kind)).toContain('escalated')

    fx.srv.clock.advance(61 * MIN)
    await run()
    r = await report(id)
    expect(r.escalationLevel).toBe(2)
    expect((await events(id, 'escalated'))[1].text).toBe('已超期，升级至社区督办')
    expect(await recipients()).toEqual([ids().leader1, ids().committee1])

    fx.srv.clock.advance(61 * MIN)
    await run()
    r = await report(id)
    expect(r).toMatchObject({ escalationLevel: 3, escalateAt: null, status: 'submitted' })
    expect((await events(id, 'escalated'))[2].text).toBe('已超期，升级至街道督办')
    expect(await recipients()).toEqual([ids().leader1, ids().committee1, ids().street1])

    fx.srv.clock.advance(1440 * MIN)
    await run()
    expect(await events(id, 'escalated')).toHaveLength(3)
  })

  it('never warns or escalates a paused report; after the answer the shifted deadline counts', async () => {
    const id = await fileOne()
    fx.srv.clock.advance(10 * MIN)
    await act(fx.grid1, id, 'request-info', { question: '具体是几单元几楼的灯？' })
    fx.srv.clock.advance(3 * 1440 * MIN)
    await run()
    expect(await events(id, 'escalated')).toHaveLength(0)
    expect(await events(id, 'warned')).toHaveLength(0)
    await act(fx.resident1, id, 'supplement', { text: '2单元3楼到5楼' })
    // 50 of the 60 accept minutes remain: warned 30 minutes before, escalated once they are used up.
    fx.srv.clock.advance(25 * MIN)
    await run()
    expect(await events(id, 'warned')).toHaveLength(1)
    expect(await events(id, 'escalated')).toHaveLength(0)
    fx.srv.clock.advance(26 * MIN)
    await run()
    expect(await events(id, 'escalated')).toHaveLength(1)
  })

  it('closes a report 7 days after resolving: closed when unrated, closed_unfixed when unsatisfied, telling the reporter', async () => {
    const resolved = await resolvedOne()
    const unsatisfied = await resolvedOne()
    await act(fx.resident1, unsatisfied, 'rate', { satisfied: false, comment: '灯还是不亮' })
    fx.srv.clock.advance(7 * 1440 * MIN - MIN)
    await run()
    expect((await report(resolved)).status).toBe('resolved')
    fx.srv.clock.advance(2 * MIN)
    const t = fx.srv.clock.now()
    await run(t)
    await run(t)
    expect(await report(resolved)).toMatchObject({ status: 'closed', closedAt: t, escalateAt: null })
    expect(await report(unsatisfied)).toMatchObject({ status: 'closed_unfixed', escalateAt: null, satisfied: false })
    for (const id of [resolved, unsatisfied]) {
      const closed = await events(id, 'closed')
      expect(closed).toHaveLength(1)
      expect(closed[0]).toMatchObject({ text: '办结 7 天后自动关闭', actorRole: 'system', isInternal: false })
      expect((await messages(id, 'report.closed')).map((m) => m.userId)).toEqual([fx.srv.demo!.residentIds.resident1])
    }
    expect((await messages(unsatisfied, 'report.closed'))[0].body).toContain('未解决')
  })

  it('two runners at once warn and escalate each report exactly once', async () => {
    const dueIds = await Promise.all(Array.from({ length: 8 }, () => fileOne()))
    fx.srv.clock.advance(61 * MIN)
    const warnIds = await Promise.all(Array.from({ length: 8 }, () => fileOne(fx.deptCategoryId)))
    const now = fx.srv.clock.now()
    const expectEscalated = await fx.srv.deps.db.report.count({ where: { status: { in: ['submitted', 'accepted'] }, escalateAt: { lte: now } } })
    const expectWarned = await fx.srv.deps.db.report.count({
      where: { status: { in: ['submitted', 'accepted'] }, dueAt: { gt: now, lte: new Date(now.getTime() + 30 * MIN) } },
    })
    const [a, b] = await Promise.all([run(now), run(now)])
    expect(a.escalated + b.escalated).toBe(expectEscalated)
    expect(a.warned + b.warned).toBe(expectWarned)
    for (const id of dueIds) {
      expect(await events(id, 'escalated')).toHaveLength(1)
      expect((await messages(id, 'report.escalated')).map((m) => m.userId)).toEqual([ids().leader1])
      expect((await report(id)).escalationLevel).toBe(1)
    }
    for (const id of warnIds) {
      expect(await events(id, 'warned')).toHaveLength(1)
      expect(await messages(id, 'report.warned')).toHaveLength(1)
    }
  })
})
