import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { saveSession } from '../../../stores/session'
import { summary } from '../reportFixtures'
import InboxPage from './index'
import { policies } from '../../../../test/support'

const mockRequest = vi.mocked(Taro.request)
type Call = { url: string; method: string }
const ok = (data: unknown, nextCursor?: string | null) => ({ statusCode: 200, header: {}, data: nextCursor === undefined ? { data } : { data, page: { nextCursor } } })
const byId = (id: string) => {
  const el = document.getElementById(id)
  if (!el) throw new Error(`#${id} not rendered`)
  return el
}
const inboxCalls = () => mockRequest.mock.calls.map(([o]) => (o as unknown as Call).url).filter((u) => u.includes('/reports?'))

const tree = [{
  id: 1, type: 'street', name: '青石街道', code: 's', children: [{
    id: 1, type: 'community', name: '青石社区', code: 'c', children: [
      { id: 1, type: 'grid', name: '第一网格', code: 'g1' }, { id: 2, type: 'grid', name: '第二网格', code: 'g2' },
    ],
  }],
}]
const categories = [{ id: 3, code: 'ss', name: '公共设施', description: '', handlingUnit: 'grid', department: null, acceptMinutes: 60, resolveMinutes: 600, clock: 'working', deadlineText: '' }]

function serve(rows: (url: string) => unknown[]) {
  mockRequest.mockImplementation((async (o: Call) => {
    if (o.url.includes('/report-categories')) return ok(categories)
    if (o.url.includes('/regions')) return ok(tree)
    return ok(rows(o.url), null)
  }) as never)
}

beforeEach(() => {
  saveSession({ accessToken: 'a', refreshToken: 'r-xxxxxxxxxxxxxxxxxxxxxxxx', expiresIn: 900, user: { id: 20, displayName: '网格长', roles: ['grid_leader'], isStaff: true, policies: policies() } })
})

describe('诉求工单 (inbox)', () => {
  it('lists open reports in the API order, the overdue one red with 「已超期」', async () => {
    const past = new Date(Date.now() - 3 * 3600_000).toISOString()
    const ahead = new Date(Date.now() + 2 * 3600_000 + 10 * 60_000).toISOString()
    serve(() => [
      summary(1, { dueAt: past, isOverdue: true, escalationLevel: 1, escalationLabel: '网格长' }),
      summary(2, { dueAt: ahead, status: 'accepted', statusLabel: '处理中' }),
    ])
    render(<InboxPage />)
    const first = await waitFor(() => byId('inbox-item-1'))
    expect(first.className).toContain('inbox-item--overdue')
    expect(byId('inbox-deadline-1').textContent).toBe('已超期 3小时')
    expect(within(first).getByText('网格长督办')).toBeTruthy()
    expect(byId('inbox-item-2').className).not.toContain('inbox-item--overdue')
    expect(byId('inbox-deadline-2').textContent).toBe('剩余 2小时')
    expect(within(byId('inbox-item-2')).getByText('处理中')).toBeTruthy()
    // the API's order is kept
    const ids = Array.from(byId('inbox-list').querySelectorAll('[id^="inbox-item-"]'), (e) => e.id)
    expect(ids).toEqual(['inbox-item-1', 'inbox-item-2'])
    expect(inboxCalls()[0]).toMatch(/box=inbox/)
    expect(inboxCalls()[0]).toMatch(/status=open/)
  })

  it('filters by state, category and grid, each starting the list over', async () => {
    serve((url) => (url.includes('overdue=true') ? [] : [summary(1)]))
    render(<InboxPage />)
    await waitFor(() => byId('inbox-item-1'))

    fireEvent.click(byId('inbox-state-overdue'))
    await waitFor(() => expect(screen.getByText('没有符合条件的工单')).toBeTruthy())
    expect(inboxCalls().at(-1)).toMatch(/status=open&.*overdue=true|overdue=true.*status=open/)

    fireEvent.click(byId('inbox-state-all'))
    await waitFor(() => byId('inbox-item-1'))
    expect(inboxCalls().at(-1)).not.toMatch(/status=/)

    fireEvent.click(await waitFor(() => byId('inbox-category-3')))
    await waitFor(() => expect(inboxCalls().at(-1)).toMatch(/categoryId=3/))
    fireEvent.click(await waitFor(() => byId('inbox-grid-2')))
    await waitFor(() => expect(inboxCalls().at(-1)).toMatch(/categoryId=3.*gridId=2/))
  })

  it('opens the report page from a row', async () => {
    serve(() => [summary(5)])
    render(<InboxPage />)
    fireEvent.click(await waitFor(() => byId('inbox-item-5')))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/workbench/report/index?id=5' })
  })

  it('says so honestly when nothing is waiting', async () => {
    serve(() => [])
    render(<InboxPage />)
    await waitFor(() => expect(screen.getByText('暂无待办工单')).toBeTruthy())
  })
})
