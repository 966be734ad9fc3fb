import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { detail, fail, managed, ok, page } from '../../../../test/fixtures/notices'
import { addedDuring, api, byId, deferred, route, signIn } from '../../../../test/support'
import NoticeManagePage from '.'

const shown = () => Array.from(document.querySelectorAll('#manage-list .manage-item')).map((el) => el.id)
const tab = (name: string) => screen.getByRole('tab', { name })


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

  it('shows the skeleton (正在加载) while the first page is on its way, 加载失败 + 重试 when it fails, and 重试 loads it', async () => {
    const first = deferred()
    let fails = true
    let asked = 0
    const calls = api(() => (++asked === 1 ? first.promise : fails ? fail(500, 'INTERNAL', '服务器开小差了') : page([managed(5)])))
    render(<NoticeManagePage />)
    expect(screen.getByText('正在加载')).toBeTruthy()
    expect(screen.queryByText('还没有公告')).toBeNull()

    first.resolve(fail(500, 'INTERNAL', '服务器开小差了'))
    expect(await screen.findByText('加载失败')).toBeTruthy()
    expect(screen.getByText('服务器开小差了')).toBeTruthy()
    expect(screen.queryByText('还没有公告')).toBeNull()
    expect(screen.queryByText('正在加载')).toBeNull()

    fails = false
    fireEvent.click(screen.getByRole('button', { name: '重试' }))
    await waitFor(() => expect(shown()).toEqual(['manage-5']))
    expect(screen.queryByText('加载失败')).toBeNull()
    expect(route(calls[calls.length - 1])).toBe('/notices?box=manage&limit=20')
  })

  it('shows the empty state of the tab only when its answer is empty', async () => {
    api((c) => (route(c).includes('status=draft') ? page([]) : page([managed(1)])))
    render(<NoticeManagePage />)
    await waitFor(() => expect(shown()).toEqual(['manage-1']))
    fireEvent.click(tab('草稿'))
    expect(await screen.findByText('没有草稿的公告')).toBeTruthy()
    expect(shown()).toEqual([])
    expect(screen.queryByText('正在加载')).toBeNull()
  })

  describe('switching state tabs', () => {
    it('clears the list at once and shows the skeleton (正在加载), never the old notices or 没有…的公告, until the new page is there', async () => {
      const drafts = deferred()
      api((c) => (route(c).includes('status=draft') ? drafts.promise : page([managed(1), managed(2)], 'c2')))
      const { container } = render(<NoticeManagePage />)
      await waitFor(() => expect(shown()).toEqual(['manage-1', 'manage-2']))

      const added = await addedDuring(container, () => fireEvent.click(tab('草稿')))
      expect(tab('草稿').getAttribute('aria-selected')).toBe('true')
      expect(tab('全部').getAttribute('aria-selected')).toBe('false')
      expect(shown()).toEqual([])
      expect(screen.getByText('正在加载')).toBeTruthy()
      // Not for a single render: no empty state (nothing has been answered yet), no old list, no footer.
      expect(added.some((t) => t.includes('正在加载'))).toBe(true)
      expect(added.some((t) => t.includes('没有草稿的公告'))).toBe(false)
      expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull()
      expect(screen.queryByText('没有更多了')).toBeNull()

      drafts.resolve(page([managed(3, { state: 'draft', stateLabel: '草稿' })]))
      await waitFor(() => expect(shown()).toEqual(['manage-3']))
      expect(screen.queryByText('正在加载')).toBeNull()
      // The new list has its own end: the cursor of 全部 is not offered under 草稿.
      expect(screen.getByText('没有更多了')).toBeTruthy()
    })

    it('from an empty tab, the next tap replaces its empty state with the skeleton (正在加载), never the next tab\'s empty state first', async () => {
      const withdrawn = deferred()
      api((c) => {
        const r = route(c)
        if (r.includes('status=draft')) return page([])
        if (r.includes('status=withdrawn')) return withdrawn.promise
        return page([managed(1)])
      })
      const { container } = render(<NoticeManagePage />)
      await waitFor(() => expect(shown()).toEqual(['manage-1']))
      fireEvent.click(tab('草稿'))
      await screen.findByText('没有草稿的公告')

      const added = await addedDuring(container, () => fireEvent.click(tab('已撤回')))
      expect(screen.getByText('正在加载')).toBeTruthy()
      expect(screen.queryByText('没有草稿的公告')).toBeNull()
      expect(added.some((t) => t.includes('没有已撤回的公告'))).toBe(false)

      withdrawn.resolve(page([]))
      expect(await screen.findByText('没有已撤回的公告')).toBeTruthy()
    })

    it('tapping the tab that is already on keeps the list', async () => {
      const calls = api(() => page([managed(1)]))
      render(<NoticeManagePage />)
      await waitFor(() => expect(shown()).toEqual(['manage-1']))
      fireEvent.click(tab('全部'))
      expect(shown()).toEqual(['manage-1'])
      expect(calls).toHaveLength(1)
    })

    it('a failed load after a switch shows 加载失败 with 重试 (not the old list, not 没有…的公告), and 重试 loads that tab', async () => {
      let fails = true
      const calls = api((c) => {
        if (!route(c).includes('status=published')) return page([managed(1, { state: 'draft', stateLabel: '草稿' })], 'c2')
        return fails ? fail(503, 'UNAVAILABLE', '网络不太稳定，请稍后再试') : page([managed(6)])
      })
      render(<NoticeManagePage />)
      await waitFor(() => expect(shown()).toEqual(['manage-1']))

      fireEvent.click(tab('已发布'))
      expect(await screen.findByText('加载失败')).toBeTruthy()
      expect(screen.getByText('网络不太稳定，请稍后再试')).toBeTruthy()
      expect(shown()).toEqual([])
      expect(screen.queryByText('没有已发布的公告')).toBeNull()
      expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull()

      fails = false
      fireEvent.click(screen.getByRole('button', { name: '重试' }))
      await waitFor(() => expect(shown()).toEqual(['manage-6']))
      expect(route(calls[calls.length - 1])).toBe('/notices?box=manage&limit=20&status=published')
      expect(screen.queryByText('加载失败')).toBeNull()
    })

    it('never pages the new tab with the cursor of the old one', async () => {
      const drafts = deferred()
      const calls = api((c) => {
        const r = route(c)
        if (r.includes('cursor=c2')) return page([managed(50)])
        return r.includes('status=draft') ? drafts.promise : page([managed(1)], 'c2')
      })
      render(<NoticeManagePage />)
      await screen.findByRole('button', { name: '加载更多' })

      fireEvent.click(tab('草稿'))
      // Whatever is on screen while 草稿 loads, 加载更多 is not.
      expect(screen.queryByRole('button', { name: '加载更多' })).toBeNull()
      drafts.resolve(page([managed(3, { state: 'draft', stateLabel: '草稿' })], 'd2'))
      await waitFor(() => expect(shown()).toEqual(['manage-3']))
      expect(calls.filter((c) => route(c).includes('cursor=c2'))).toEqual([])
      expect(screen.queryByText('公告50')).toBeNull()
    })

    it('never shows a late answer for the tab the user already left', async () => {
      const slow = deferred()
      api((c) => {
        const r = route(c)
        if (r.includes('status=draft')) return slow.promise
        if (r.includes('status=published')) return page([managed(8)])
        return page([managed(1)])
      })
      render(<NoticeManagePage />)
      await waitFor(() => expect(shown()).toEqual(['manage-1']))
      fireEvent.click(tab('草稿'))
      fireEvent.click(tab('已发布'))
      await waitFor(() => expect(shown()).toEqual(['manage-8']))
      slow.resolve(page([managed(7, { state: 'draft', stateLabel: '草稿' })]))
      await new Promise((r) => setTimeout(r, 0))
      expect(shown()).toEqual(['manage-8'])
      expect(tab('已发布').getAttribute('aria-selected')).toBe('true')
    })
  })
})
