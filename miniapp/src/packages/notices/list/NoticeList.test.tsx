import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fail, page, summary } from '../../../../test/fixtures/notices'
import { addedDuring, api, byId, deferred, route, signIn } from '../../../../test/support'
import NoticeListPage from '.'

const shown = () => Array.from(document.querySelectorAll('#notice-list .notice-item')).map((el) => el.id)
const chip = (name: string) => screen.getByRole('radio', { name })


beforeEach(() => signIn())

describe('社区公告列表', () => {
  it('renders the first page: 置顶 and 重要 only on those notices, and opens a notice', async () => {
    const calls = api(() =>
      page([
        summary(1, { isPinned: true, title: '小区停车新规' }),
        summary(2, { importance: 'important', title: '周三停水' }),
        summary(3, { title: '读书会' }),
      ]),
    )
    render(<NoticeListPage />)
    await screen.findByText('小区停车新规')
    expect(shown()).toEqual(['notice-1', 'notice-2', 'notice-3'])
    expect(route(calls[0])).toBe('/notices?box=feed&limit=20')

    const pinned = within(byId('notice-1'))
    expect(pinned.getByText('置顶')).toBeTruthy()
    expect(pinned.queryByText('重要')).toBeNull()
    expect(byId('notice-1').className).toContain('notice-item--pinned')

    const important = within(byId('notice-2'))
    expect(important.getByText('重要')).toBeTruthy()
    expect(important.queryByText('置顶')).toBeNull()
    expect(byId('notice-2').className).toContain('notice-item--important')

    const plain = within(byId('notice-3'))
    expect(plain.queryByText('置顶')).toBeNull()
    expect(plain.queryByText('重要')).toBeNull()

    // 全部 is the selected filter.
    expect(chip('全部').getAttribute('aria-checked')).toBe('true')
    expect(chip('活动').getAttribute('aria-checked')).toBe('false')

    fireEvent.click(byId('notice-2'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/notices/detail/index?id=2' })
  })

  it('shows the skeleton (正在加载) while the first page is on its way', async () => {
    const reply = deferred()
    api(() => reply.promise)
    render(<NoticeListPage />)
    expect(screen.getByRole('status', { name: '正在加载' }).className).toContain('skeleton--list')
    expect(screen.queryByText('加载中…')).toBeNull()
    expect(screen.queryByText('暂无公告')).toBeNull()
    expect(screen.queryByText('没有更多了')).toBeNull()

    reply.resolve(page([summary(1)]))
    await screen.findByText('公告1')
    expect(screen.queryByText('正在加载')).toBeNull()
  })

  it('shows the empty state when there is no notice', async () => {
    api(() => page([]))
    render(<NoticeListPage />)
    expect(await screen.findByText('暂无公告')).toBeTruthy()
    expect(screen.getByText('社区发布公告后会显示在这里，下拉可刷新。')).toBeTruthy()
    expect(screen.queryByText('正在加载')).toBeNull()
    expect(screen.queryByText('没有更多了')).toBeNull()
    expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull()
  })

  it('shows the error with 重试, and 重试 loads the list', async () => {
    let fails = true
    const calls = api(() => (fails ? fail(500, 'INTERNAL', '服务器开小差了') : page([summary(5)])))
    render(<NoticeListPage />)
    expect(await screen.findByText('加载失败')).toBeTruthy()
    expect(screen.getByText('服务器开小差了')).toBeTruthy()
    expect(screen.getByText('请求编号 req-7')).toBeTruthy()
    expect(screen.queryByText('暂无公告')).toBeNull()

    fails = false
    fireEvent.click(screen.getByRole('button', { name: '重试' }))
    expect(await screen.findByText('公告5')).toBeTruthy()
    expect(screen.queryByText('加载失败')).toBeNull()
    expect(calls).toHaveLength(2)
    expect(route(calls[1])).toBe('/notices?box=feed&limit=20')
  })

  it('加载更多 passes the cursor, appends without duplicates, and says 没有更多了 at the end', async () => {
    const calls = api((c) =>
      route(c).includes('cursor=')
        ? page([summary(2), summary(3), summary(4)]) // 2 again: a notice moved between pages
        : page([summary(1, { isPinned: true }), summary(2)], 'c2'),
    )
    render(<NoticeListPage />)
    await screen.findByText('公告2')
    expect(screen.queryByText('没有更多了')).toBeNull()

    fireEvent.click(screen.getByRole('button', { name: '加载更多' }))
    await screen.findByText('公告4')
    expect(calls).toHaveLength(2)
    expect(route(calls[1])).toBe('/notices?box=feed&limit=20&cursor=c2')
    expect(shown()).toEqual(['notice-1', 'notice-2', 'notice-3', 'notice-4'])
    expect(screen.getByText('没有更多了')).toBeTruthy()
    expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull()
  })

  it('keeps the loaded notices when 加载更多 fails, and the button tries again', async () => {
    let fails = true
    const calls = api((c) => {
      if (!route(c).includes('cursor=')) return page([summary(1)], 'c2')
      return fails ? fail(503, 'UNAVAILABLE', '网络不太稳定，请稍后再试') : page([summary(2)])
    })
    render(<NoticeListPage />)
    fireEvent.click(await screen.findByRole('button', { name: '加载更多' }))
    expect(await screen.findByText('网络不太稳定，请稍后再试')).toBeTruthy()
    expect(shown()).toEqual(['notice-1'])

    fails = false
    fireEvent.click(screen.getByRole('button', { name: '加载更多' }))
    await screen.findByText('公告2')
    expect(route(calls[2])).toBe('/notices?box=feed&limit=20&cursor=c2')
    expect(screen.queryByText('网络不太稳定，请稍后再试')).toBeNull()
    expect(shown()).toEqual(['notice-1', 'notice-2'])
  })

  it('a category refetches with category and starts the list over', async () => {
    const activity = deferred()
    const calls = api((c) => (route(c).includes('category=activity') ? activity.promise : page([summary(1), summary(2)], 'c2')))
    render(<NoticeListPage />)
    await screen.findByText('公告2')

    fireEvent.click(chip('活动'))
    expect(chip('活动').getAttribute('aria-checked')).toBe('true')
    expect(chip('全部').getAttribute('aria-checked')).toBe('false')
    // The notices of 全部 are gone at once: nothing of the old list stays under the new filter.
    await waitFor(() => expect(shown()).toEqual([]))
    expect(screen.getByText('正在加载')).toBeTruthy()
    expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull()

    activity.resolve(page([summary(7, { category: 'activity', categoryLabel: '活动', title: '重阳节活动' })]))
    await screen.findByText('重阳节活动')
    expect(shown()).toEqual(['notice-7'])
    expect(route(calls[1])).toBe('/notices?box=feed&limit=20&category=activity')
    // The new list has its own end: no cursor from the old one.
    expect(screen.getByText('没有更多了')).toBeTruthy()
  })

  it('a category tap shows the skeleton (正在加载) at once, never 暂无公告 for a single render before its page is asked for', async () => {
    const activity = deferred()
    api((c) => (route(c).includes('category=activity') ? activity.promise : page([summary(1), summary(2)], 'c2')))
    render(<NoticeListPage />)
    await screen.findByText('公告2')

    const added = await addedDuring(byId('notice-list'), () => fireEvent.click(chip('活动')))
    expect(shown()).toEqual([])
    expect(screen.getByText('正在加载')).toBeTruthy()
    // Nothing has been answered for 活动 yet: no empty state, not even in between.
    expect(added.some((t) => t.includes('正在加载'))).toBe(true)
    expect(added.some((t) => t.includes('暂无公告'))).toBe(false)
    expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull()

    activity.resolve(page([]))
    expect(await screen.findByText('还没有「活动」类的公告，点上方「全部」可查看所有公告。')).toBeTruthy()
    expect(screen.queryByText('正在加载')).toBeNull()
  })

  it('from an empty category, the next tap replaces its empty state with the skeleton (正在加载), never the next category\'s empty state first', async () => {
    const activity = deferred()
    api((c) => {
      const r = route(c)
      if (r.includes('category=outage')) return page([])
      if (r.includes('category=activity')) return activity.promise
      return page([summary(1)])
    })
    render(<NoticeListPage />)
    await screen.findByText('公告1')
    fireEvent.click(chip('停水停电'))
    await screen.findByText('暂无公告')

    const added = await addedDuring(byId('notice-list'), () => fireEvent.click(chip('活动')))
    expect(screen.getByText('正在加载')).toBeTruthy()
    expect(screen.queryByText('暂无公告')).toBeNull()
    expect(added.some((t) => t.includes('暂无公告') || t.includes('「活动」'))).toBe(false)

    activity.resolve(page([summary(7, { category: 'activity', categoryLabel: '活动', title: '重阳节活动' })]))
    await screen.findByText('重阳节活动')
    expect(shown()).toEqual(['notice-7'])
  })

  it('a category with more pages pages by its own cursor, with the category kept', async () => {
    const calls = api((c) => {
      const r = route(c)
      if (!r.includes('category=')) return page([summary(1)], 'all-2')
      return r.includes('cursor=') ? page([summary(9, { category: 'policy', categoryLabel: '政策' })]) : page([summary(8, { category: 'policy', categoryLabel: '政策' })], 'policy-2')
    })
    render(<NoticeListPage />)
    await screen.findByText('公告1')
    fireEvent.click(chip('政策'))
    await screen.findByText('公告8')
    fireEvent.click(screen.getByRole('button', { name: '加载更多' }))
    await screen.findByText('公告9')
    expect(route(calls[2])).toBe('/notices?box=feed&limit=20&cursor=policy-2&category=policy')
    expect(shown()).toEqual(['notice-8', 'notice-9'])
  })

  it('says which category is empty, and 全部 brings the whole list back', async () => {
    const calls = api((c) => (route(c).includes('category=outage') ? page([]) : page([summary(1)])))
    render(<NoticeListPage />)
    await screen.findByText('公告1')
    fireEvent.click(chip('停水停电'))
    expect(await screen.findByText('还没有「停水停电」类的公告，点上方「全部」可查看所有公告。')).toBeTruthy()
    expect(screen.getByText('暂无公告')).toBeTruthy()
    expect(shown()).toEqual([])

    fireEvent.click(chip('全部'))
    await screen.findByText('公告1')
    expect(route(calls[2])).toBe('/notices?box=feed&limit=20')
    expect(screen.queryByText('暂无公告')).toBeNull()
  })

  it('shows the error with 重试 (not the old list, not 暂无公告) when a category fails to load', async () => {
    let fails = true
    const calls = api((c) => {
      if (!route(c).includes('category=')) return page([summary(1)])
      return fails ? fail(500, 'INTERNAL', '服务器开小差了') : page([summary(6, { category: 'activity', categoryLabel: '活动' })])
    })
    render(<NoticeListPage />)
    await screen.findByText('公告1')
    fireEvent.click(chip('活动'))
    expect(await screen.findByText('加载失败')).toBeTruthy()
    expect(shown()).toEqual([])
    expect(screen.queryByText('暂无公告')).toBeNull()

    fails = false
    fireEvent.click(screen.getByRole('button', { name: '重试' }))
    await screen.findByText('公告6')
    expect(route(calls[calls.length - 1])).toBe('/notices?box=feed&limit=20&category=activity')
    expect(screen.queryByText('加载失败')).toBeNull()
  })

  it('never shows a late answer for the category the user already left', async () => {
    const slow = deferred()
    api((c) => {
      const r = route(c)
      if (r.includes('category=activity')) return slow.promise
      if (r.includes('category=policy')) return page([summary(8, { title: '养老补贴新政' })])
      return page([summary(1)])
    })
    render(<NoticeListPage />)
    await screen.findByText('公告1')
    fireEvent.click(chip('活动'))
    fireEvent.click(chip('政策'))
    await screen.findByText('养老补贴新政')
    slow.resolve(page([summary(7, { title: '重阳节活动' })]))
    await new Promise((r) => setTimeout(r, 0))
    expect(screen.queryByText('重阳节活动')).toBeNull()
    expect(shown()).toEqual(['notice-8'])
  })
})
