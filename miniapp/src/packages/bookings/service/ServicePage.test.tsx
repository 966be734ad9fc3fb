import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { routerParams } from '../../../../test/mocks/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { api, byId, route, signIn, type Call, type Reply } from '../../../../test/support'
import { bookingDetail, meWith, serviceDetail, slot } from '../testFixtures'
import ServicePage from './index'

const SLOTS = [slot(11, '2026-12-03', '09:00', 3), slot(12, '2026-12-03', '09:30', 0), slot(13, '2026-12-04', '09:00', 10), slot(14, '2026-12-04', '14:00', 2, { status: 'closed', bookable: false })]
const ok = (data: unknown): Reply => ({ statusCode: 200, data: { data } })

/** Answers the page's reads; `book` answers POST /bookings. */
function serve(book: (c: Call) => Reply, service = serviceDetail(5)) {
  return api((c) => {
    const r = route(c)
    if (r === '/services/5') return ok(service)
    if (r === '/services/5/slots') return ok(SLOTS)
    if (r === '/me') return ok(meWith([{ id: 9, address: '青石小区 3号楼 301' }, { id: 10, address: '青石小区 5号楼 102' }, { id: 20, address: '别的社区 1号楼', communityId: 2 }]))
    if (r === '/bookings' && c.method === 'POST') return book(c)
    return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: 'nope' } } }
  })
}
const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST')

beforeEach(() => {
  signIn()
  routerParams.current = { id: '5' }
})

describe('服务详情 and booking', () => {
  it('shows rules and the calendar with places left; full and closed slots are disabled; booking sends one Idempotency-Key and opens the detail', async () => {
    const calls = serve(() => ({ statusCode: 201, data: { data: { ...bookingDetail(77), requestPayment: null } } }))
    render(<ServicePage />)
    await screen.findByText('可提前14天预约，至少提前1小时；开始前2小时可免费取消')
    expect(byId('service-eligibility').textContent).toContain('本社区已绑定房屋的居民')
    await screen.findByText('余 3')
    expect(byId('slot-12').textContent).toContain('已约满')
    expect(byId('slot-12').getAttribute('aria-disabled')).toBe('true')
    fireEvent.click(byId('slot-12'))
    expect(document.getElementById('booking-sheet')).toBeNull()
    fireEvent.click(byId('day-2026-12-04'))
    expect(byId('slot-14').textContent).toContain('已关闭')
    fireEvent.click(byId('day-2026-12-03'))

    fireEvent.click(byId('slot-11'))
    expect(byId('sheet-time').querySelector('.row__value')!.textContent).toBe('12月3日 周四 09:00–09:30')
    expect(byId('sheet-materials').textContent).toContain('一寸照片 ×2（白底）')
    fireEvent.change(byId('field-note').querySelector('textarea')!, { target: { value: '  腿脚不便  ' } })
    fireEvent.click(byId('confirm-booking'))
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/bookings/detail/index?id=77' }))
    const [post] = posts(calls)
    expect(post.data).toEqual({ slotId: 11, note: '腿脚不便' })
    expect(post.header['Idempotency-Key']).toMatch(/^mp-/)
    expect(Taro.showToast).toHaveBeenCalledWith({ title: '预约成功', icon: 'success' })
  })

  it('retries a lost answer with the same key; a changed note is a new attempt with a new key', async () => {
    let n = 0
    const calls = serve(() => {
      n += 1
      if (n === 1) throw new Error('network down')
      if (n === 2) return { statusCode: 503, data: { error: { code: 'UNAVAILABLE', message: '服务繁忙，请稍后重试' } } }
      return { statusCode: 201, data: { data: { ...bookingDetail(78), requestPayment: null } } }
    })
    render(<ServicePage />)
    fireEvent.click(await screen.findByText('余 3'))
    fireEvent.click(byId('confirm-booking'))
    await screen.findByText('网络连接失败，请检查网络后重试')
    fireEvent.click(byId('confirm-booking'))
    await screen.findByText('服务繁忙，请稍后重试')
    fireEvent.change(byId('field-note').querySelector('textarea')!, { target: { value: '带孩子一起' } })
    fireEvent.click(byId('confirm-booking'))
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalled())
    const keys = posts(calls).map((c) => c.header['Idempotency-Key'])
    expect(keys).toHaveLength(3)
    expect(keys[1]).toBe(keys[0])
    expect(keys[2]).not.toBe(keys[0])
  })

  it('on 409 SLOT_FULL says 该时段已约满, offers the next slots with room, reloads the calendar, and books the one picked', async () => {
    const calls = serve((c) => {
      const body = c.data as { slotId: number }
      if (body.slotId === 11) {
        return { statusCode: 409, data: { error: { code: 'SLOT_FULL', message: '该时段已约满', details: { nextSlots: [{ id: 13, startsAt: SLOTS[2].startsAt, endsAt: SLOTS[2].endsAt, remaining: 10 }] } } } }
      }
      return { statusCode: 201, data: { data: { ...bookingDetail(79), requestPayment: null } } }
    })
    render(<ServicePage />)
    fireEvent.click(await screen.findByText('余 3'))
    fireEvent.click(byId('confirm-booking'))
    await screen.findByText('该时段已约满')
    expect(byId('confirm-booking').hasAttribute('disabled')).toBe(true)
    const offered = byId('offered-13')
    expect(offered.textContent).toBe('12月4日 周五 09:00–09:30 余 10')
    await waitFor(() => expect(calls.filter((c) => route(c) === '/services/5/slots')).toHaveLength(2))
    fireEvent.click(offered)
    expect(byId('sheet-time').querySelector('.row__value')!.textContent).toBe('12月4日 周五 09:00–09:30')
    expect(document.getElementById('slot-full')).toBeNull()
    fireEvent.click(byId('confirm-booking'))
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/bookings/detail/index?id=79' }))
    const [first, second] = posts(calls)
    expect(second.data).toEqual({ slotId: 13 })
    expect(second.header['Idempotency-Key']).not.toBe(first.header['Idempotency-Key'])
  })

  it('shows why the resident cannot book and keeps the button disabled', async () => {
    const calls = serve(() => ok({}), serviceDetail(5, { bookable: { ok: false, reason: '您近期3次预约未到场，2026年12月30日前不能预约' } }))
    render(<ServicePage />)
    expect((await screen.findByText('您近期3次预约未到场，2026年12月30日前不能预约')).id).toBe('service-blocked')
    fireEvent.click(await screen.findByText('余 3'))
    expect(byId('sheet-blocked').textContent).toContain('未到场')
    expect(byId('confirm-booking').hasAttribute('disabled')).toBe(true)
    fireEvent.click(byId('confirm-booking'))
    expect(posts(calls)).toHaveLength(0)
  })

  it('a paid service without WeChat Pay on the server cannot be booked online', async () => {
    serve(() => ok({}), serviceDetail(5, { feeFen: 1200, feeText: '¥12.00', paymentAvailable: false }))
    render(<ServicePage />)
    await screen.findByText('暂不支持在线支付，请到窗口办理')
    fireEvent.click(await screen.findByText('余 3'))
    expect(byId('confirm-booking').hasAttribute('disabled')).toBe(true)
  })

  it('a paid home service: picks one of my households here, pays with requestPayment in WeChat', async () => {
    process.env.TARO_ENV = 'weapp'
    const pay = { timeStamp: '1700000000', nonceStr: 'n0nce', package: 'prepay_id=wx123', signType: 'RSA' as const, paySign: 'c2ln' }
    const requestPayment = vi.fn(async () => ({ errMsg: 'requestPayment:ok' }))
    Object.assign(Taro, { requestPayment })
    const calls = serve(
      () => ({ statusCode: 201, data: { data: { ...bookingDetail(80, { status: 'awaiting_payment' }), requestPayment: pay } } }),
      serviceDetail(5, { feeFen: 5000, feeText: '¥50.00', paymentAvailable: true, homeService: true }),
    )
    render(<ServicePage />)
    fireEvent.click(await screen.findByText('余 3'))
    await screen.findByText('青石小区 5号楼 102')
    expect(screen.queryByText('别的社区 1号楼')).toBeNull()
    expect(byId('confirm-booking').hasAttribute('disabled')).toBe(true) // two households: pick one first
    fireEvent.click(byId('household-10'))
    expect(byId('confirm-booking').textContent).toBe('确认并支付 ¥50.00')
    fireEvent.click(byId('confirm-booking'))
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/bookings/detail/index?id=80' }))
    expect(posts(calls)[0].data).toEqual({ slotId: 11, householdId: 10 })
    expect(requestPayment).toHaveBeenCalledWith(pay)
    expect(Taro.showToast).toHaveBeenCalledWith({ title: '支付成功，正在确认', icon: 'none' })
  })

  it('in the H5 portal a paid booking says to pay in the mini-program and keeps the booking', async () => {
    serve(
      () => ({ statusCode: 201, data: { data: { ...bookingDetail(81, { status: 'awaiting_payment', holdUntil: '2026-12-01T02:15:00.000Z' }), requestPayment: { timeStamp: '1', nonceStr: 'n', package: 'prepay_id=x', signType: 'RSA', paySign: 's' } } } }),
      serviceDetail(5, { feeFen: 1200, feeText: '¥12.00', paymentAvailable: true }),
    )
    render(<ServicePage />)
    fireEvent.click(await screen.findByText('余 3'))
    fireEvent.click(byId('confirm-booking'))
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/bookings/detail/index?id=81' }))
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '请在微信小程序中完成支付', content: expect.stringContaining('2026-12-01 10:15') }))
  })
})
