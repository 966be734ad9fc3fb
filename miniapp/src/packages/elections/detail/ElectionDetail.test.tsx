import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { routerParams } from '../../../../test/mocks/taro'
import { api, byId, route, signIn, type Call } from '../../../../test/support'
import { actions, candidate, electionDetail, phases, round } from '../testFixtures'
import ElectionDetailPage from './index'

beforeEach(() => {
  signIn()
  routerParams.current = { id: '3' }
})

const ok = (data: unknown) => ({ statusCode: 200, data: { data } })
const ACTION_IDS = ['go-vote', 'go-signup', 'go-object', 'go-board', 'go-results']
const shownActions = () => ACTION_IDS.filter((id) => document.getElementById(id))

/** Answers the detail with `detail` and the candidates with `cands`; POSTs go to `post`. */
function serve(detail: ReturnType<typeof electionDetail>, cands = [candidate(41)], post?: (c: Call) => { statusCode: number; data: unknown }) {
  return api((c) => {
    if (c.method === 'POST' && post) return post(c)
    if (route(c) === '/elections/3/candidates') return ok(cands)
    return ok(detail)
  })
}

describe('选举详情', () => {
  it('shows the phase timeline with the current phase, the conditions, the rules and the contests; no action the API does not allow', async () => {
    serve(electionDetail(3, { phases: phases('nomination') }))
    render(<ElectionDetailPage />)
    await screen.findByText('第3届居民委员会换届选举')
    expect(byId('phase-nomination').getAttribute('aria-current')).toBe('step')
    expect(byId('phase-nomination').className).toContain('phase--current')
    expect(byId('phase-nomination').textContent).toContain('报名（进行中）')
    expect(byId('phase-registration').getAttribute('aria-current')).toBeNull()
    expect(byId('phase-registration').textContent).toContain('已结束')
    expect(byId('election-rules-text').textContent).toBe('选民过半数参加投票选举有效，候选人获得参加投票的选民过半数的选票始得当选')
    expect(byId('election-conditions').textContent).toContain('年满18周岁')
    expect(byId('contest-6').textContent).toContain('应选2人')
    expect(byId('my-roll-status').textContent).toBe('您在选民名单上')
    expect(shownActions()).toEqual([])
    expect(byId('go-roll')).toBeTruthy()
    expect((await screen.findByText('候选人41')).textContent).toBe('候选人41')
  })

  it('offers 去投票, 报名参选 and 异议 only when allowed; 去投票 opens the open round’s ballot', async () => {
    serve(electionDetail(3, { onRoll: true, rounds: [round(9)], allowedActions: actions({ vote: true, signUp: true, object: true }) }))
    render(<ElectionDetailPage />)
    await screen.findByText('去投票')
    expect(shownActions()).toEqual(['go-vote', 'go-signup', 'go-object'])
    fireEvent.click(byId('go-vote'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/elections/ballot/index?id=3&round=9' })
    fireEvent.click(byId('go-object'))
    expect(vi.mocked(Taro.navigateTo).mock.calls[1][0].url).toBe('/packages/elections/roll/index?id=3&object=1')
  })

  it('after voting says 您已投票; a closed round links its board; published shows results; an archived election shows no actions', async () => {
    serve(electionDetail(3, {
      phase: 'published', phaseLabel: '已公布', publishedAt: '2026-12-21T02:00:00.000Z',
      rounds: [round(9, { status: 'counted', statusLabel: '已计票', voted: true })],
      allowedActions: actions({ vote: true, signUp: true, object: true }),
    }), [candidate(41, { mine: true, allowedActions: { withdraw: true, review: false } })])
    render(<ElectionDetailPage />)
    expect((await screen.findByText('本次选举已结束并归档')).id).toBe('election-archived')
    expect(shownActions()).toEqual(['go-board', 'go-results'])
    expect(document.getElementById('withdraw-41')).toBeNull()
    fireEvent.click(byId('go-board'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/elections/board/index?id=3&round=9' })

    serve(electionDetail(3, { rounds: [round(9, { voted: true })], allowedActions: actions({ vote: false }) }))
    render(<ElectionDetailPage />)
    await waitFor(() => expect(screen.getAllByText('您已投票')).toHaveLength(1))
  })

  it('报名参选: asks for a contest, sends contest, statement and photo-less body after confirming, shows a field error of a 422', async () => {
    let answer: { statusCode: number; data: unknown } = { statusCode: 422, data: { error: { code: 'VALIDATION_FAILED', message: '输入有误', details: { fields: [{ field: 'statement', message: '竞选陈述不能超过1000个字' }] } } } }
    const calls = serve(electionDetail(3, { phase: 'nomination', allowedActions: actions({ signUp: true }) }), [], () => answer)
    render(<ElectionDetailPage />)
    fireEvent.click(await screen.findByText('报名参选'))
    fireEvent.click(byId('signup-submit'))
    expect(byId('signup-field-contest').textContent).toContain('请选择要竞选的职位')
    fireEvent.click(byId('signup-contest-6'))
    fireEvent.change(byId('signup-statement'), { target: { value: ' 为邻居跑腿 ' } })
    fireEvent.click(byId('signup-submit'))
    await waitFor(() => expect(byId('signup-field-statement').textContent).toContain('竞选陈述不能超过1000个字'))
    expect(vi.mocked(Taro.showModal).mock.calls[0][0]).toMatchObject({ content: expect.stringContaining('委员') })
    const post = calls.find((c) => c.method === 'POST')!
    expect(route(post)).toBe('/elections/3/candidates')
    expect(post.data).toEqual({ contestId: 6, statement: '为邻居跑腿' })

    answer = { statusCode: 201, data: { data: candidate(50, { mine: true, status: 'pending', statusLabel: '待审查' }) } }
    fireEvent.click(byId('signup-submit'))
    await waitFor(() => expect(document.getElementById('signup-form')).toBeNull())
  })

  it('my candidacy shows its status and the review reason; 退出参选 asks first, then withdraws', async () => {
    const mine = candidate(41, { mine: true, status: 'pending', statusLabel: '待审查', reviewReason: '请补充居住证明', allowedActions: { withdraw: true, review: false } })
    const calls = serve(electionDetail(3), [mine, candidate(42)], () => ok({ ...mine, status: 'withdrawn' }))
    render(<ElectionDetailPage />)
    expect((await screen.findByText('审查意见：请补充居住证明')).className).toBe('item__meta')
    expect(byId('candidacy-41').textContent).toContain('待审查')
    expect(document.getElementById('withdraw-42')).toBeNull()
    vi.mocked(Taro.showModal).mockImplementationOnce(async () => ({ confirm: false, cancel: true, errMsg: 'showModal:ok' }))
    fireEvent.click(byId('withdraw-41'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(calls.some((c) => c.method === 'POST')).toBe(false)
    fireEvent.click(byId('withdraw-41'))
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST').map(route)).toEqual(['/elections/3/candidates/41/withdraw']))
  })

  it('a scrutineer gets 监票：核对选票 for each closed or counted round, to the scrutiny page; others do not', async () => {
    const rounds = [round(8, { status: 'counted', statusLabel: '已计票', name: '初步选举' }), round(9, { status: 'closed', statusLabel: '已结束' }), round(10, { status: 'open' })]
    serve(electionDetail(3, { rounds, scrutineer: true }))
    render(<ElectionDetailPage />)
    await screen.findByText('监票：核对正式选举选票')
    expect(byId('go-scrutiny-8').textContent).toBe('监票：核对初步选举选票')
    expect(document.getElementById('go-scrutiny-10')).toBeNull()
    fireEvent.click(byId('go-scrutiny-9'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/elections/ballots/index?id=3&round=9' })
  })

  it('a resident who is not a scrutineer sees no 监票 button', async () => {
    serve(electionDetail(3, { rounds: [round(9, { status: 'counted', statusLabel: '已计票' })], scrutineer: false }))
    render(<ElectionDetailPage />)
    await screen.findByText('查看回执码公示')
    expect(document.querySelector('[id^="go-scrutiny-"]')).toBeNull()
  })

  it('shows 我的回执码 for a round I voted in when it is saved on this phone, and nothing otherwise', async () => {
    Taro.setStorageSync('election-receipt:3:9', 'K7M3QX9A2B4C')
    Taro.setStorageSync('election-receipt:3:10', '23456789ABCD')
    serve(electionDetail(3, { rounds: [round(9, { status: 'closed', statusLabel: '已结束', voted: true }), round(10, { voted: false }), round(11, { voted: true })] }))
    render(<ElectionDetailPage />)
    await waitFor(() => byId('my-tracker-9'))
    expect(byId('my-tracker-9').textContent).toBe('我的回执码：K7M3 QX9A 2B4C')
    expect(document.getElementById('my-tracker-10')).toBeNull()
    expect(document.getElementById('my-tracker-11')).toBeNull()
    expect(byId('voted-11').textContent).toBe('您已投票')
  })
})
