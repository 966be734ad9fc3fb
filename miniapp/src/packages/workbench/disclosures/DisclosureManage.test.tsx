import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it } from 'vitest'
import { page } from '../../../../test/fixtures/notices'
import { api, byId, route, signIn } from '../../../../test/support'
import { disclosureSummary } from '../../disclosures/testFixtures'
import DisclosureManagePage from '.'

beforeEach(() => signIn(['committee'], 3))

describe('三务公开管理 list', () => {
  it('lists the items by category and opens one, or the publishing form', async () => {
    const calls = api((c) => (route(c).includes('category=party')
      ? page([disclosureSummary(7, { category: 'party', title: '党员大会纪要' })])
      : page([disclosureSummary(5, { title: '9月财务收支', status: 'withdrawn', statusLabel: '已撤回' })])))
    render(<DisclosureManagePage />)
    await screen.findByText('9月财务收支')
    expect(route(calls[0])).toBe('/disclosures?limit=20')
    expect(byId('manage-disclosure-5').textContent).toContain('已撤回')

    fireEvent.click(byId('manage-category-party'))
    await screen.findByText('党员大会纪要')
    expect(route(calls[1])).toBe('/disclosures?limit=20&category=party')
    fireEvent.click(byId('manage-disclosure-7'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/workbench/disclosures/item/index?id=7' })
    fireEvent.click(byId('new-disclosure'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/workbench/disclosures/edit/index' })
  })

  it('says so when there is nothing yet', async () => {
    api(() => page([]))
    render(<DisclosureManagePage />)
    expect(await screen.findByText('还没有公开事项')).toBeTruthy()
  })
})
