import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { saveSession } from '../../../stores/session'
import { shanghaiParts } from '../../../utils/time'
import FiguresPage from './index'
import { shiftMonth } from './format'
import { policies } from '../../../../test/support'

const mockRequest = vi.mocked(Taro.request)
const ok = (data: unknown) => ({ statusCode: 200, header: {}, data: { data } })
const byId = (id: string) => {
  const el = document.getElementById(id)
  if (!el) throw new Error(`#${id} not rendered`)
  return el
}
const urls = () => mockRequest.mock.calls.map(([o]) => (o as unknown as { url: string }).url)

const figures = (over: object = {}) => ({
  reports: { received: 12, accepted: 10, resolved: 8, open: 4, overdueOpen: 1 },
  acceptedOnTimeRate: 0.9, resolvedOnTimeRate: 0.875, satisfactionRate: null, fixedRate: 0.8, visits: { thisMonth: 6, target: 15 },
  ...over,
})
const period = { month: '2026-12', from: '', to: '' }
const tree = [{ id: 1, type: 'street', name: '街道', code: 's', children: [{ id: 3, type: 'community', name: '青石社区', code: 'c', children: [] }] }]

function login(role: string, offered: 'ownFigures' | 'gridRanking') {
  saveSession({ accessToken: 'a', refreshToken: 'r-xxxxxxxxxxxxxxxxxxxxxxxx', expiresIn: 900, user: { id: 9, displayName: '某人', roles: [role], isStaff: true, policies: policies(offered) } })
}

beforeEach(() => {
  mockRequest.mockImplementation((async (o: { url: string }) => {
    if (o.url.includes('/report-stats/grids')) {
      return ok({
        period, community: { id: 3, name: '青石社区' }, scoreRule: '考核得分 = 100 ×（…）',
        grids: [
          { ...figures(), grid: { id: 1, name: '第一网格' }, score: 88.5, rank: 1 },
          { ...figures({ acceptedOnTimeRate: null, resolvedOnTimeRate: null }), grid: { id: 2, name: '第二网格' }, score: null, rank: 2 },
        ],
      })
    }
    if (o.url.includes('/report-stats')) return ok({ ...figures(), period, scope: { kind: 'me', id: 9, name: '网格员一' } })
    if (o.url.includes('/regions')) return ok(tree)
    return { statusCode: 404, header: {}, data: { error: { code: 'NOT_FOUND', message: '未找到' }, requestId: 'r' } }
  }) as never)
})

describe('考核 (figures)', () => {
  it("shows a grid worker's own rates, no data as a dash, and visits against the target", async () => {
    login('grid_worker', 'ownFigures')
    render(<FiguresPage />)
    await waitFor(() => expect(byId('figure-accepted').textContent).toContain('90%'))
    expect(byId('figure-resolved').textContent).toContain('87.5%')
    expect(byId('figure-satisfaction').textContent).toContain('—')
    expect(byId('figure-visits').textContent).toContain('6/15')
    expect(document.getElementById('figures-ranking')).toBeNull()
    expect(urls()[0]).toMatch(/\/report-stats\?scope=me&month=\d{4}-\d{2}$/)
  })

  it('steps back a month and asks for that month', async () => {
    login('grid_worker', 'ownFigures')
    render(<FiguresPage />)
    await waitFor(() => byId('figure-accepted'))
    fireEvent.click(byId('figures-prev-month'))
    const previous = shiftMonth(shanghaiParts(new Date()).date.slice(0, 7), -1)
    await waitFor(() => expect(urls().at(-1)).toContain(`month=${previous}`))
  })

  it("ranks a leader's grids with the API's score rule, and opens one grid's figures", async () => {
    login('grid_leader', 'gridRanking')
    render(<FiguresPage />)
    const first = await waitFor(() => byId('rank-1'))
    expect(first.textContent).toContain('88.5分')
    expect(byId('rank-2').textContent).toContain('无数据')
    expect(screen.getByText('考核得分 = 100 ×（…）')).toBeTruthy()
    expect(urls().find((u) => u.includes('/report-stats/grids'))).toMatch(/communityId=3/)
    fireEvent.click(first)
    expect(byId('grid-figures-1-accepted').textContent).toContain('90%')
    expect(document.getElementById('figures-mine')).toBeNull()
  })
})
