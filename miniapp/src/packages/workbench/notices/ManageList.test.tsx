import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { detail, managed, ok, page } from '../../../../test/fixtures/notices'
import { api, byId, route, signIn } from '../../../../test/support'
import NoticeManagePage from '.'

beforeEach(() => signIn(['committee']))

describe('公告管理', () => {
  it('lists by state tab and shows only the actions each notice allows', async () => {
    const calls = api(() => page([
      managed(1, { state: 'draft', stateLabel: '草稿', policies: { edit: true, publish: true, withdraw: false, viewReads: false } }),
      managed(2, { importance: 'important', policies: { edit: true, publish: false, withdraw: true, viewReads: true } }),
    ]))
    render(<NoticeManagePage />)
    const draft = within(await waitFor(() => byId('manage-1')))
    expect(draft.getByRole('button', { name: '发布' })).toBeTruthy()
    expect(draft.queryByRole('button', { name: '撤回' })).toBeNull()
    const live = within(byId('manage-2'))
    expect(live.getByRole('button', { name: '阅读统计' })).toBeTruthy()
    expect(live.getByRole('button', { name: '撤回' })).toBeTruthy()
    expect(live.queryByRole('button', { name: '发布' })).toBeNull()

    fireEvent.click(screen.getByRole('tab', { name: '已撤回' }))
    await waitFor(() => expect(route(calls[calls.length - 1])).toBe('/notices?box=manage&limit=20&status=withdrawn'))
  })

  it('withdraws with a reason of at least 2 characters, after confirmation', async () => {
    const calls = api((c) => (c.method === 'POST'
      ? ok(detail(2, { state: 'withdrawn', stateLabel: '已撤回', policies: { edit: false, publish: false, withdraw: false, viewReads: true } }))
      : page([managed(2)])))
    render(<NoticeManagePage />)
    const item = within(await waitFor(() => byId('manage-2')))
    fireEvent.click(item.getByRole('button', { name: '撤回' }))
    fireEvent.change(item.getByPlaceholderText(/至少2个字/), { target: { value: '错' } })
    fireEvent.click(item.getByRole('button', { name: '确认撤回' }))
    expect(await item.findByText('请填写撤回原因（至少2个字）')).toBeTruthy()
    expect(Taro.showModal).not.toHaveBeenCalled()

    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true } as never)
    fireEvent.change(item.getByPlaceholderText(/至少2个字/), { target: { value: '时间有变' } })
    fireEvent.click(item.getByRole('button', { name: '确认撤回' }))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)

    fireEvent.click(item.getByRole('button', { name: '确认撤回' }))
    expect(await item.findByText('已撤回')).toBeTruthy()
    const [post] = calls.filter((c) => c.method === 'POST')
    expect(route(post)).toBe('/notices/2/withdraw')
    expect(post.data).toEqual({ reason: '时间有变' })
    expect(item.queryByRole('button', { name: '撤回' })).toBeNull()
  })
})
