import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { routerParams } from '../../../../test/mocks/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { api, byId, route, signIn, type Call } from '../../../../test/support'
import { actions, bookingDetail, slot } from '../testFixtures'
import { cancelWarning } from './BookingActions'
import BookingDetailPage, { freeCancelText } from './index'

beforeEach(() => {
  signIn()
  routerParams.current = { id: '77' }
})

describe('预约详情', () => {
  it('shows the code big with its QR, time, place and the materials; cancelling asks first and shows 已取消', async () => {
    const calls = api((c: Call) => {
      if (route(c) === '/bookings/77/cancel') {
        return { statusCode: 200, data: { data: { ...bookingDetail(77, { status: 'cancelled', statusLabel: '已取消', cancelledBy: 'resident' }), refundQueued: false, notice: '预约已取消。' } } }
      }
      return { statusCode: 200, data: { data: bookingDetail(77, { allowedActions: actions({ cancel: true, reschedule: true }) }) } }
    })
    render(<BookingDetailPage />)
    expect((await screen.findByText('K7M3QX9A')).id).toBe('booking-code')
    const qr = byId('booking-qr')
    expect(qr.getAttribute('aria-label')).toBe('预约码 K7M3QX9A 的二维码')
    expect(qr.querySelectorAll('.qr__row')).toHaveLength(21)
    expect(byId('booking-status').textContent).toBe('已预约')
    expect(byId('booking-when').textContent).toContain('12月3日 周四 09:00–09:30')
    expect(byId('booking-place').textContent).toContain('社区服务中心 1号窗口')
    expect(byId('materials-ready').textContent).toBe('已备齐 0/3')

    vi.mocked(Taro.showModal).mockImplementationOnce(async () => ({ confirm: false, cancel: true, errMsg: 'showModal:ok' }))
    fireEvent.click(byId('booking-cancel'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(calls.some((c) => c.method === 'POST')).toBe(false)

    fireEvent.click(byId('booking-cancel'))
    await waitFor(() => expect(byId('booking-status').textContent).toBe('已取消'))
    expect(vi.mocked(Taro.showModal).mock.calls[1][0]).toMatchObject({ title: '取消预约', content: expect.stringContaining('名额会让给其他居民') })
    expect(calls.filter((c) => c.method === 'POST').map(route)).toEqual(['/bookings/77/cancel'])
    expect(byId('booking-cancelled').textContent).toBe('您已取消此预约')
    expect(document.getElementById('booking-notice')).toBeNull() // nothing to add for a free service
    expect(document.getElementById('booking-free-cancel')).toBeNull()
    expect(document.getElementById('booking-qr')).toBeNull()
    expect(document.getElementById('booking-actions')).toBeNull()
  })

  it('warns that a paid fee is not refunded once past the free cancellation time', () => {
    const paid = bookingDetail(77, { feeFen: 1200, payment: { status: 'paid', statusLabel: '已支付', paidAt: '2026-12-01T02:00:00.000Z', refund: null } })
    expect(cancelWarning(paid, Date.parse('2026-12-02T23:30:00.000Z'))).toContain('已过免费取消时间（2026-12-03 07:00），取消后费用不予退还')
    expect(cancelWarning(paid, Date.parse('2026-12-02T20:00:00.000Z'))).toContain('费用将原路退回')
    expect(freeCancelText(paid, Date.parse('2026-12-02T20:00:00.000Z'))).toBe('2026-12-03 07:00 前取消，费用原路退回')
    expect(freeCancelText(paid, Date.parse('2026-12-02T23:30:00.000Z'))).toBe('已过免费取消时间（2026-12-03 07:00），现在取消费用不予退还')
  })

  it('a paid cancellation shows what the API says about the refund', async () => {
    const paid = { feeFen: 1200, service: { ...bookingDetail(77).service, feeFen: 1200, feeText: '¥12.00' }, payment: { status: 'paid' as const, statusLabel: '已支付', paidAt: '2026-12-01T02:00:00.000Z', refund: null } }
    api((c: Call) => {
      if (route(c) === '/bookings/77/cancel') {
        const refund = { status: 'pending' as const, statusLabel: '退款待发起' }
        return { statusCode: 200, data: { data: { ...bookingDetail(77, { ...paid, status: 'cancelled', statusLabel: '已取消', cancelledBy: 'resident', payment: { ...paid.payment, refund } }), refundQueued: true, notice: '预约已取消，已支付的费用将原路退回' } } }
      }
      return { statusCode: 200, data: { data: bookingDetail(77, { ...paid, allowedActions: actions({ cancel: true }) }) } }
    })
    render(<BookingDetailPage />)
    fireEvent.click(await screen.findByText('取消预约'))
    await waitFor(() => expect(byId('booking-notice').textContent).toBe('预约已取消，已支付的费用将原路退回'))
    expect(byId('booking-refund').textContent).toContain('退款待发起')
  })

  it('reschedules to another slot of the service; the current one is not offered', async () => {
    const slots = [slot(11, '2026-12-03', '09:00', 3), slot(13, '2026-12-03', '10:00', 5)]
    const calls = api((c: Call) => {
      const r = route(c)
      if (r === '/services/5/slots') return { statusCode: 200, data: { data: slots } }
      if (r === '/bookings/77/reschedule') {
        return { statusCode: 200, data: { data: bookingDetail(77, { whenText: '12月3日 周四 10:00–10:30', slot: { id: 13, startsAt: slots[1].startsAt, endsAt: slots[1].endsAt } }) } }
      }
      return { statusCode: 200, data: { data: bookingDetail(77, { allowedActions: actions({ cancel: true, reschedule: true }) }) } }
    })
    render(<BookingDetailPage />)
    fireEvent.click(await screen.findByText('改约'))
    await screen.findByText('当前预约')
    expect(byId('slot-11').getAttribute('aria-disabled')).toBe('true')
    fireEvent.click(byId('slot-13'))
    expect(byId('confirm-reschedule').textContent).toBe('改到 12月3日 周四 10:00–10:30')
    fireEvent.click(byId('confirm-reschedule'))
    await waitFor(() => expect(byId('booking-when').textContent).toContain('10:00–10:30'))
    expect(calls.find((c) => route(c) === '/bookings/77/reschedule')!.data).toEqual({ slotId: 13 })
    expect(document.getElementById('reschedule-picker')).toBeNull()
  })

  it('awaiting payment: counts down the hold; the H5 portal says to pay in the mini-program', async () => {
    const holdUntil = new Date(Date.now() + 14 * 60_000 + 30_000).toISOString()
    api(() => ({ statusCode: 200, data: { data: bookingDetail(77, { status: 'awaiting_payment', statusLabel: '待支付', feeFen: 1200, holdUntil, allowedActions: actions({ pay: true, cancel: true }) }) } }))
    render(<BookingDetailPage />)
    const countdown = await screen.findByRole('timer')
    expect(countdown.textContent).toMatch(/^请在 14:(29|30) 内完成支付/)
    expect(byId('pay-in-wechat').textContent).toContain('请在微信小程序中完成支付')
    expect(document.getElementById('booking-pay')).toBeNull()
  })

  it('in WeChat 去支付 asks the API for the payment parameters and opens the payment sheet', async () => {
    process.env.TARO_ENV = 'weapp'
    const params = { timeStamp: '1700000000', nonceStr: 'n', package: 'prepay_id=wx1', signType: 'RSA', paySign: 's' }
    const requestPayment = vi.fn(async () => { throw { errMsg: 'requestPayment:fail cancel' } })
    Object.assign(Taro, { requestPayment })
    const calls = api((c: Call) => {
      if (route(c) === '/bookings/77/pay') return { statusCode: 200, data: { data: params } }
      const service = { ...bookingDetail(77).service, feeFen: 1200, feeText: '¥12.00' }
      return { statusCode: 200, data: { data: bookingDetail(77, { status: 'awaiting_payment', statusLabel: '待支付', feeFen: 1200, service, holdUntil: new Date(Date.now() + 600_000).toISOString(), allowedActions: actions({ pay: true }) }) } }
    })
    render(<BookingDetailPage />)
    fireEvent.click(await screen.findByText('去支付 ¥12.00'))
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith({ title: '未完成支付，可在预约详情中继续支付', icon: 'none' }))
    expect(requestPayment).toHaveBeenCalledWith(params)
    expect(calls.filter((c) => route(c) === '/bookings/77')).toHaveLength(2) // reloaded after the sheet closed
  })

  it('a booking of someone else (404) shows the API message with a retry', async () => {
    api(() => ({ statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '预约不存在' }, requestId: 'r1' } }))
    render(<BookingDetailPage />)
    await screen.findByText('预约不存在')
    expect(screen.getByText('重试')).toBeTruthy()
  })
})
