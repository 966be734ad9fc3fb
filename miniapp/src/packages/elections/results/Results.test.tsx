import { act, render, screen } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { routerParams, shareHandlers } from '../../../../test/mocks/taro'
import { api, byId, deferred, signIn } from '../../../../test/support'
import { roundResult } from '../testFixtures'
import ResultsPage from './index'

beforeEach(() => {
  signIn()
  routerParams.current = { id: '3' }
})

describe('选举结果', () => {
  it('shows turnout, validity, each candidate’s votes and outcome, the elected highlighted, ties and unfilled seats; an invalid round says so', async () => {
    const invalid = roundResult(10, { seq: 2, name: '正式选举（第2轮）', ballotsCast: 80, paperBallots: 5, turnout: 0.4, valid: false, contests: [] })
    api(() => ({ statusCode: 200, data: { data: [roundResult(9), invalid] } }))
    render(<ResultsPage />)
    expect((await screen.findByText('75%')).parentElement!.id).toBe('turnout-9')
    expect(byId('validity-9').textContent).toBe('选举有效')
    const elected = byId('result-candidate-11')
    expect(elected.className).toContain('result-row--elected')
    expect(elected.textContent).toContain('110票')
    expect(elected.textContent).toContain('网上90票 + 纸质20票')
    expect(elected.textContent).toContain('当选')
    expect(byId('result-candidate-12').className).not.toContain('elected')
    expect(byId('result-contest-6').textContent).toContain('票数相同')
    expect(byId('unfilled-6').textContent).toBe('2个席位未选出')
    expect(byId('tie-6')).toBeTruthy()
    expect(byId('round-summary-10').textContent).toContain('正式选举（第2轮）')
    expect(byId('turnout-10').textContent).toContain('40%')
    expect(byId('validity-10').textContent).toBe('参加投票人数未过半，选举无效')
  })

  it('before publication (no rounds yet) says 结果尚未公布, not an error', async () => {
    api(() => ({ statusCode: 200, data: { data: [] } }))
    render(<ResultsPage />)
    await screen.findByText('结果尚未公布')
    expect(screen.queryByText('加载失败')).toBeNull()
    expect(screen.queryByText('无权查看')).toBeNull()
  })

  it('shows a skeleton while the results are on their way', async () => {
    const reply = deferred()
    api(() => reply.promise)
    render(<ResultsPage />)
    expect(screen.getByRole('status', { name: '正在加载' })).toBeTruthy()
    expect(screen.queryByText('结果尚未公布')).toBeNull()
    await act(async () => reply.resolve({ statusCode: 200, data: { data: [roundResult(9)] } }))
    expect(screen.queryByRole('status', { name: '正在加载' })).toBeNull()
  })

  it('shared to someone outside the election’s community (404): 无权查看, not 结果尚未公布 nor an error', async () => {
    api(() => ({ statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '选举不存在或无权查看' } } }))
    render(<ResultsPage />)
    expect(await screen.findByText('无权查看')).toBeTruthy()
    expect(byId('no-access').textContent).toContain('这条选举结果不对您开放')
    expect(screen.queryByText('结果尚未公布')).toBeNull()
    expect(screen.queryByText('加载失败')).toBeNull()
  })

  it('is shared to friends and to 朋友圈 with the query that reopens these results', () => {
    api(() => ({ statusCode: 200, data: { data: [] } }))
    render(<ResultsPage />)
    expect(shareHandlers.message!()).toEqual({ title: '社区选举结果', path: '/packages/elections/results/index?id=3' })
    expect(shareHandlers.timeline!()).toEqual({ title: '社区选举结果', query: 'id=3' })
  })
})
