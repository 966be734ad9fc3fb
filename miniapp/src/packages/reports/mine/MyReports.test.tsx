import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it } from 'vitest'
import { summaryReport } from '../../../../test/fixtures/reports'
import { api, byId, route, signIn } from '../../../../test/support'
import MyReportsPage from './index'

beforeEach(() => signIn())

describe('我的诉求', () => {
  it('lists my reports with the API labels, filters by 处理中/已办结, and opens one', async () => {
    const calls = api((c) => {
      const done = route(c).includes('status=done')
      return { statusCode: 200, data: { data: done ? [] : [summaryReport(4, { supporterCount: 3 }), summaryReport(5, { isMine: false, isOverdue: true })], page: { nextCursor: null } } }
    })
    render(<MyReportsPage />)
    await screen.findByText('诉求4的描述')
    expect(byId('report-4').textContent).toContain('处理中')
    expect(byId('report-4').textContent).toContain('3人附议')
    expect(byId('report-5').textContent).toContain('我附议的')
    expect(byId('report-5').className).toContain('report-item--overdue')
    fireEvent.click(byId('filter-done'))
    await screen.findByText('没有已办结的诉求')
    expect(calls.map(route)).toEqual(['/reports?limit=20&box=mine', '/reports?limit=20&status=done&box=mine'])
    fireEvent.click(byId('filter-all'))
    fireEvent.click(await screen.findByText('诉求4的描述'))
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/reports/detail/index?id=4' }))
  })

  it('says what to do when there is nothing yet', async () => {
    api(() => ({ statusCode: 200, data: { data: [], page: { nextCursor: null } } }))
    render(<MyReportsPage />)
    expect((await screen.findByText('还没有诉求')).textContent).toBeTruthy()
  })
})
