import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it } from 'vitest'
import { fail, ok, page } from '../../../../test/fixtures/notices'
import { api, byId, deferred, route, signIn } from '../../../../test/support'
import { disclosureSummary } from '../testFixtures'
import DisclosureListPage from '.'

const shown = () => Array.from(document.querySelectorAll('#disclosure-list .disclosure-item')).map((el) => el.id)
const year = new Date().getFullYear()

beforeEach(() => signIn())

describe('三务公开 list', () => {
  it('lists every category first, with the sums in 元 and the withdrawal reason, and opens an item', async () => {
    const calls = api(() => page([
      disclosureSummary(3, { title: '9月财务收支', incomeFen: 1_550_050, expenseFen: 234_567 }),
      disclosureSummary(2, { category: 'affairs', title: '电梯加装意见征集', status: 'withdrawn', statusLabel: '已撤回', withdrawnReason: '数据有误，重新整理' }),
    ]))
    render(<DisclosureListPage />)
    await screen.findByText('9月财务收支')
    expect(route(calls[0])).toBe('/disclosures?limit=20')
    expect(shown()).toEqual(['disclosure-3', 'disclosure-2'])
    const finance = within(byId('disclosure-3'))
    expect(finance.getByText('15,500.50 元')).toBeTruthy()
    expect(finance.getByText('2,345.67 元')).toBeTruthy()
    expect(finance.getByText(/2026年9月/)).toBeTruthy()
    const withdrawn = within(byId('disclosure-2'))
    expect(withdrawn.getByText('已撤回')).toBeTruthy()
    expect(withdrawn.getByText('撤回原因：数据有误，重新整理')).toBeTruthy()

    fireEvent.click(byId('disclosure-3'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/disclosures/detail/index?id=3' })
  })

  it('filters by category tab and by year then quarter, starting the list over each time', async () => {
    const calls = api((c) => {
      const r = route(c)
      if (r.includes('period=')) return page([disclosureSummary(9, { title: '三季度财务' })])
      if (r.includes('category=finance')) return page([disclosureSummary(5, { title: '财务公开' })])
      return page([disclosureSummary(1, { category: 'party', title: '党员大会' })], 'c2')
    })
    render(<DisclosureListPage />)
    await screen.findByText('党员大会')

    fireEvent.click(byId('category-finance'))
    expect(byId('category-finance').getAttribute('aria-selected')).toBe('true')
    await screen.findByText('财务公开')
    expect(route(calls[1])).toBe('/disclosures?limit=20&category=finance')
    expect(shown()).toEqual(['disclosure-5'])

    expect(document.getElementById('quarter-filter')).toBeNull()
    fireEvent.click(byId(`year-${year}`))
    await screen.findByText('三季度财务')
    expect(route(calls[2])).toBe(`/disclosures?limit=20&category=finance&period=${year}`)

    fireEvent.click(byId('quarter-Q3'))
    await waitFor(() => expect(calls).toHaveLength(4))
    expect(route(calls[3])).toBe(`/disclosures?limit=20&category=finance&period=${year}-Q3`)
    expect(byId('quarter-Q3').getAttribute('aria-checked')).toBe('true')

    fireEvent.click(byId('year-all'))
    await waitFor(() => expect(calls).toHaveLength(5))
    expect(route(calls[4])).toBe('/disclosures?limit=20&category=finance')
    expect(document.getElementById('quarter-filter')).toBeNull()
  })

  it('pages by cursor with the filters kept', async () => {
    const calls = api((c) => (route(c).includes('cursor=') ? page([disclosureSummary(4)]) : page([disclosureSummary(8)], 'next-1')))
    render(<DisclosureListPage />)
    fireEvent.click(byId('category-party'))
    fireEvent.click(await screen.findByRole('button', { name: '加载更多' }))
    await screen.findByText('公开事项4')
    expect(route(calls[calls.length - 1])).toBe('/disclosures?limit=20&cursor=next-1&category=party')
    expect(shown()).toEqual(['disclosure-8', 'disclosure-4'])
    expect(screen.getByText('没有更多了')).toBeTruthy()
  })

  it('shows the skeleton (正在加载) first, then which filter is empty', async () => {
    const reply = deferred()
    api((c) => (route(c).includes('category=party') ? reply.promise : page([disclosureSummary(1)])))
    render(<DisclosureListPage />)
    await screen.findByText('公开事项1')
    fireEvent.click(byId('category-party'))
    expect(screen.getByText('正在加载')).toBeTruthy()
    expect(screen.queryByText('暂无公开事项')).toBeNull()
    reply.resolve(page([]))
    expect(await screen.findByText('没有「党务」的公开事项，可换个类别或期间看看。')).toBeTruthy()
  })

  it('shows the error with 重试, which loads again', async () => {
    let fails = true
    const calls = api(() => (fails ? fail(500, 'INTERNAL', '服务器开小差了') : page([disclosureSummary(6)])))
    render(<DisclosureListPage />)
    expect(await screen.findByText('服务器开小差了')).toBeTruthy()
    fails = false
    fireEvent.click(screen.getByRole('button', { name: '重试' }))
    await screen.findByText('公开事项6')
    expect(calls).toHaveLength(2)
  })

  it('opens the totals page', async () => {
    api(() => page([]))
    render(<DisclosureListPage />)
    fireEvent.click(byId('open-totals'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/disclosures/totals/index' })
  })

  it('offers 订阅三务公开答复提醒 in WeChat when the API has a disclosure template', async () => {
    process.env.TARO_ENV = 'weapp'
    api((c) => (route(c) === '/subscriptions' ? ok([{ key: 'disclosure', templateId: 'T-disclosure', title: '提问答复', remaining: 0 }]) : page([disclosureSummary(1)])))
    render(<DisclosureListPage />)
    expect((await screen.findByRole('button', { name: '订阅三务公开答复提醒' })).closest('[id]')!.id).toBe('subscribe-disclosures')
  })
})

describe('三务公开 list without a household', () => {
  it('explains and offers 绑定房屋 instead of an error when the API has no community for the caller', async () => {
    api(() => fail(400, 'VALIDATION_FAILED', 'communityId: 请选择社区', [{ field: 'communityId', message: '请选择社区' }]))
    render(<DisclosureListPage />)
    expect(await screen.findByText('还看不到社区的三务公开')).toBeTruthy()
    expect(screen.queryByText('加载失败')).toBeNull()
    fireEvent.click(byId('open-binding'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/profile/binding/index' })
  })
})
