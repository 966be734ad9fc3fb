import { fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import { api, byId, route, signIn } from '../../../../test/support'
import ElectionManagePage from './index'

const election = (id: number, phase: string, phaseLabel: string) =>
  ({ id, communityId: 3, title: `第${id}届换届选举`, phase, phaseLabel, electionDay: '2026-12-20', version: 0, createdAt: '2026-11-20T02:00:00Z' })

describe('选举管理', () => {
  it('lists the community’s elections, drafts included, and opens one or a new draft', async () => {
    signIn(['committee'])
    const calls = api(() => ({ statusCode: 200, data: { data: [election(2, 'draft', '草稿'), election(1, 'registration', '选民登记')], page: { nextCursor: null } } }))
    render(<ElectionManagePage />)
    await waitFor(() => byId('election-2'))
    expect(route(calls[0]!)).toMatch(/^\/elections(\?|$)/)
    expect(byId('election-2').textContent).toContain('草稿')
    expect(byId('election-1').textContent).toContain('选民登记')
    fireEvent.click(byId('election-1'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/workbench/election/index?id=1' })
    fireEvent.click(byId('election-new'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/workbench/election-edit/index' })
  })

  it('says so when there is no election yet, and offers a retry when the list fails', async () => {
    signIn(['committee'])
    let fail = true
    api(() => (fail
      ? { statusCode: 500, data: { error: { code: 'INTERNAL', message: '服务器开小差了' }, requestId: 'r-1' } }
      : { statusCode: 200, data: { data: [], page: { nextCursor: null } } }))
    render(<ElectionManagePage />)
    await waitFor(() => expect(document.body.textContent).toContain('服务器开小差了'))
    fail = false
    fireEvent.click(document.querySelector('.state__retry')!)
    await waitFor(() => expect(document.body.textContent).toContain('还没有选举'))
  })
})
