import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { saveSession } from '../../../stores/session'
import { detail } from '../reportFixtures'
import PatrolPage from './index'
import { policies } from '../../../../test/support'

const mockRequest = vi.mocked(Taro.request)
type Call = { url: string; method: string; data: unknown; header: Record<string, string> }
const ok = (data: unknown, statusCode = 200) => ({ statusCode, header: {}, data: { data } })
const byId = (id: string) => {
  const el = document.getElementById(id)
  if (!el) throw new Error(`#${id} not rendered`)
  return el
}
const posts = () => mockRequest.mock.calls.map(([o]) => o as unknown as Call).filter((c) => c.method === 'POST')

const me = (grids: { id: number; name: string; communityId: number }[]) => ({ user: { id: 9 }, grids: grids.map((g) => ({ ...g, kind: 'primary', onDuty: true })) })
const categories = [{ id: 2, code: 'ss', name: '公共设施', description: '', handlingUnit: 'grid', department: null, acceptMinutes: 60, resolveMinutes: 600, clock: 'working', deadlineText: '受理时限 1 个工作小时' }]
const buildings = [{ id: 31, estate: '青石苑', name: '1栋', gridId: 1 }, { id: 32, estate: '青石苑', name: '2栋', gridId: 2 }]

function serve(grids: { id: number; name: string; communityId: number }[], onPost?: (c: Call) => { statusCode: number; header: object; data: unknown }) {
  mockRequest.mockImplementation((async (o: Call) => {
    if (o.method === 'POST') return onPost ? onPost(o) : ok(detail(88, {}), 201)
    if (o.url.endsWith('/me')) return ok(me(grids))
    if (o.url.includes('/report-categories')) return ok(categories)
    if (o.url.includes('/communities/1/buildings')) return ok(buildings)
    return { statusCode: 404, header: {}, data: { error: { code: 'NOT_FOUND', message: '未找到' }, requestId: 'r' } }
  }) as never)
}

beforeEach(() => {
  saveSession({ accessToken: 'a', refreshToken: 'r-xxxxxxxxxxxxxxxxxxxxxxxx', expiresIn: 900, user: { id: 9, displayName: '网格员一', roles: ['grid_worker'], isStaff: true, policies: policies() } })
})

describe('巡查上报 (patrol)', () => {
  it('offers the buildings of my own grid only and files an accepted patrol report there', async () => {
    serve([{ id: 1, name: '第一网格', communityId: 1 }])
    render(<PatrolPage />)
    fireEvent.click(await waitFor(() => byId('patrol-category-2')))
    expect(screen.getByText('受理时限 1 个工作小时')).toBeTruthy()
    fireEvent.click(await waitFor(() => byId('patrol-building-31')))
    expect(document.getElementById('patrol-building-32')).toBeNull()
    fireEvent.change(byId('patrol-description'), { target: { value: '1栋东侧井盖缺失' } })
    fireEvent.click(byId('patrol-submit'))

    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/workbench/report/index?id=88' }))
    expect(posts()).toHaveLength(1)
    expect(posts()[0].data).toEqual({ categoryId: 2, description: '1栋东侧井盖缺失', location: { buildingId: 31 }, patrol: true })
    expect(posts()[0].header['Idempotency-Key']).toBeTruthy()
  })

  it('names what is missing without asking the API', async () => {
    serve([{ id: 1, name: '第一网格', communityId: 1 }])
    render(<PatrolPage />)
    fireEvent.click(await waitFor(() => byId('patrol-submit')))
    expect(screen.getByText('请选择问题类别')).toBeTruthy()
    expect(screen.getByText('请选择问题位置')).toBeTruthy()
    expect(posts()).toHaveLength(0)
  })

  it('shows the API field error and retries with the same key', async () => {
    let n = 0
    serve([{ id: 1, name: '第一网格', communityId: 1 }], () => {
      n += 1
      return n === 1
        ? { statusCode: 0 as never, header: {}, data: null }
        : { statusCode: 400, header: {}, data: { error: { code: 'VALIDATION', message: '输入有误', details: { fields: [{ field: 'body.description', message: '问题描述至少5个字' }] } }, requestId: 'r' } }
    })
    render(<PatrolPage />)
    fireEvent.click(await waitFor(() => byId('patrol-category-2')))
    fireEvent.click(await waitFor(() => byId('patrol-building-31')))
    fireEvent.change(byId('patrol-description'), { target: { value: '井盖' } })
    fireEvent.click(byId('patrol-submit'))
    await waitFor(() => expect(byId('patrol-error')).toBeTruthy())
    fireEvent.click(byId('patrol-submit'))
    await waitFor(() => expect(screen.getByText('问题描述至少5个字')).toBeTruthy())
    expect(posts()[0].header['Idempotency-Key']).toBe(posts()[1].header['Idempotency-Key'])
  })

  it('explains that patrol is for grid workers when I have no grid', async () => {
    serve([])
    render(<PatrolPage />)
    await waitFor(() => expect(screen.getByText('您没有负责的网格')).toBeTruthy())
  })
})
