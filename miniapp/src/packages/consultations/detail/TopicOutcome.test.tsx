import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { routerParams } from '../../../../test/mocks/taro'
import { fail, ok, outcome, page, topicDetail, vote } from '../../../../test/fixtures/consultations'
import { api, byId, route, signIn, type Call, type Reply } from '../../../../test/support'
import type { TopicDetailDto } from '../../../services/consultations'
import TopicDetailPage from '.'

beforeEach(() => {
  signIn()
  routerParams.current = { id: '5' }
})

const closedActs = { support: false, adopt: false, transition: false, opine: false, moderate: false, exportOpinions: false }
const voting = topicDetail(5, { state: 'voting', stateLabel: '表决中', decisionMethod: 'vote', decisionMethodLabel: '居民投票表决', allowedActions: closedActs })
const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST')

function serve(t: TopicDetailDto, answers: Record<string, () => Reply>, post?: (c: Call) => Reply) {
  return api((c) => {
    if (c.method === 'POST' && post) return post(c)
    const r = route(c).split('?')[0]
    if (r === '/consultations/5/opinions') return page([])
    return answers[r]?.() ?? ok(t)
  })
}

describe('议题详情: 居民表决', () => {
  it('casts a single-choice ballot after confirming and shows what I chose', async () => {
    const calls = serve(voting, { '/consultations/5/vote': () => ok(vote()) }, () => ok(vote({ myBallot: { choiceIds: [12], castBy: '测试用户', castByMe: true, castAt: '2026-12-02T00:00:00.000Z' }, allowedActions: { cast: false, setUp: false, close: false } }), 201))
    render(<TopicDetailPage />)
    await screen.findByText('装在东门')
    expect(byId('vote-status').textContent).toBe('投票中')
    fireEvent.click(byId('vote-submit'))
    expect(await screen.findByText('请先选择')).toBeTruthy()
    fireEvent.click(byId('vote-choice-11'))
    fireEvent.click(byId('vote-choice-12'))
    expect(byId('vote-choice-11').getAttribute('aria-checked')).toBe('false')
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true } as never)
    fireEvent.click(byId('vote-submit'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(vi.mocked(Taro.showModal).mock.calls[0][0]).toMatchObject({ content: '您选择了：装在西门。投票后不能修改。' })
    expect(posts(calls)).toHaveLength(0)
    fireEvent.click(byId('vote-submit'))
    await waitFor(() => expect(byId('my-ballot').textContent).toBe('您已投票：装在西门'))
    expect(route(posts(calls)[0])).toBe('/consultations/5/votes')
    expect(posts(calls)[0].data).toEqual({ choiceIds: [12] })
    expect(document.getElementById('vote-submit')).toBeNull()
  })

  it('a multiple-choice vote stops at maxChoices', async () => {
    const calls = serve(voting, { '/consultations/5/vote': () => ok(vote({ kind: 'multiple', kindLabel: '多选', maxChoices: 2 })) }, () => ok(vote(), 201))
    render(<TopicDetailPage />)
    await screen.findByText(/最多选2项/)
    for (const id of [11, 12, 13]) fireEvent.click(byId(`vote-choice-${id}`))
    expect(byId('vote-error').textContent).toBe('最多只能选2项')
    expect(byId('vote-choice-13').getAttribute('aria-checked')).toBe('false')
    fireEvent.click(byId('vote-submit'))
    await waitFor(() => expect(posts(calls)).toHaveLength(1))
    expect(posts(calls)[0].data).toEqual({ choiceIds: [11, 12] })
  })

  it('shows the 409 when my household has already voted', async () => {
    serve(voting, { '/consultations/5/vote': () => ok(vote()) }, () => fail(409, 'HOUSEHOLD_VOTED', '您家已有其他成员投过票了，每户只算第一次投的票'))
    render(<TopicDetailPage />)
    fireEvent.click(await screen.findByText('装在东门'))
    fireEvent.click(byId('vote-submit'))
    expect(await screen.findByText('您家已有其他成员投过票了，每户只算第一次投的票')).toBeTruthy()
  })

  it('per household, a resident of two homes picks which one votes', async () => {
    const home = (id: number, address: string) => ({ status: 'approved', household: { id, address, community: { id: 1, name: '青石社区' } } })
    const calls = serve(voting, {
      '/consultations/5/vote': () => ok(vote({ unit: 'per_household', unitLabel: '每户一票' })),
      '/me/households': () => ok([home(41, '1栋101'), home(42, '2栋202'), { ...home(43, '柳岸3栋'), household: { id: 43, address: '柳岸3栋', community: { id: 2, name: '柳岸社区' } } }]),
    }, () => ok(vote(), 201))
    render(<TopicDetailPage />)
    await screen.findByText('2栋202')
    expect(screen.queryByText('柳岸3栋')).toBeNull()
    fireEvent.click(byId('vote-choice-11'))
    fireEvent.click(byId('vote-submit'))
    expect(await screen.findByText('请选择代表哪一户投票')).toBeTruthy()
    fireEvent.click(byId('vote-home-42'))
    fireEvent.click(byId('vote-submit'))
    await waitFor(() => expect(posts(calls)).toHaveLength(1))
    expect(posts(calls)[0].data).toEqual({ choiceIds: [11], householdId: 42 })
  })

  it('before the vote is set up it says so', async () => {
    serve(voting, { '/consultations/5/vote': () => fail(409, 'NO_VOTE', '这个议题还没有设置投票') })
    render(<TopicDetailPage />)
    expect(await screen.findByText('投票规则还没有公布，请留意社区通知。')).toBeTruthy()
  })
})

describe('议题详情: 议定结果', () => {
  const decided = { ...voting, state: 'completed' as const, stateLabel: '已完成' }

  it('shows the totals, the decision, the actions with progress, and rates once after confirming', async () => {
    const results = vote({
      status: 'closed', statusLabel: '投票已结束', resultsVisible: true, eligibleCount: 200, ballotsCount: 120, turnoutPercent: 60, quorumReached: true, quorumPercent: 50,
      choices: [{ id: 11, label: '装在东门', count: 80 }, { id: 12, label: '装在西门', count: 30 }, { id: 13, label: '都不装', count: 10 }],
      outcome: '装在东门', allowedActions: { cast: false, setUp: false, close: false },
    })
    const done = outcome({
      state: 'completed', stateLabel: '已完成',
      actions: [{ id: 31, title: '安装充电桩', owner: '物业王经理', dueDate: '2026-12-20', status: 'completed', statusLabel: '已完成', completedAt: '2026-12-18T02:00:00.000Z', updates: [{ id: 1, body: '设备已到货', author: '居委会', createdAt: '2026-12-10T02:00:00.000Z' }] }],
      allowedActions: { decide: false, addAction: false, updateActions: false, rate: true },
    })
    const calls = serve(decided, { '/consultations/5/vote': () => ok(results), '/consultations/5/outcome': () => ok(done) }, () =>
      ok({ ...done, ratings: { ...done.ratings, total: 1, satisfactionRate: 100, mine: { rating: 'basic', label: '基本满意', comment: '挺好' } }, allowedActions: { ...done.allowedActions, rate: false } }, 201))
    render(<TopicDetailPage />)
    await screen.findByText('在东门装10个充电桩')
    expect(byId('vote-result-11').textContent).toContain('80 票')
    expect(byId('vote-results').textContent).toContain('共 120 票，应投 200，投票率 60%，达到有效比例')
    expect(within(byId('action-31')).getByText('已完成')).toBeTruthy()
    expect(byId('action-31').textContent).toContain('居委会：设备已到货')

    fireEvent.click(byId('rate-basic'))
    fireEvent.change(byId('rate-comment'), { target: { value: ' 挺好 ' } })
    fireEvent.click(byId('rate-submit'))
    await waitFor(() => expect(byId('my-rating').textContent).toBe('您的评价：基本满意，挺好'))
    expect(Taro.showModal).toHaveBeenCalledTimes(1)
    expect(route(posts(calls)[0])).toBe('/consultations/5/ratings')
    expect(posts(calls)[0].data).toEqual({ rating: 'basic', comment: '挺好' })
    expect(document.getElementById('rate-form')).toBeNull()
  })

  it('a topic decided at a meeting shows no vote', async () => {
    serve(topicDetail(5, { state: 'decided', stateLabel: '已议定', decisionMethod: 'meeting', allowedActions: closedActs }), { '/consultations/5/outcome': () => ok(outcome()) })
    render(<TopicDetailPage />)
    await screen.findByText('在东门装10个充电桩')
    expect(byId('decision').textContent).toContain('23 人')
    expect(document.getElementById('vote-card')).toBeNull()
    expect(document.getElementById('ratings')).toBeNull()
  })
})
