import { fireEvent, render, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import { api, byId, policies, route, signIn } from '../../../../test/support'
import { serviceSummary } from '../bookingFixtures'
import BookingEntry from '../home/BookingEntry'
import ServiceManagePage from './index'

const TREE = [{ id: 1, name: '青石街道', children: [{ id: 1, name: '青石社区', children: [] }, { id: 2, name: '柳岸社区', children: [] }] }]

describe('预约服务', () => {
  it('lists a community’s services, those taken off the list too, and opens slots, the editor and 新增服务', async () => {
    signIn(['admin'])
    const calls = api((c) => {
      if (route(c) === '/regions') return { statusCode: 200, data: { data: TREE } }
      const community = /communityId=(\d+)/.exec(route(c))?.[1]
      return {
        statusCode: 200,
        data: {
          data: community === '1'
            ? [serviceSummary(1, { name: '居住证办理' }), serviceSummary(2, { name: '上门维修', feeFen: 3000, feeText: '¥30.00', homeService: true, active: false, nextAvailableAt: null })]
            : [serviceSummary(9, { communityId: 2, name: '老年证办理' })],
        },
      }
    })
    render(<ServiceManagePage />)
    await waitFor(() => byId('service-2'))
    expect(route(calls.find((c) => route(c).startsWith('/services'))!)).toBe('/services?communityId=1&all=true')
    expect(byId('service-1').textContent).toContain('已上架')
    expect(byId('service-2').textContent).toContain('已下架')
    expect(byId('service-2').textContent).toContain('一楼综合窗口 · ¥30.00 · 约30分钟 · 上门服务')
    expect(byId('service-2').textContent).toContain('暂无可约时段')

    fireEvent.click(byId('service-1-slots'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/workbench/slots/index?serviceId=1' })
    fireEvent.click(byId('service-2-edit'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/workbench/service-edit/index?id=2' })

    fireEvent.click(byId('services-community-2'))
    await waitFor(() => byId('service-9'))
    expect(document.getElementById('service-1')).toBeNull()
    fireEvent.click(byId('service-new'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/workbench/service-edit/index?communityId=2' })
  })
})

describe('工作台 entries', () => {
  it('offers 预约窗口 and 预约服务 when the API allows bookingDesk (committee staff, administrators)', () => {
    const first = render(<BookingEntry policies={policies('bookingDesk', 'composeNotices')} />)
    fireEvent.click(byId('open-service-desk'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/workbench/desk/index' })
    fireEvent.click(byId('open-service-manage'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/workbench/services/index' })
    first.unmount()
    render(<BookingEntry policies={policies('reportInbox', 'patrol', 'visits', 'gridRanking', 'leaves')} />)
    expect(document.getElementById('booking-entry')).toBeNull()
  })
})
