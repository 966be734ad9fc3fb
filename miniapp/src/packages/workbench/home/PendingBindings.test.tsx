import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import type { BindingDto } from '../../../services/types'
import { saveSession } from '../../../stores/session'
import PendingBindings from './PendingBindings'
import { policies } from '../../../../test/support'

const mockRequest = vi.mocked(Taro.request)

function binding(id: number, policies: BindingDto['policies'], over: Partial<BindingDto> = {}): BindingDto {
  return {
    id,
    status: 'pending',
    statusLabel: '待审核',
    relation: 'family',
    relationLabel: '家属',
    reason: null,
    createdAt: '2026-11-22T02:05:00.000Z',
    reviewedAt: null,
    household: {
      id: 100 + id, address: `青石苑 ${id}栋 1单元 101`, estate: '青石苑', building: `${id}栋`, unit: '1单元', room: '101',
      community: { id: 1, name: '青石社区' }, grid: { id: 2, name: '第一网格' },
    },
    resident: { id: 50 + id, realName: '张*', idNumber: '110105********002X', phone: '138****1234' },
    policies,
    ...over,
  }
}

type Handler = (url: string, method: string, data: unknown) => { statusCode: number; data: unknown }
function api(handler: Handler) {
  mockRequest.mockImplementation((async (o: { url: string; method: string; data: unknown }) => ({ header: {}, ...handler(o.url, o.method, o.data) })) as never)
}
/** The element with this id (Taro pages address items by id). */
function byId(id: string): HTMLElement {
  const el = document.getElementById(id)
  if (!el) throw new Error(`#${id} not rendered`)
  return el
}

const page = (items: BindingDto[], nextCursor: string | null = null) => ({ statusCode: 200, data: { data: items, page: { nextCursor } } })

beforeEach(() => {
  saveSession({ accessToken: 'a', refreshToken: 'r-xxxxxxxxxxxxxxxxxxxxxxxx', expiresIn: 900, user: { id: 1, displayName: '社区一', roles: ['committee'], isStaff: true, policies: policies() } })
})

describe('PendingBindings (工作台)', () => {
  it('shows masked resident data, address and relation, and only the buttons the policies allow', async () => {
    api(() => page([
      binding(1, { approve: true, reject: true, withdraw: false }),
      binding(2, { approve: false, reject: false, withdraw: false }),
      binding(3, { approve: true, reject: false, withdraw: false }),
    ]))
    render(<PendingBindings />)
    expect(screen.getByText('加载中…')).toBeTruthy()

    const first = within(await waitFor(() => byId('pending-1')))
    expect(first.getByText('青石苑 1栋 1单元 101')).toBeTruthy()
    expect(first.getByText('110105********002X')).toBeTruthy()
    expect(first.getByText('138****1234')).toBeTruthy()
    expect(first.getByText('家属')).toBeTruthy()
    expect(first.getByText('2026-11-22 10:05')).toBeTruthy() // Asia/Shanghai
    expect(first.getByRole('button', { name: '通过' })).toBeTruthy()
    expect(first.getByRole('button', { name: '驳回' })).toBeTruthy()

    const second = within(byId('pending-2'))
    expect(second.queryByRole('button', { name: '通过' })).toBeNull()
    expect(second.queryByRole('button', { name: '驳回' })).toBeNull()

    const third = within(byId('pending-3'))
    expect(third.getByRole('button', { name: '通过' })).toBeTruthy()
    expect(third.queryByRole('button', { name: '驳回' })).toBeNull()

    expect(mockRequest.mock.calls[0][0]).toMatchObject({ url: expect.stringMatching(/\/household-bindings\?status=pending&limit=20$/) })
  })

  it('approves after confirmation and then shows the new state without buttons', async () => {
    api((url, method) => {
      if (method === 'POST' && url.endsWith('/household-bindings/1/approve')) {
        return { statusCode: 200, data: { data: binding(1, { approve: false, reject: false, withdraw: false }, { status: 'approved', statusLabel: '已通过' }) } }
      }
      return page([binding(1, { approve: true, reject: true, withdraw: false })])
    })
    render(<PendingBindings />)
    fireEvent.click(await screen.findByRole('button', { name: '通过' }))
    await screen.findByText('已通过')
    expect(Taro.showModal).toHaveBeenCalledTimes(1)
    expect(screen.queryByRole('button', { name: '通过' })).toBeNull()
  })

  it('does nothing when the confirmation is cancelled', async () => {
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true, errMsg: 'showModal:ok' } as never)
    api(() => page([binding(1, { approve: true, reject: true, withdraw: false })]))
    render(<PendingBindings />)
    fireEvent.click(await screen.findByRole('button', { name: '通过' }))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalled())
    expect(mockRequest.mock.calls.filter(([o]) => (o as { method: string }).method === 'POST')).toHaveLength(0)
  })

  it('asks for a reject reason of at least 2 characters before sending it', async () => {
    api((url, method, data) => {
      if (method === 'POST' && url.endsWith('/household-bindings/1/reject')) {
        expect(data).toEqual({ reason: '地址不符' })
        return { statusCode: 200, data: { data: binding(1, { approve: false, reject: false, withdraw: false }, { status: 'rejected', statusLabel: '未通过', reason: '地址不符' }) } }
      }
      return page([binding(1, { approve: true, reject: true, withdraw: false })])
    })
    render(<PendingBindings />)
    fireEvent.click(await screen.findByRole('button', { name: '驳回' }))
    const input = screen.getByPlaceholderText(/至少2个字/)
    fireEvent.change(input, { target: { value: '否' } })
    fireEvent.click(screen.getByRole('button', { name: '确认驳回' }))
    expect(await screen.findByText('请填写驳回原因（至少2个字）')).toBeTruthy()
    expect(mockRequest).toHaveBeenCalledTimes(1)

    fireEvent.change(input, { target: { value: '地址不符' } })
    fireEvent.click(screen.getByRole('button', { name: '确认驳回' }))
    expect(await screen.findByText('驳回原因：地址不符')).toBeTruthy()
    expect(screen.getByText('未通过')).toBeTruthy()
  })

  it('loads the next page by cursor with 加载更多', async () => {
    api((url) => (url.includes('cursor=c1') ? page([binding(3, { approve: true, reject: true, withdraw: false })]) : page([binding(1, { approve: true, reject: true, withdraw: false })], 'c1')))
    render(<PendingBindings />)
    fireEvent.click(await screen.findByRole('button', { name: '加载更多' }))
    await screen.findByText('青石苑 3栋 1单元 101')
    expect(screen.getByText('青石苑 1栋 1单元 101')).toBeTruthy()
    expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull()
    expect(screen.getByText('没有更多了')).toBeTruthy()
  })

  it('shows the empty state', async () => {
    api(() => page([]))
    render(<PendingBindings />)
    expect(await screen.findByText('没有待审核的绑定申请')).toBeTruthy()
  })

  it('shows the error with a retry that loads again', async () => {
    let n = 0
    api(() => (n++ === 0
      ? { statusCode: 500, data: { error: { code: 'INTERNAL', message: '服务器开小差了' }, requestId: 'r-9' } }
      : page([binding(1, { approve: true, reject: true, withdraw: false })])))
    render(<PendingBindings />)
    expect(await screen.findByText('服务器开小差了')).toBeTruthy()
    expect(screen.getByText('请求编号 r-9')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: '重试' }))
    expect(await screen.findByText('青石苑 1栋 1单元 101')).toBeTruthy()
  })
})
