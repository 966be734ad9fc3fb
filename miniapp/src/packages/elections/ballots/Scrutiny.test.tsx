import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { routerParams } from '../../../../test/mocks/taro'
import { api, byId, route, signIn, type Call } from '../../../../test/support'
import type { BallotListDto, RoundResultDto } from '../../../services/elections'
import { roundResult } from '../testFixtures'
import ScrutinyPage from './index'

beforeEach(() => {
  signIn()
  routerParams.current = { id: '3', round: '9' }
})

/** Round 9 counted: 主任 张建国 2 online, 李秀兰 0; 委员 王芳 1, 赵强 `zhao`. */
function counted(zhao = 2): RoundResultDto {
  const r = roundResult(9)
  const [head, member] = r.contests
  return {
    ...r,
    contests: [
      { ...head!, candidates: [{ ...head!.candidates[0]!, onlineVotes: 2 }, { ...head!.candidates[1]!, onlineVotes: 0 }] },
      { ...member!, candidates: [{ ...member!.candidates[0]!, onlineVotes: 1 }, { ...member!.candidates[1]!, onlineVotes: zhao }] },
    ],
  }
}
const PAGE1: BallotListDto['ballots'] = [
  { id: 'a1b2c3d4-0000-4000-8000-000000000001', choices: [{ contestId: 5, candidateId: 11 }, { contestId: 6, candidateId: 21 }, { contestId: 6, candidateId: 22 }] },
  { id: 'ffee0011-0000-4000-8000-000000000002', choices: [{ contestId: 5, candidateId: 11 }, { contestId: 6, candidateId: 22 }] },
]
const PAGE2: BallotListDto['ballots'] = [{ id: '0badcafe-0000-4000-8000-000000000003', choices: [] }]

/** Three ballots in two pages (the second after cursor c1). */
function serve(zhao = 2) {
  return api((c: Call) => {
    const second = route(c).includes('cursor=c1')
    const list: BallotListDto = { round: counted(zhao), ballotCount: 3, ballots: second ? PAGE2 : PAGE1 }
    return { statusCode: 200, data: { data: list, page: { nextCursor: second ? null : 'c1' } } }
  })
}

describe('监票：核对选票', () => {
  it('refuses anyone but a scrutineer with the API’s message and no retry', async () => {
    const calls = api(() => ({ statusCode: 403, data: { error: { code: 'NOT_SCRUTINEER', message: '只有本次选举的监票人可以查看选票' } } }))
    render(<ScrutinyPage />)
    await waitFor(() => byId('scrutiny-refused'))
    expect(byId('scrutiny-refused').textContent).toContain('只有本次选举的监票人可以查看选票')
    expect(route(calls[0]!)).toBe('/elections/3/rounds/9/ballots?limit=100')
    expect(screen.queryByText('重试')).toBeNull()
    expect(document.getElementById('scrutiny')).toBeNull()
  })

  it('says the round has not closed yet on 409 ROUND_NOT_CLOSED', async () => {
    api(() => ({ statusCode: 409, data: { error: { code: 'ROUND_NOT_CLOSED', message: '本轮投票尚未结束' } } }))
    render(<ScrutinyPage />)
    await waitFor(() => expect(byId('scrutiny-not-closed').textContent).toContain('这一轮投票还没有结束'))
  })

  it('shows the count and the ballots by short id with names (空白 for none), pages by cursor, and the recount agrees once all are loaded', async () => {
    const calls = serve()
    render(<ScrutinyPage />)
    await screen.findByText('选票 a1b2c3d4')
    expect(byId('scrutiny-totals').textContent).toContain('正式选举 计票结果')
    expect(byId('scrutiny-cast').textContent).toContain('150人（其中纸质选票30张）')
    expect(byId('scrutiny-ballot-count').textContent).toContain('3张')
    expect(byId('scrutiny-contest-5').textContent).toContain('110票（网上2 + 纸质20）')
    const first = byId('ballot-a1b2c3d4-0000-4000-8000-000000000001').textContent
    expect(first).toContain('主任张建国')
    expect(first).toContain('委员王芳、赵强')
    expect(byId('recount-22').textContent).toBe('赵强选票上2票 / 计票网上2票')
    expect(byId('recount-verdict').textContent).toBe('已核对 2 / 3 张选票。请点「加载更多」核对其余选票。')

    fireEvent.click(byId('load-more'))
    await screen.findByText('选票 0badcafe')
    expect(route(calls[1]!)).toBe('/elections/3/rounds/9/ballots?limit=100&cursor=c1')
    expect(byId('ballot-0badcafe-0000-4000-8000-000000000003').textContent).toBe('选票 0badcafe主任空白委员空白')
    expect(screen.getByText('选票 ffee0011')).toBeTruthy()
    expect(byId('recount-verdict').textContent).toBe('已核对全部 3 张选票，与计票结果一致')
    expect(byId('recount-verdict').className).toContain('banner--ok')
  })

  it('states a difference plainly when the ballots do not add up to the published online votes', async () => {
    serve(3)
    render(<ScrutinyPage />)
    await screen.findByText('选票 a1b2c3d4')
    expect(byId('recount-verdict').className).toContain('banner--info')
    fireEvent.click(byId('load-more'))
    await waitFor(() => expect(byId('recount-verdict').className).toContain('banner--error'))
    expect(byId('recount-verdict').textContent).toBe('已核对全部 3 张选票，与计票结果不一致：赵强：选票上 2 票，计票结果网上 3 票，少 1 票。请联系社区选举工作人员。')
    expect(byId('recount-22').textContent).toContain('（不一致）')
    expect(byId('recount-11').textContent).not.toContain('不一致')
  })
})
