import { fireEvent, render, screen, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import HomePage from '../../pages/index'
import { page, summary } from '../../../test/fixtures/notices'
import { api, byId, route, signIn } from '../../../test/support'
import NoticeItem from '.'

describe('NoticeItem', () => {
  it('shows 置顶 and 重要 badges, the category, the community and the time in Asia/Shanghai', () => {
    const n = summary(3, { isPinned: true, importance: 'important', category: 'outage', categoryLabel: '停水停电', title: '周三停水' })
    render(<NoticeItem notice={n} onOpen={() => undefined} />)
    const item = within(byId('notice-3'))
    expect(item.getByText('置顶')).toBeTruthy()
    expect(item.getByText('重要')).toBeTruthy()
    expect(item.getByText('停水停电')).toBeTruthy()
    expect(item.getByText('周三停水')).toBeTruthy()
    expect(item.getByText('青石社区 · 2026-11-22 10:05')).toBeTruthy()
    expect(byId('notice-3').className).toContain('notice-item--pinned')
  })

  it('shows neither badge for an ordinary notice, and opens it by id', () => {
    const onOpen = vi.fn()
    render(<NoticeItem notice={summary(4)} onOpen={onOpen} />)
    const item = within(byId('notice-4'))
    expect(item.queryByText('置顶')).toBeNull()
    expect(item.queryByText('重要')).toBeNull()
    expect(item.getByText('通知')).toBeTruthy()
    expect(byId('notice-4').className).not.toContain('notice-item--pinned')
    fireEvent.click(byId('notice-4'))
    expect(onOpen).toHaveBeenCalledWith(4)
  })

  it('loads the cover from the API origin', () => {
    render(<NoticeItem notice={summary(5, { coverUrl: '/api/v1/files/abc.jpg' })} onOpen={() => undefined} />)
    expect(byId('notice-5').querySelector('img')?.getAttribute('src')).toBe('/api/v1/files/abc.jpg')
  })
})

describe('首页', () => {
  beforeEach(() => signIn())

  it('lists the first page of the feed in the order the API gives (pinned first) and shows the unread count', async () => {
    const calls = api((c) => {
      if (route(c).startsWith('/messages/unread-count')) return { statusCode: 200, data: { data: { count: 3 } } }
      return page([summary(9, { isPinned: true, title: '置顶的公告' }), summary(12, { title: '最新公告' })], 'next')
    })
    render(<HomePage />)
    await screen.findByText('置顶的公告')
    const ids = Array.from(byId('home-notices').querySelectorAll('.notice-item'), (e) => e.id)
    expect(ids).toEqual(['notice-9', 'notice-12'])
    expect(within(byId('notice-9')).getByText('置顶')).toBeTruthy()
    expect((await screen.findByText('3')).id).toBe('unread-count')
    expect(screen.getByText('您有 3 条未读消息')).toBeTruthy()
    expect(Taro.setTabBarBadge).toHaveBeenCalledWith({ index: 0, text: '3' })
    expect(calls.map(route)).toContain('/notices?box=feed&limit=5')
  })

  it('says 暂无公告 when the feed is empty and clears the tab badge when nothing is unread', async () => {
    api((c) => (route(c).startsWith('/messages/unread-count') ? { statusCode: 200, data: { data: { count: 0 } } } : page([])))
    render(<HomePage />)
    expect(await screen.findByText('暂无公告')).toBeTruthy()
    await vi.waitFor(() => expect(Taro.removeTabBarBadge).toHaveBeenCalledWith({ index: 0 }))
    expect(document.getElementById('unread-count')).toBeNull()
  })

  it('shows the error with a retry', async () => {
    let n = 0
    api((c) => {
      if (route(c).startsWith('/messages')) return { statusCode: 200, data: { data: { count: 0 } } }
      return n++ === 0 ? { statusCode: 500, data: { error: { code: 'INTERNAL', message: '服务器开小差了' }, requestId: 'r1' } } : page([summary(1)])
    })
    render(<HomePage />)
    fireEvent.click(await screen.findByRole('button', { name: '重试' }))
    expect(await screen.findByText('公告1')).toBeTruthy()
  })
})
