import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runReportDeadlines } from '../src/jobs/reportDeadlines.ts'
import { startTestServer, type TestServer } from './support/server.ts'

const MIN = 60_000
const DAY = 24 * 60 * MIN

describe('report deadline job (warn, escalate, auto-close)', () => {
  let srv: TestServer
  let categoryId: number
  let householdId: number
  let departmentId: number
  const ids = () => srv.demo!.staffIds

  /**
   * A report as the lead's action service leaves it (see the column rules): submitted with the accept
   * deadline in `acceptIn`, assigned to grid1 of the first grid. On a category that runs on the clock,
   * so the test does not depend on the weekday it runs on.
   */
  async function createReport(over: { acceptIn?: number; status?: 'submitted' | 'accepted' | 'awaiting_info' | 'resolved' | 'unsatisfied' | 'rejected' } & Record<string, unknown> = {}) {
    const { acceptIn = 60 * MIN, status = 'submitted', ...rest } = over
    const now = srv.clock.now()
    const acceptDueAt = new Date(now.getTime() + acceptIn)
    const resolveDueAt = new Date(acceptDueAt.getTime() + 240 * MIN)
    const d = srv.demo!
    const r = await srv.deps.db.report.create({
      data: {
        reporterId: d.residentIds.resident1, categoryId, description: '楼道灯坏了好几天', status, locationKind: 'household', householdId,
        gridId: d.gridIds[0], communityId: d.communityIds[0], streetId: d.streetId, handlingUnit: 'grid', assigneeId: ids().grid1,
        acceptDueAt, resolveDueAt, dueAt: acceptDueAt, escalateAt: acceptDueAt, createdAt: now, ...rest,
      },
    })
    return r.id
  }
  const events = (reportId: number, kind: string) =>
    srv.deps.db.reportEvent.findMany({ where: { reportId, kind }, orderBy: { id: 'asc' } })
  const messages = (reportId: number, kind: string) =>
    srv.deps.db.message.findMany({ where: { kind, resourceType: 'report', resourceId: { startsWith: `${reportId}:` } }, orderBy: { id: 'asc' } })
  const run = (now = srv.clock.now()) => runReportDeadlines(srv.deps, now)
  const report = (id: number) => srv.deps.db.report.findUniqueOrThrow({ where: { id } })

  beforeAll(async () => {
    srv = await startTestServer()
    const { db } = srv.deps
    categoryId = (await db.reportCategory.create({ data: { code: 'test_clock', name: '测试加急', acceptMinutes: 60, resolveMinutes: 240, clock: 'calendar' } })).id
    householdId = (await db.household.findFirstOrThrow({ where: { gridId: srv.demo!.gridIds[0] } })).id
    departmentId = (await db.userRole.findFirstOrThrow({ where: { userId: srv.demo!.staffIds.dept1 } })).scopeId
  })
  afterAll(async () => srv.close())

  it('warns the assignee once, 30 minutes before the accept deadline, and again before the resolve deadline', async () => {
    const id = await createReport({ acceptIn: 60 * MIN })
    await run()
    expect(await events(id, 'warned')).toHaveLength(0)
    srv.clock.advance(31 * MIN)
    await run()
    await run()
    srv.clock.advance(MIN)
    await run()
    const warned = await events(id, 'warned')
    expect(warned).toHaveLength(1)
    expect(warned[0]).toMatchObject({ isInternal: true, actorRole: 'system', actorId: null })
    const msgs = await messages(id, 'report.warned')
    expect(msgs.map((m) => m.userId)).toEqual([ids().grid1])
    expect(msgs[0].title).toBe('诉求即将超期')
    const r = await report(id)
    expect(r.warnedDueAt).toEqual(r.dueAt)
    // Accepted in time: the resolve deadline is the one now running (as the action service sets it).
    await srv.deps.db.report.update({ where: { id }, data: { status: 'accepted', acceptedAt: srv.clock.now(), acceptedLate: false, dueAt: r.resolveDueAt, escalateAt: r.resolveDueAt } })
    await run()
    expect(await events(id, 'warned')).toHaveLength(1)
    srv.clock.advance(r.resolveDueAt.getTime() - srv.clock.now().getTime() - 10 * MIN)
    await run()
    await run()
    expect(await events(id, 'warned')).toHaveLength(2)
    expect((await messages(id, 'report.warned'))[1].body).toContain('办结时限')
  })

  it("warns a department's handlers when a department item has no assignee", async () => {
    const id = await createReport({ acceptIn: 20 * MIN, handlingUnit: 'department', departmentId, assigneeId: null })
    await run()
    expect((await messages(id, 'report.warned')).map((m) => m.userId)).toEqual([ids().dept1])
  })

  it('escalates an overdue report level by level, telling each new level, and stops at the street', async () => {
    const id = await createReport({ acceptIn: 60 * MIN })
    srv.clock.advance(59 * MIN)
    await run()
    expect((await report(id)).escalationLevel).toBe(0)
    const recipients = async () => (await messages(id, 'report.escalated')).map((m) => m.userId)

    srv.clock.advance(2 * MIN)
    const t = srv.clock.now()
    await run(t)
    await run(t)
    let r = await report(id)
    expect(r.escalationLevel).toBe(1)
    expect(r.escalateAt).toEqual(new Date(t.getTime() + 60 * MIN))
    const [first] = await events(id, 'escalated')
    expect(first).toMatchObject({ text: '已超期，升级至网格长督办', isInternal: false, actorRole: 'system' })
    expect(await recipients()).toEqual([ids().leader1])

    srv.clock.advance(61 * MIN)
    await run()
    r = await report(id)
    expect(r.escalationLevel).toBe(2)
    expect((await events(id, 'escalated'))[1].text).toBe('已超期，升级至社区督办')
    expect(await recipients()).toEqual([ids().leader1, ids().committee1])

    srv.clock.advance(61 * MIN)
    await run()
    r = await report(id)
    expect(r).toMatchObject({ escalationLevel: 3, escalateAt: null })
    expect((await events(id, 'escalated'))[2].text).toBe('已超期，升级至街道督办')
    expect(await recipients()).toEqual([ids().leader1, ids().committee1, ids().street1])

    srv.clock.advance(DAY)
    await run()
    expect(await events(id, 'escalated')).toHaveLength(3)
    expect(r.status).toBe('submitted')
  })

  it('never warns or escalates a paused report; after the answer the shifted deadline counts', async () => {
    const id = await createReport({ acceptIn: 60 * MIN })
    const before = await report(id)
    // request-info: both deadlines stop (column rules: due_at and escalate_at NULL, paused_at set).
    await srv.deps.db.report.update({ where: { id }, data: { status: 'awaiting_info', pausedFrom: 'submitted', pausedAt: srv.clock.now(), dueAt: null, escalateAt: null } })
    srv.clock.advance(3 * DAY)
    await run()
    expect(await events(id, 'escalated')).toHaveLength(0)
    expect(await events(id, 'warned')).toHaveLength(0)
    // supplement: the deadlines move on by the time paused (here 3 days on the clock).
    const shifted = new Date(before.acceptDueAt.getTime() + 3 * DAY)
    await srv.deps.db.report.update({
      where: { id },
      data: { status: 'submitted', pausedFrom: null, pausedAt: null, acceptDueAt: shifted, resolveDueAt: new Date(before.resolveDueAt.getTime() + 3 * DAY), dueAt: shifted, escalateAt: shifted },
    })
    srv.clock.advance(50 * MIN)
    await run()
    expect(await events(id, 'escalated')).toHaveLength(0)
    expect(await events(id, 'warned')).toHaveLength(1)
    srv.clock.advance(11 * MIN)
    await run()
    expect(await events(id, 'escalated')).toHaveLength(1)
  })

  it('closes a report 7 days after resolving: closed when satisfied or unrated, closed_unfixed when unsatisfied', async () => {
    const at = srv.clock.now()
    const finished = { resolvedAt: at, resolvedLate: false, dueAt: null, escalateAt: new Date(at.getTime() + 7 * DAY) }
    const resolved = await createReport({ status: 'resolved', ...finished })
    const unsatisfied = await createReport({ status: 'unsatisfied', satisfied: false, ratedAt: at, ...finished })
    const rejected = await createReport({ status: 'rejected', dueAt: null, escalateAt: null })
    srv.clock.advance(7 * DAY - MIN)
    await run()
    expect((await report(resolved)).status).toBe('resolved')
    srv.clock.advance(2 * MIN)
    const t = srv.clock.now()
    await run(t)
    await run(t)
    expect(await report(resolved)).toMatchObject({ status: 'closed', closedAt: t, escalateAt: null })
    expect(await report(unsatisfied)).toMatchObject({ status: 'closed_unfixed', escalateAt: null })
    expect((await report(rejected)).status).toBe('rejected')
    for (const id of [resolved, unsatisfied]) {
      const closed = await events(id, 'closed')
      expect(closed).toHaveLength(1)
      expect(closed[0]).toMatchObject({ text: '办结 7 天后自动关闭', actorRole: 'system', isInternal: false })
      expect((await messages(id, 'report.closed')).map((m) => m.userId)).toEqual([srv.demo!.residentIds.resident1])
    }
    expect((await messages(unsatisfied, 'report.closed'))[0].body).toContain('未解决')
  })

  it('two runners at once warn and escalate each report exactly once', async () => {
    const warnIds = await Promise.all(Array.from({ length: 8 }, () => createReport({ acceptIn: 20 * MIN })))
    const dueIds = await Promise.all(Array.from({ length: 8 }, () => createReport({ acceptIn: -MIN })))
    const open = { status: { in: ['submitted' as const, 'accepted' as const] } }
    const now = srv.clock.now()
    const expectEscalated = await srv.deps.db.report.count({ where: { ...open, escalateAt: { lte: now } } })
    const [a, b] = await Promise.all([run(now), run(now)])
    expect(a.escalated + b.escalated).toBe(expectEscalated)
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
