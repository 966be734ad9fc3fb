import { fireEvent, render, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { api, byId, route, signIn, type Call } from '../../../../test/support'
import { deskBooking, NO_BOOKING_ACTIONS, serviceSummary } from '../bookingFixtures'
import DeskPage from './index'

const TREE = [{ id: 1, name: '青石街道', children: [{ id: 1, name: '青石社区', children: [] }] }]
const ok = (data: unknown) => ({ statusCode: 200, data: { data } })
const codeInput = () => byId('desk-code').querySelector('input') as HTMLInputElement

function serve(opts: { day?: (c: Call) => unknown[]; extra?: (c: Call) => { statusCode: number; data: unknown } | undefined } = {}) {
  return api((c) => {
    const answer = opts.extra?.(c)
    if (answer) return answer
    const r = route(c)
    if (r === '/regions') return ok(TREE)
    if (r.startsWith('/services?')) return ok([serviceSummary(1), serviceSummary(2, { department: '二楼社保窗口' }), serviceSummary(3)])
    if (r.startsWith('/service-desk/day')) return ok(opts.day ? opts.day(c) : [])
    return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '预约不存在' }, requestId: 'r' } }
  })
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2026-12-03T01:00:00.000Z'))
  signIn(['committee'])
})
afterEach(() => {
  vi.useRealTimers()
  delete (Taro as unknown as Record<string, unknown>).scanCode
})

describe('预约窗口: code lookup and check-in', () => {
  it('finds the booking by the code typed, checks the resident in, and then offers 办结', async () => {
    const calls = serve({
      extra: (c) => {
        if (route(c).startsWith('/bookings/lookup')) return ok(deskBooking(7))
        if (c.method === 'POST') return ok({ ...deskBooking(7), status: 'checked_in', statusLabel: '已签到', allowedActions: { ...NO_BOOKING_ACTIONS, complete: true } })
        return undefined
      },
    })
    render(<DeskPage />)
    await waitFor(() => expect(calls.some((c) => route(c).startsWith('/service-desk/day'))).toBe(true))
    fireEvent.change(codeInput(), { target: { value: 'abcd 2345' } })
    fireEvent.click(byId('desk-lookup'))

    const card = await waitFor(() => byId('desk-booking'))
    expect(route(calls.find((c) => route(c).startsWith('/bookings/lookup'))!)).toBe('/bookings/lookup?code=ABCD2345')
    expect(byId('desk-booking-status').textContent).toBe('已预约')
    expect(within(card).getByText('张*明 · 138****0000 · 预约码', { exact: false })).toBeTruthy()
    expect(document.getElementById('desk-noshow')).toBeTruthy()
    expect(document.getElementById('desk-complete')).toBeNull()

    const before = calls.length
    fireEvent.click(byId('desk-checkin'))
    await waitFor(() => expect(byId('desk-booking-status').textContent).toBe('已签到'))
    const post = calls.find((c) => c.method === 'POST')!
    expect([route(post), post.data]).toEqual(['/bookings/7/check-in', { code: 'ABCD2345' }])
    expect(document.getElementById('desk-checkin')).toBeNull()
    expect(byId('desk-complete').textContent).toBe('办结')
    expect(byId('desk-booking').textContent).toContain('张*明') // the masked name stays on the card
    expect(document.getElementById('desk-booking-hint')).toBeNull()
    await waitFor(() => expect(calls.slice(before).some((c) => route(c).startsWith('/service-desk/day'))).toBe(true))
  })

  it('says plainly when no booking has the code, and checks the format before asking', async () => {
    const calls = serve()
    render(<DeskPage />)
    fireEvent.change(codeInput(), { target: { value: 'ABC' } })
    fireEvent.click(byId('desk-lookup'))
    expect(byId('desk-lookup-error').textContent).toBe('预约码为8位字母或数字')
    expect(calls.some((c) => route(c).startsWith('/bookings/lookup'))).toBe(false)
    fireEvent.change(codeInput(), { target: { value: 'ZZZZ2345' } })
    fireEvent.click(byId('desk-lookup'))
    await waitFor(() => expect(byId('desk-lookup-error').textContent).toBe('没有找到这个预约码，请核对后重试'))
    expect(document.getElementById('desk-booking')).toBeNull()
  })

  it('hides scanning in H5; in WeChat a scanned QR code fills the code and looks it up', async () => {
    serve({ extra: (c) => (route(c).startsWith('/bookings/lookup') ? ok(deskBooking(7)) : undefined) })
    const first = render(<DeskPage />)
    await waitFor(() => byId('desk-lookup'))
    expect(document.getElementById('desk-scan')).toBeNull()
    first.unmount()

    process.env.TARO_ENV = 'weapp'
    const scanCode = vi.fn(async () => ({ result: 'abcd2345', scanType: 'QR_CODE' }))
    Object.assign(Taro, { scanCode })
    render(<DeskPage />)
    fireEvent.click(await waitFor(() => byId('desk-scan')))
    await waitFor(() => byId('desk-booking'))
    expect(scanCode).toHaveBeenCalled()
    expect(codeInput().value).toBe('ABCD2345')
  })
})

describe('预约窗口: the day list', () => {
  const pending = deskBooking(1, { status: 'pending', statusLabel: '待确认', allowedActions: { ...NO_BOOKING_ACTIONS, confirm: true } })
  const inside = deskBooking(2, { code: 'WXYZ6789', status: 'checked_in', statusLabel: '已签到', allowedActions: { ...NO_BOOKING_ACTIONS, complete: true, checkIn: true } })
  const due = deskBooking(3, { code: 'HJKM6789', allowedActions: { ...NO_BOOKING_ACTIONS, checkIn: true, noShow: true } })

  it('shows each booking with only the buttons its allowedActions permit (签到 stays with the code box)', async () => {
    serve({ day: () => [pending, inside, due] })
    render(<DeskPage />)
    await waitFor(() => byId('desk-row-1'))
    expect(byId('desk-row-1-status').textContent).toBe('待确认')
    expect(byId('desk-row-1-confirm').textContent).toBe('确认预约')
    expect(byId('desk-row-2-complete').textContent).toBe('办结')
    expect(document.getElementById('desk-row-2-checkin')).toBeNull()
    expect(byId('desk-row-3-noshow').textContent).toBe('未到场')
    expect(document.getElementById('desk-row-3-checkin')).toBeNull()
    expect(document.getElementById('desk-row-1-noshow')).toBeNull()
  })

  it('filters by window and moves by day', async () => {
    const calls = serve({ day: () => [pending] })
    render(<DeskPage />)
    await waitFor(() => byId('desk-row-1'))
    expect(route(calls.find((c) => route(c).startsWith('/service-desk/day'))!)).toBe('/service-desk/day?communityId=1&date=2026-12-03')
    expect(byId('desk-date-title').textContent).toBe('12月3日 周四今天')
    expect(byId('desk-window-1').textContent).toBe('二楼社保窗口')
    fireEvent.click(byId('desk-window-1'))
    await waitFor(() => expect(calls.some((c) => route(c) === `/service-desk/day?communityId=1&date=2026-12-03&department=${encodeURIComponent('二楼社保窗口')}`)).toBe(true))
    fireEvent.click(byId('desk-next-day'))
    await waitFor(() => expect(calls.some((c) => route(c).startsWith('/service-desk/day?communityId=1&date=2026-12-04'))).toBe(true))
    expect(byId('desk-date-title').textContent).toBe('12月4日 周五')
  })

  it('asks before 未到场 and sends nothing when the staff member says no', async () => {
    const calls = serve({
      day: () => [due],
      extra: (c) => (c.method === 'POST' ? ok({ ...due, status: 'no_show', statusLabel: '未到场', allowedActions: NO_BOOKING_ACTIONS }) : undefined),
    })
    render(<DeskPage />)
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true } as never)
    fireEvent.click(await waitFor(() => byId('desk-row-3-noshow')))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(calls.some((c) => c.method === 'POST')).toBe(false)

    fireEvent.click(byId('desk-row-3-noshow'))
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true))
    expect(route(calls.find((c) => c.method === 'POST')!)).toBe('/bookings/3/no-show')
  })

  it('confirms a pending booking from its row', async () => {
    const calls = serve({
      day: () => [pending],
      extra: (c) => (c.method === 'POST' ? ok({ ...pending, status: 'confirmed', statusLabel: '已预约', allowedActions: NO_BOOKING_ACTIONS }) : undefined),
    })
    render(<DeskPage />)
    fireEvent.click(await waitFor(() => byId('desk-row-1-confirm')))
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true))
    const post = calls.find((c) => c.method === 'POST')!
    expect([route(post), post.data]).toEqual(['/bookings/1/confirm', {}])
    expect(Taro.showModal).not.toHaveBeenCalled()
  })
})
