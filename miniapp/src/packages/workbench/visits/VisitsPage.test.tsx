import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { saveSession } from '../../../stores/session'
import VisitsPage from './index'
import { policies } from '../../../../test/support'

const mockRequest = vi.mocked(Taro.request)
type Call = { url: string; method: string; data: unknown; header: Record<string, string> }
const ok = (data: unknown, page?: { nextCursor: string | null }) => ({ statusCode: 200, header: {}, data: page ? { data, page } : { data } })
const byId = (id: string) => {
  const el = document.getElementById(id)
  if (!el) throw new Error(`#${id} not rendered`)
  return el
}
const calls = () => mockRequest.mock.calls.map(([o]) => o as unknown as Call)

const place = { id: 4, address: '青石苑 1栋 1单元 101', grid: { id: 1, name: '第一网格' } }
const dueItem = { household: place, flags: [{ flag: 'elderly_alone', label: '独居老人' }], lastVisitedOn: '2026-10-12' }
const visit = (id: number, notes: string) => ({
  id, visitedOn: '2026-12-01', kind: 'door', kindLabel: '入户走访', notes, followUps: null, household: place, worker: { id: 9, name: '网格员一' }, createdAt: '2026-12-01T02:00:00.000Z',
})

const options = {
  kinds: [{ value: 'door', label: '入户走访' }, { value: 'phone', label: '电话联系' }],
  careFlags: [{ value: 'elderly_alone', label: '独居老人' }, { value: 'migrant', label: '流动人口' }],
  monthlyTarget: 15,
}

function serve(grids: object[], opts: { due?: () => object[] } = {}) {
  mockRequest.mockImplementation((async (o: Call) => {
    if (o.method === 'POST' && o.url.endsWith('/visits')) return { statusCode: 201, header: {}, data: { data: visit(50, (o.data as { notes: string }).notes) } }
    if (o.method === 'PUT') return ok({ householdId: 4, flags: [] })
    if (o.url.endsWith('/me')) return ok({ user: { id: 9 }, grids })
    if (o.url.includes('/visits/options')) return ok(options)
    if (o.url.includes('/visits/due')) return ok(opts.due ? opts.due() : [dueItem])
    if (o.url.includes('/visits')) return ok([visit(1, '上次走访，一切正常')], { nextCursor: null })
    return { statusCode: 404, header: {}, data: { error: { code: 'NOT_FOUND', message: '未找到' }, requestId: 'r' } }
  }) as never)
}

beforeEach(() => {
  saveSession({ accessToken: 'a', refreshToken: 'r-xxxxxxxxxxxxxxxxxxxxxxxx', expiresIn: 900, user: { id: 9, displayName: '网格员一', roles: ['grid_worker'], isStaff: true, policies: policies() } })
})

describe('民情日志 (visits)', () => {
  it('lists the 五必访 households due with the API labels, and records a visit for one of them', async () => {
    let dueCalls = 0
    serve([{ id: 1, name: '第一网格', communityId: 1, kind: 'primary', onDuty: true }], { due: () => (++dueCalls === 1 ? [dueItem] : []) })
    render(<VisitsPage />)
    const item = await waitFor(() => byId('due-4'))
    expect(within(item).getByText('独居老人')).toBeTruthy()
    expect(within(item).getByText(/上次走访 2026-10-12/)).toBeTruthy()
    await waitFor(() => byId('visit-1'))

    fireEvent.click(await waitFor(() => byId('due-4-visit')))
    expect(byId('visit-household-label').textContent).toBe('青石苑 1栋 1单元 101')
    expect(byId('visit-kind-phone').textContent).toBe('电话联系')
    fireEvent.click(byId('visit-kind-phone'))
    fireEvent.change(byId('visit-notes'), { target: { value: '电话问候，老人身体良好' } })
    fireEvent.click(byId('visit-submit'))

    await waitFor(() => byId('visit-50'))
    const post = calls().find((c) => c.method === 'POST')!
    expect(post.data).toMatchObject({ householdId: 4, kind: 'phone', notes: '电话问候，老人身体良好' })
    expect(post.header['Idempotency-Key']).toBeTruthy()
    expect(document.getElementById('visit-form')).toBeNull()
    await waitFor(() => expect(screen.getByText('本月五必访已全部走访')).toBeTruthy())
  })

  it('names what is missing before asking the API', async () => {
    serve([{ id: 1, name: '第一网格', communityId: 1, kind: 'primary', onDuty: true }])
    render(<VisitsPage />)
    fireEvent.click(await waitFor(() => byId('visit-new')))
    fireEvent.click(byId('visit-submit'))
    expect(screen.getByText('请填写走访记录')).toBeTruthy()
    expect(calls().some((c) => c.method === 'POST')).toBe(false)
  })

  it('saves 五必访 flags chosen from the options the API sends', async () => {
    serve([{ id: 1, name: '第一网格', communityId: 1, kind: 'primary', onDuty: true }])
    render(<VisitsPage />)
    fireEvent.click(await waitFor(() => byId('due-4-flags')))
    expect(byId('due-4-flag-migrant').textContent).toBe('流动人口')
    fireEvent.click(byId('due-4-flag-migrant'))
    fireEvent.click(byId('due-4-flags-save'))
    await waitFor(() => expect(calls().some((c) => c.method === 'PUT')).toBe(true))
    expect(calls().find((c) => c.method === 'PUT')).toMatchObject({ url: expect.stringMatching(/\/households\/4\/care-flags$/), data: { flags: ['elderly_alone', 'migrant'] } })
  })

  it('offers no 记录走访 to staff without a grid of their own (leaders read the log)', async () => {
    serve([])
    render(<VisitsPage />)
    await waitFor(() => byId('visit-1'))
    expect(document.getElementById('visit-new')).toBeNull()
    expect(document.getElementById('due-4-visit')).toBeNull()
  })
})
