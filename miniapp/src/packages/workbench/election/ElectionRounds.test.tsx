import { fireEvent, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it, vi } from 'vitest'
import { byId, route } from '../../../../test/support'
import { electionDetail, ok, openElectionPage as open, posts, round, roundResult, serve, type } from './electionFixtures'

const CLOSED_ROLL = '2026-11-28T02:00:00Z'
const modalText = (i: number) => JSON.stringify(vi.mocked(Taro.showModal).mock.calls[i]![0])

describe('管理选举: the polling station', () => {
  it('registers a paper voter picked from the roll, after a confirmation', async () => {
    const calls = serve(() => electionDetail({ phase: 'formal', phaseLabel: '正式选举', rollClosedAt: CLOSED_ROLL, rounds: [round()] }, { count: true, markPaper: true, manageScrutineers: true }),
      () => ok({ voterId: 52, round: 21, channel: 'paper' }))
    open()
    await waitFor(() => byId('round-21-paper'))
    fireEvent.click(byId('round-21-paper'))
    await waitFor(() => byId('paper-voter-52'))
    fireEvent.click(byId('paper-voter-52'))
    await waitFor(() => expect(posts(calls)).toHaveLength(1))
    expect(modalText(0)).toContain('登记后此人不能再在线投票')
    expect(route(posts(calls)[0]!)).toBe('/elections/1/rounds/21/paper-voters')
    expect(posts(calls)[0]!.data).toEqual({ voterId: 52 })
    await waitFor(() => expect(byId('round-21-marked').textContent).toContain('李*（5栋）'))
  })

  it('registers a paper voter by the number on the paper roll', async () => {
    const calls = serve(() => electionDetail({ phase: 'formal', phaseLabel: '正式选举', rollClosedAt: CLOSED_ROLL, rounds: [round()] }, { count: true, markPaper: true }))
    open()
    await waitFor(() => byId('round-21-paper'))
    fireEvent.click(byId('round-21-paper'))
    type('paper-voter-number', '51')
    fireEvent.click(byId('paper-voter-submit'))
    await waitFor(() => expect(posts(calls)).toHaveLength(1))
    expect(posts(calls)[0]!.data).toEqual({ voterId: 51 })
  })

  it('ends the current phase early only after a confirmation', async () => {
    const detail = electionDetail({ phase: 'registration', phaseLabel: '选民登记' }, { manageRoll: true, manageScrutineers: true, closePhase: true })
    detail.phases = detail.phases.map((p) => (p.phase === 'registration' ? { ...p, openedAt: '2026-11-21T02:00:00Z' } : p))
    const calls = serve(() => detail)
    open()
    await waitFor(() => byId('close-phase'))
    fireEvent.click(byId('close-phase'))
    await waitFor(() => expect(posts(calls)).toHaveLength(1))
    expect(Taro.showModal).toHaveBeenCalledTimes(1)
    expect(route(posts(calls)[0]!)).toBe('/elections/1/phases/registration/close')
  })
})

describe('管理选举: 另行选举', () => {
  it('creates a further round for the tied or unfilled contests, then opens it', async () => {
    let created = false
    const tied = roundResult({ contests: [
      { contestId: 11, name: '主任', seats: 1, filled: 1, unfilled: 0, tie: false, candidates: [] },
      { contestId: 12, name: '委员', seats: 2, filled: 1, unfilled: 1, tie: true, candidates: [] },
    ] })
    const rounds = () => [round({ status: 'counted', statusLabel: '已计票' }), ...(created ? [round({ id: 22, seq: 2, name: '正式选举（第2轮）', status: 'scheduled', statusLabel: '未开始' })] : [])]
    const calls = serve(
      () => electionDetail({ phase: 'counting', phaseLabel: '计票', rollClosedAt: CLOSED_ROLL, rounds: rounds() }, { addRound: !created, openRound: created, manageScrutineers: true }),
      (c) => {
        if (route(c) === '/elections/1/rounds') created = true
        return ok(round({ id: 22, seq: 2, status: created ? 'scheduled' : 'open' }))
      },
      { results: () => [tied] },
    )
    open()
    await waitFor(() => byId('add-round'))
    expect(document.getElementById('add-round-contest-11')).toBeNull()
    expect(byId('add-round-contest-12').getAttribute('aria-checked')).toBe('true')
    fireEvent.click(byId('add-round'))
    await waitFor(() => expect(posts(calls)).toHaveLength(1))
    expect(route(posts(calls)[0]!)).toBe('/elections/1/rounds')
    expect(posts(calls)[0]!.data).toEqual({ contestIds: [12] })

    await waitFor(() => byId('round-22-open'))
    expect(document.getElementById('round-21-open')).toBeNull()
    fireEvent.click(byId('round-22-open'))
    await waitFor(() => expect(posts(calls)).toHaveLength(2))
    expect(route(posts(calls)[1]!)).toBe('/elections/1/rounds/22/open')
  })
})

describe('管理选举: people', () => {
  it('names a scrutineer from the roll and removes one after a confirmation', async () => {
    let named = false
    const calls = serve(() => electionDetail({ phase: 'nomination', phaseLabel: '报名', rollClosedAt: CLOSED_ROLL }, { manageScrutineers: true, nominate: true }),
      (c) => { if (c.method === 'POST' && route(c) === '/elections/1/scrutineers') named = true; return ok({}) },
      { scrutineers: () => (named ? [{ userId: 8, name: '张建明', buildingLabel: '3栋', createdAt: CLOSED_ROLL }] : []) })
    open()
    await waitFor(() => byId('scrutineer-add'))
    fireEvent.click(byId('scrutineer-add'))
    await waitFor(() => byId('scrutineer-pick-51'))
    fireEvent.click(byId('scrutineer-pick-51'))
    await waitFor(() => expect(posts(calls)).toHaveLength(1))
    expect(posts(calls)[0]!.data).toEqual({ voterId: 51 })
    await waitFor(() => byId('scrutineer-8-remove'))
    fireEvent.click(byId('scrutineer-8-remove'))
    await waitFor(() => expect(posts(calls)).toHaveLength(2))
    expect(route(posts(calls)[1]!)).toBe('/elections/1/scrutineers/8/remove')
    expect(Taro.showModal).toHaveBeenCalledTimes(2)
  })

  it('nominates a voter for a contest during 报名', async () => {
    const calls = serve(() => electionDetail({ phase: 'nomination', phaseLabel: '报名', rollClosedAt: CLOSED_ROLL }, { manageScrutineers: true, nominate: true }))
    open()
    await waitFor(() => byId('candidate-nominate'))
    fireEvent.click(byId('candidate-nominate'))
    fireEvent.click(byId('nominate-submit'))
    expect(within(byId('nominate-user')).getByText('请查找并点选被提名的居民（也可填用户编号）')).toBeTruthy()
    type('nominate-user', '88')
    fireEvent.click(byId('nominate-contest-12'))
    type('nominate-statement', '热心公益')
    fireEvent.click(byId('nominate-submit'))
    await waitFor(() => expect(posts(calls)).toHaveLength(1))
    expect(route(posts(calls)[0]!)).toBe('/elections/1/candidates')
    expect(posts(calls)[0]!.data).toEqual({ contestId: 12, statement: '热心公益', userId: 88 })
  })

  it('adds a voter by hand with a reason and shows the API’s warnings', async () => {
    const calls = serve(() => electionDetail({ phase: 'registration', phaseLabel: '选民登记' }, { manageRoll: true }),
      () => ok({ id: 53, maskedName: '王*', buildingLabel: '7栋', source: 'staff', sourceLabel: '工作人员补登', addedReason: '新迁入', removedAt: null, removedReason: null, eligible: false, warnings: ['未完成实名核验'] }))
    open()
    await waitFor(() => byId('voter-add'))
    fireEvent.click(byId('voter-add'))
    type('add-user', '90')
    type('add-reason', '新迁入本社区')
    fireEvent.click(byId('add-confirm'))
    await waitFor(() => expect(posts(calls)).toHaveLength(1))
    expect(route(posts(calls)[0]!)).toBe('/elections/1/roll')
    expect(posts(calls)[0]!.data).toEqual({ userId: 90, reason: '新迁入本社区' })
    await waitFor(() => expect(byId('add-warnings').textContent).toContain('未完成实名核验'))
  })
})
