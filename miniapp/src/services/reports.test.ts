import { beforeEach, describe, expect, it } from 'vitest'
import { api, route, signIn } from '../../test/support'
import * as reports from './reports'

beforeEach(() => signIn())

const ok = (data: unknown, page?: unknown) => ({ statusCode: 200, data: page ? { data, page } : { data } })

describe('services/reports', () => {
  it('files a report with the Idempotency-Key it was given, so a retry reuses it', async () => {
    const calls = api(() => ({ statusCode: 201, data: { data: { id: 5 } } }))
    const input = { categoryId: 2, description: '楼道灯坏了三天', location: { householdId: 9 }, photos: [1] }
    await reports.createReport(input, 'draft-key-1')
    await reports.createReport(input, 'draft-key-1')
    expect(calls.map((c) => [c.method, route(c), c.header['Idempotency-Key']])).toEqual([
      ['POST', '/reports', 'draft-key-1'], ['POST', '/reports', 'draft-key-1'],
    ])
    expect(calls[0].data).toEqual(input)
  })

  it('lists each box with its own box value, dropping empty filters', async () => {
    const calls = api(() => ok([{ id: 1 }], { nextCursor: 'c2' }))
    await expect(reports.listMyReports({ status: 'open' })).resolves.toEqual({ items: [{ id: 1 }], nextCursor: 'c2' })
    await reports.listInboxReports({ overdue: true, gridId: 3, cursor: 'c2' })
    await reports.listCommunityReports({ cursor: null })
    expect(calls.map(route)).toEqual([
      '/reports?status=open&box=mine',
      '/reports?overdue=true&gridId=3&cursor=c2&box=inbox',
      '/reports?box=community',
    ])
  })

  it('asks for nearby open reports of the category by household, building or point', async () => {
    const calls = api(() => ok([]))
    await reports.listNearbyReports({ categoryId: 2, householdId: 9 })
    await reports.listNearbyReports({ categoryId: 2, lat: 31.2, lng: 121.4 })
    expect(calls.map(route)).toEqual(['/reports/nearby?categoryId=2&householdId=9', '/reports/nearby?categoryId=2&lat=31.2&lng=121.4'])
  })

  it('posts every action to /reports/:id/<action> with its body', async () => {
    const calls = api(() => ok({ id: 4 }))
    await reports.secondReport(4)
    await reports.acceptReport(4)
    await reports.replyReport(4, { text: '已联系物业' })
    await reports.requestReportInfo(4, { question: '具体几楼？' })
    await reports.supplementReport(4, { text: '3楼' })
    await reports.transferReport(4, { departmentId: 2, reason: '属市政管理' })
    await reports.resolveReport(4, { text: '已更换灯泡', photos: [8] })
    await reports.rejectReport(4, { reason: '请拨打12345' })
    await reports.rateReport(4, { satisfied: true })
    await reports.reopenReport(4, { reason: '灯又坏了' })
    await reports.closeReport(4)
    await reports.reassignReport(4, { assigneeId: 6, reason: '请假' })
    expect(calls.map((c) => `${c.method} ${route(c)}`)).toEqual(
      ['second', 'accept', 'reply', 'request-info', 'supplement', 'transfer', 'resolve', 'reject', 'rate', 'reopen', 'close', 'reassign']
        .map((a) => `POST /reports/4/${a}`),
    )
    expect(calls[6].data).toEqual({ text: '已更换灯泡', photos: [8] })
    expect(calls[10].data).toEqual({})
  })

  it('reads categories and one report', async () => {
    const calls = api(() => ok([]))
    await reports.listReportCategories()
    await reports.getReport(12)
    expect(calls.map(route)).toEqual(['/report-categories', '/reports/12'])
  })
})
