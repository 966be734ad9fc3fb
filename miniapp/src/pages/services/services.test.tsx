import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import { api, byId, route, signIn } from '../../../test/support'
import { meWith, serviceSummary } from '../../packages/bookings/testFixtures'
import ServicesPage, { nextTimeText } from './index'

const ok = (data: unknown) => ({ statusCode: 200, data: { data } })

describe('办事 tab', () => {
  it('says when the next free time is in words: 今天, 明天, or the date and weekday', () => {
    const now = new Date('2026-11-30T01:00:00.000Z') // Monday 09:00 in Shanghai
    expect(nextTimeText('2026-11-30T06:00:00.000Z', now)).toBe('今天 14:00')
    expect(nextTimeText('2026-11-30T23:30:00.000Z', now)).toBe('明天 07:30')
    expect(nextTimeText('2026-12-03T01:00:00.000Z', now)).toBe('12月3日 周四 09:00')
  })

  it('asks to log in first', () => {
    const calls = api(() => ok([]))
    render(<ServicesPage />)
    expect(byId('services-login').textContent).toContain('登录后即可预约')
    fireEvent.click(byId('services-login-button'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
    expect(calls).toHaveLength(0)
  })

  it('lists the services of my community with fee, window, duration, materials and the next free time', async () => {
    signIn()
    api((c) => (route(c) === '/me' ? ok(meWith([{ id: 9, address: '青石小区 3号楼 301' }])) : ok([
      serviceSummary(5, { name: '居住证办理' }),
      serviceSummary(6, { name: '上门维修', feeFen: 5000, feeText: '¥50.00', homeService: true, department: '物业维修', materialsCount: 0, nextAvailableAt: null }),
    ])))
    render(<ServicesPage />)
    await screen.findByText('居住证办理')
    expect(byId('service-5').textContent).toContain('免费')
    expect(byId('service-5').textContent).toContain('社区服务中心 1号窗口 · 约30分钟 · 需带材料2项')
    expect(byId('service-5-next').textContent).toMatch(/^最近可约：/)
    expect(byId('service-6').textContent).toContain('¥50.00')
    expect(byId('service-6').textContent).toContain('上门服务 · 物业维修')
    expect(byId('service-6-next').textContent).toBe('近期已约满或暂无时段')
    expect(document.getElementById('services-bind')).toBeNull()
    fireEvent.click(screen.getByText('居住证办理'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/bookings/service/index?id=5' })
    fireEvent.click(byId('open-my-bookings'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/bookings/mine/index' })
  })

  it('without an approved household explains that binding comes first, with the way there', async () => {
    signIn()
    api((c) => (route(c) === '/me' ? ok(meWith([{ id: 9, address: '青石小区 3号楼 301', status: 'pending' }])) : ok([])))
    render(<ServicesPage />)
    expect((await screen.findByText('绑定房屋后可预约本社区服务')).textContent).toBeTruthy()
    await screen.findByText('暂时没有可预约的服务')
    fireEvent.click(byId('services-bind-button'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/profile/binding/index' })
  })

  it('a failed load shows the message and loads again on 重试', async () => {
    signIn()
    let fail = true
    api((c) => {
      if (route(c) === '/me') return ok(meWith([{ id: 9, address: '青石小区 3号楼 301' }]))
      if (fail) return { statusCode: 500, data: { error: { code: 'INTERNAL', message: '服务出错了' }, requestId: 'r9' } }
      return ok([serviceSummary(5, { name: '居住证办理' })])
    })
    render(<ServicesPage />)
    await screen.findByText('服务出错了')
    fail = false
    fireEvent.click(screen.getByText('重试'))
    await screen.findByText('居住证办理')
  })
})
