import { render, screen } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { routerParams } from '../../../../test/mocks/taro'
import { api, byId, signIn } from '../../../../test/support'
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

  it('before publication (403, or nothing yet) says 结果尚未公布, not an error', async () => {
    api(() => ({ statusCode: 403, data: { error: { code: 'FORBIDDEN', message: '结果公布后才能查看' } } }))
    const first = render(<ResultsPage />)
    await screen.findByText('结果尚未公布')
    expect(screen.queryByText('加载失败')).toBeNull()
    first.unmount()
    api(() => ({ statusCode: 200, data: { data: [] } }))
    render(<ResultsPage />)
    await screen.findByText('结果尚未公布')
  })
})
