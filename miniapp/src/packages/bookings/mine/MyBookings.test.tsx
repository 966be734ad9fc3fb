import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it } from 'vitest'
import { api, byId, route, signIn } from '../../../../test/support'
import { booking } from '../testFixtures'
import MyBookingsPage from './index'

beforeEach(() => signIn())

describe('我的预约', () => {
  it('lists upcoming bookings with the API labels, pages by cursor, switches to history, and opens one', async () => {
    const calls = api((c) => {
      const r = route(c)
      if (r.includes('when=past')) return { statusCode: 200, data: { data: [booking(3, { status: 'cancelled', statusLabel: '已取消' })], page: { nextCursor: null } } }
      if (r.includes('cursor=c2')) return { statusCode: 200, data: { data: [booking(2, { code: 'ABCD2345' })], page: { nextCursor: null } } }
      return { statusCode: 200, data: { data: [booking(1)], page: { nextCursor: 'c2' } } }
    })
    render(<MyBookingsPage />)
    await screen.findByText('12月3日 周四 09:00–09:30')
    expect(byId('booking-1').textContent).toContain('已预约')
    expect(byId('booking-1').textContent).toContain('预约码 K7M3QX9A')
    fireEvent.click(byId('load-more'))
    await waitFor(() => expect(byId('booking-2').textContent).toContain('ABCD2345'))
    fireEvent.click(byId('when-past'))
    await waitFor(() => expect(byId('booking-3').textContent).toContain('已取消'))
    expect(calls.map(route)).toEqual(['/bookings?when=upcoming&limit=20', '/bookings?when=upcoming&limit=20&cursor=c2', '/bookings?when=past&limit=20'])
    fireEvent.click(byId('booking-3'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/bookings/detail/index?id=3' })
  })

  it('says how to book when there is nothing ahead', async () => {
    api(() => ({ statusCode: 200, data: { data: [], page: { nextCursor: null } } }))
    render(<MyBookingsPage />)
    await screen.findByText('没有待办理的预约')
    fireEvent.click(byId('book-service'))
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/services/index' })
  })
})
