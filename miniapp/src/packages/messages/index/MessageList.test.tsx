import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fail, message, ok, page } from '../../../../test/fixtures/notices'
import { addedDuring, api, byId, deferred, route, signIn } from '../../../../test/support'
import MessageList from './MessageList'

const isUnread = (id: number) => byId(`message-${id}`).className.includes('message--unread')
const shown = () => Array.from(document.querySelectorAll('#message-list .message')).map((el) => el.id)
const chip = (name: string) => screen.getByRole('radio', { name })

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

  describe('switching 全部 / 未读', () => {
    it('clears the list at once and shows the skeleton (正在加载), never the old messages or 没有未读消息, until the new page is there', async () => {
      const unread = deferred()
      api((c) => (route(c).includes('unread=1') ? unread.promise : page([message(1, { isRead: true }), message(2, { isRead: true })], 'c2')))
      render(<MessageList />)
      await screen.findByText('消息2')

      const added = await addedDuring(byId('message-list'), () => fireEvent.click(chip('未读')))
      expect(chip('未读').getAttribute('aria-checked')).toBe('true')
      expect(shown()).toEqual([])
      expect(screen.getByText('正在加载')).toBeTruthy()
      // Not for a single render: no empty state (nothing has been answered yet), no old list, no footer.
      expect(added.some((t) => t.includes('正在加载'))).toBe(true)
      expect(added.some((t) => t.includes('没有未读消息'))).toBe(false)
      expect(screen.queryByText('没有更多了')).toBeNull()
      expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull()
      expect((screen.getByRole('button', { name: '全部已读' }) as HTMLButtonElement).disabled).toBe(true)

      unread.resolve(page([message(3)]))
      await screen.findByText('消息3')
      expect(shown()).toEqual(['message-3'])
      expect(screen.queryByText('正在加载')).toBeNull()
      // The new list has its own end: the cursor of 全部 is not offered under 未读.
      expect(screen.getByText('没有更多了')).toBeTruthy()
    })

    it('tapping the filter that is already on keeps the list', async () => {
      const calls = api(() => page([message(1)]))
      render(<MessageList />)
      await screen.findByText('消息1')
      fireEvent.click(chip('全部'))
      expect(shown()).toEqual(['message-1'])
      expect(calls).toHaveLength(1)
    })

    it('a failed load after a switch shows 加载失败 with 重试 (not the old list, not 没有未读消息), and 重试 loads that filter', async () => {
      let fails = true
      const calls = api((c) => {
        if (!route(c).includes('unread=1')) return page([message(1, { isRead: true })], 'c2')
        return fails ? fail(500, 'INTERNAL', '服务器开小差了') : page([message(6)])
      })
      render(<MessageList />)
      await screen.findByText('消息1')

      fireEvent.click(chip('未读'))
      expect(await screen.findByText('加载失败')).toBeTruthy()
      expect(screen.getByText('服务器开小差了')).toBeTruthy()
      expect(shown()).toEqual([])
      expect(screen.queryByText('没有未读消息')).toBeNull()
      // Nothing to page through: the cursor of 全部 is not offered under 未读.
      expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull()

      fails = false
      fireEvent.click(screen.getByRole('button', { name: '重试' }))
      await screen.findByText('消息6')
      expect(route(calls[calls.length - 1])).toBe('/messages?limit=20&unread=1')
      expect(screen.queryByText('加载失败')).toBeNull()
      expect(shown()).toEqual(['message-6'])
    })

    it('never shows a late answer for the filter the user already left', async () => {
      const slow = deferred()
      let firstAll = true
      api((c) => {
        if (route(c).includes('unread=1')) return slow.promise
        const reply = firstAll ? page([message(1, { isRead: true })]) : page([message(2, { isRead: true })])
        firstAll = false
        return reply
      })
      render(<MessageList />)
      await screen.findByText('消息1')

      fireEvent.click(chip('未读'))
      expect(shown()).toEqual([])
      fireEvent.click(chip('全部'))
      await screen.findByText('消息2')
      expect(shown()).toEqual(['message-2'])

      slow.resolve(page([message(9)]))
      await new Promise((r) => setTimeout(r, 0))
      expect(screen.queryByText('消息9')).toBeNull()
      expect(shown()).toEqual(['message-2'])
      expect(chip('全部').getAttribute('aria-checked')).toBe('true')
    })

    it('never pages the new filter with the cursor of the old one', async () => {
      const unread = deferred()
      const calls = api((c) => {
        const r = route(c)
        if (r.includes('cursor=c2')) return page([message(50, { isRead: true })])
        return r.includes('unread=1') ? unread.promise : page([message(1, { isRead: true })], 'c2')
      })
      render(<MessageList />)
      await screen.findByText('消息1')

      fireEvent.click(chip('未读'))
      // Whatever is on screen while 未读 loads, 加载更多 is not.
      expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull()
      unread.resolve(page([message(3)], 'u2'))
      await screen.findByText('消息3')
      expect(calls.filter((c) => route(c).includes('cursor=c2'))).toEqual([])
      expect(screen.queryByText('消息50')).toBeNull()
    })
  })

  describe('pull-down refresh', () => {
    it('a failed refresh of an empty list shows 加载失败 with 重试, not 暂无消息', async () => {
      let fails = false
      const calls = api(() => (fails ? fail(503, 'UNAVAILABLE', '网络不太稳定，请稍后再试') : page([])))
      const onRefreshed = vi.fn()
      const { rerender } = render(<MessageList refreshSignal={0} onRefreshed={onRefreshed} />)
      expect(await screen.findByText('暂无消息')).toBeTruthy()

      fails = true
      rerender(<MessageList refreshSignal={1} onRefreshed={onRefreshed} />)
      expect(await screen.findByText('加载失败')).toBeTruthy()
      expect(screen.getByText('网络不太稳定，请稍后再试')).toBeTruthy()
      expect(screen.queryByText('暂无消息')).toBeNull()
      expect(onRefreshed).toHaveBeenCalledTimes(2)

      fails = false
      fireEvent.click(screen.getByRole('button', { name: '重试' }))
      expect(await screen.findByText('暂无消息')).toBeTruthy()
      expect(screen.queryByText('加载失败')).toBeNull()
      expect(calls).toHaveLength(3)
    })

    it('keeps the messages on screen while refreshing, but 加载更多 waits for the fresh first page', async () => {
      const fresh = deferred()
      let refreshed = false
      const calls = api((c) => {
        if (route(c).includes('cursor=')) return page([message(20, { isRead: true })])
        return refreshed ? fresh.promise : page([message(1, { isRead: true })], 'old-cursor')
      })
      const { rerender } = render(<MessageList refreshSignal={0} />)
      await screen.findByRole('button', { name: '加载更多' })

      refreshed = true
      rerender(<MessageList refreshSignal={1} />)
      expect(shown()).toEqual(['message-1'])
      const more = screen.getByRole('button', { name: /加载/ }) as HTMLButtonElement
      expect(more.disabled).toBe(true)
      fireEvent.click(more)
      expect(calls.filter((c) => route(c).includes('cursor='))).toEqual([])

      fresh.resolve(page([message(2, { isRead: true })], 'new-cursor'))
      await screen.findByText('消息2')
      fireEvent.click(screen.getByRole('button', { name: '加载更多' }))
      await screen.findByText('消息20')
      expect(calls.filter((c) => route(c).includes('cursor=')).map(route)).toEqual(['/messages?limit=20&cursor=new-cursor'])
    })
  })
})
