import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it } from 'vitest'
import { fail, message, ok, page } from '../../../../test/fixtures/notices'
import { api, byId, route, signIn } from '../../../../test/support'
import MessageList from './MessageList'

const isUnread = (id: number) => byId(`message-${id}`).className.includes('message--unread')

beforeEach(() => signIn())

describe('消息中心', () => {
  it('styles unread messages, and a tap marks one read and then opens its link', async () => {
    const calls = api((c) => (route(c).startsWith('/messages/read') ? ok({ updated: 1 }) : page([message(1), message(2, { isRead: true })])))
    render(<MessageList />)
    await screen.findByText('消息1')
    expect(isUnread(1)).toBe(true)
    expect(isUnread(2)).toBe(false)

    fireEvent.click(byId('message-1'))
    await waitFor(() => expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/notices/detail/index?id=1' }))
    const marks = calls.filter((c) => c.method === 'POST')
    expect(marks).toHaveLength(1)
    expect(route(marks[0])).toBe('/messages/read')
    expect(marks[0].data).toEqual({ ids: ['1'] })
    expect(isUnread(1)).toBe(false)
  })

  it('opens a read message without marking it again, and tab pages with switchTab', async () => {
    const calls = api(() => page([message(3, { isRead: true, link: '/pages/mine/index' })]))
    render(<MessageList />)
    fireEvent.click(await screen.findByText('消息3'))
    await waitFor(() => expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/mine/index' }))
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
  })

  it('puts the unread mark back when marking fails', async () => {
    api((c) => (c.method === 'POST' ? fail(500, 'INTERNAL', '服务器开小差了') : page([message(4, { link: null })])))
    render(<MessageList />)
    fireEvent.click(await screen.findByText('消息4'))
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith({ title: '服务器开小差了', icon: 'none' }))
    expect(isUnread(4)).toBe(true)
    expect(Taro.navigateTo).not.toHaveBeenCalled()
  })

  it('全部已读 marks everything read with one call and is disabled when nothing is unread', async () => {
    const calls = api((c) => (c.method === 'POST' ? ok({ updated: 2 }) : page([message(5), message(6), message(7, { isRead: true })])))
    render(<MessageList />)
    await screen.findByText('消息5')
    const button = screen.getByRole('button', { name: '全部已读' }) as HTMLButtonElement
    expect(button.disabled).toBe(false)
    fireEvent.click(button)
    await waitFor(() => expect(isUnread(5)).toBe(false))
    expect(isUnread(6)).toBe(false)
    const posts = calls.filter((c) => c.method === 'POST')
    expect(posts.map((c) => c.data)).toEqual([{ all: true }])
    expect(button.disabled).toBe(true)
  })

  it('filters to unread ones and shows the empty state', async () => {
    const calls = api((c) => (route(c).includes('unread=1') ? page([]) : page([message(8, { isRead: true })])))
    render(<MessageList />)
    await screen.findByText('消息8')
    fireEvent.click(screen.getByRole('radio', { name: '未读' }))
    expect(await screen.findByText('没有未读消息')).toBeTruthy()
    expect(route(calls[calls.length - 1])).toBe('/messages?limit=20&unread=1')
  })

  it('loads more by cursor', async () => {
    api((c) => (route(c).includes('cursor=c2') ? page([message(10)]) : page([message(9)], 'c2')))
    render(<MessageList />)
    fireEvent.click(await screen.findByRole('button', { name: '加载更多' }))
    expect(await screen.findByText('消息10')).toBeTruthy()
    expect(screen.getByText('没有更多了')).toBeTruthy()
  })
})
