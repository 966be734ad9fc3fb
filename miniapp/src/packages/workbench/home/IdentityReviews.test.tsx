import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { api, byId, route, signIn, type Call } from '../../../../test/support'
import type { IdentityReviewDto } from '../../../services/types'
import IdentityReviews from './IdentityReviews'

function review(id: number, policies: IdentityReviewDto['policies'], over: Partial<IdentityReviewDto> = {}): IdentityReviewDto {
  return {
    id,
    status: 'pending',
    createdAt: '2026-11-29T02:05:00.000Z',
    decidedAt: null,
    reason: null,
    claimant: { userId: 20 + id, realName: '李*', idNumber: '110105********002X', households: [], otherHouseholds: 0 },
    holder: { userId: 30 + id, realName: '张*', idNumber: '110105********002X', households: ['青石苑 1栋 1单元 101'], otherHouseholds: 1 },
    policies,
    ...over,
  }
}
const both = { reject: true, transfer: true }
const page = (items: IdentityReviewDto[], nextCursor: string | null = null) => ({ statusCode: 200, data: { data: items, page: { nextCursor } } })
const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST')

beforeEach(() => signIn(['committee']))

describe('身份核实 (工作台)', () => {
  it('shows both sides masked with their households, and only the decisions the policies allow', async () => {
    const calls = api(() => page([review(1, both), review(2, { reject: true, transfer: false }), review(3, { reject: false, transfer: false }, { holder: null })]))
    render(<IdentityReviews />)
    expect(screen.getByText('正在加载')).toBeTruthy()
    const first = within(await waitFor(() => byId('identity-review-1')))
    expect(first.getByText('李*')).toBeTruthy()
    expect(first.getByText('张*')).toBeTruthy()
    expect(first.getAllByText('110105********002X')).toHaveLength(2)
    expect(first.getByText('青石苑 1栋 1单元 101')).toBeTruthy()
    expect(first.getByText('另有 1 处房屋不在您的管辖范围')).toBeTruthy()
    expect(first.getByText('2026-11-29 10:05', { exact: false })).toBeTruthy()
    expect(first.getByRole('button', { name: '驳回申请' })).toBeTruthy()
    expect(first.getByRole('button', { name: '改登记给申请人' })).toBeTruthy()
    expect(within(byId('identity-review-2')).queryByRole('button', { name: '改登记给申请人' })).toBeNull()
    expect(within(byId('identity-review-3')).queryAllByRole('button')).toHaveLength(0)
    expect(byId('identity-review-3').textContent).toContain('现登记人已注销或已撤回实名信息')
    expect(route(calls[0])).toBe('/identity-reviews?status=pending&limit=20')
  })

  it('rejects with a reason of at least 2 characters after a confirmation, then shows the decision without buttons', async () => {
    const calls = api((c) =>
      route(c) === '/identity-reviews/1/reject'
        ? { statusCode: 200, data: { data: review(1, { reject: false, transfer: false }, { status: 'rejected', reason: '证件不符', decidedAt: '2026-11-29T03:00:00.000Z' }) } }
        : page([review(1, both)]))
    render(<IdentityReviews />)
    fireEvent.click(await screen.findByRole('button', { name: '驳回申请' }))
    const input = screen.getByPlaceholderText(/会随通知发给申请人/)
    fireEvent.change(input, { target: { value: '否' } })
    fireEvent.click(screen.getByRole('button', { name: '确认驳回申请' }))
    expect(await screen.findByText('请填写处理原因（至少2个字）')).toBeTruthy()
    expect(Taro.showModal).not.toHaveBeenCalled()

    fireEvent.change(input, { target: { value: '证件不符' } })
    fireEvent.click(screen.getByRole('button', { name: '确认驳回申请' }))
    expect(await screen.findByText('处理原因：证件不符')).toBeTruthy()
    expect(screen.getByText('已驳回')).toBeTruthy()
    expect(posts(calls)[0].data).toEqual({ reason: '证件不符' })
    expect(vi.mocked(Taro.showModal).mock.calls[0][0]).toMatchObject({ title: '驳回身份核实申请' })
    expect(screen.queryByRole('button', { name: '驳回申请' })).toBeNull()
  })

  it('sends nothing when the transfer is not confirmed', async () => {
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true } as never)
    const calls = api(() => page([review(1, both)]))
    render(<IdentityReviews />)
    fireEvent.click(await screen.findByRole('button', { name: '改登记给申请人' }))
    fireEvent.change(screen.getByPlaceholderText(/核实的依据/), { target: { value: '查验了身份证原件' } })
    fireEvent.click(screen.getByRole('button', { name: '确认改登记给申请人' }))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalled())
    expect((vi.mocked(Taro.showModal).mock.calls[0][0] as { content: string }).content).toContain('已通过的房屋绑定需重新审核')
    expect(posts(calls)).toHaveLength(0)
  })

  it('says when another staff member decided first', async () => {
    api((c) =>
      c.method === 'POST'
        ? { statusCode: 409, data: { error: { code: 'IDENTITY_REVIEW_DECIDED', message: '已处理' }, requestId: 'r' } }
        : page([review(1, both)]))
    render(<IdentityReviews />)
    fireEvent.click(await screen.findByRole('button', { name: '改登记给申请人' }))
    fireEvent.change(screen.getByPlaceholderText(/核实的依据/), { target: { value: '查验了原件' } })
    fireEvent.click(screen.getByRole('button', { name: '确认改登记给申请人' }))
    expect((await screen.findByRole('alert')).textContent).toBe('该申请已由其他工作人员处理，请下拉刷新。')
  })

  it('shows the empty state, and a failed load with a retry', async () => {
    let n = 0
    api(() => (n++ === 0 ? { statusCode: 500, data: { error: { code: 'INTERNAL', message: '服务器开小差了' }, requestId: 'r-1' } } : page([])))
    render(<IdentityReviews />)
    fireEvent.click(await screen.findByRole('button', { name: '重试' }))
    expect(await screen.findByText('没有待核实的身份')).toBeTruthy()
  })
})
