import { fireEvent, render, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { routerParams } from '../../../../test/mocks/taro'
import { api, byId, route, signIn, type Call } from '../../../../test/support'
import { serviceDetail, slot } from '../bookingFixtures'
import SlotsPage from './index'

const input = (wrapperId: string) => byId(wrapperId).querySelector('input') as HTMLInputElement
const type = (wrapperId: string, value: string) => fireEvent.change(input(wrapperId), { target: { value } })

function serve(extra: (c: Call) => { statusCode: number; data: unknown } | undefined = () => undefined) {
  return api((c) => {
    const answer = extra(c)
    if (answer) return answer
    if (route(c).startsWith('/services/5/slots')) return { statusCode: 200, data: { data: [slot(2, 14, { booked: 0, remaining: 10 }), slot(1, 9)] } }
    if (route(c) === '/services/5') return { statusCode: 200, data: { data: serviceDetail() } }
    return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '未找到' }, requestId: 'r' } }
  })
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(new Date('2026-12-01T02:00:00.000Z'))
  signIn(['committee'])
  routerParams.current = { serviceId: '5' }
})
afterEach(() => vi.useRealTimers())

describe('时段管理', () => {
  it('lists two weeks of slots by day with booked/名额, and steps on by two weeks', async () => {
    const calls = serve()
    render(<SlotsPage />)
    await waitFor(() => byId('slot-1'))
    expect(route(calls.find((c) => route(c).startsWith('/services/5/slots'))!)).toBe('/services/5/slots?from=2026-12-01&to=2026-12-14')
    const day = byId('slot-day-2026-12-03')
    expect(within(day).getByText('12月3日 周四')).toBeTruthy()
    expect(Array.from(day.querySelectorAll('.slot-item'), (e) => e.id)).toEqual(['slot-1', 'slot-2'])
    expect(byId('slot-1-count').textContent).toBe('已约 3/10 · 剩余 7')
    expect(byId('slot-1').textContent).toContain('09:00–09:30')
    fireEvent.click(byId('slots-next'))
    await waitFor(() => expect(calls.some((c) => route(c) === '/services/5/slots?from=2026-12-15&to=2026-12-28')).toBe(true))
  })

  it('批量发布 sends the chosen weekdays, times, capacity and 仅工作日, then says what was created and skipped', async () => {
    const calls = serve((c) =>
      c.method === 'POST' ? { statusCode: 201, data: { data: { created: 12, skippedDays: ['2027-01-01'], existing: 2 } } } : undefined)
    render(<SlotsPage />)
    await waitFor(() => byId('slot-1'))
    fireEvent.click(byId('pattern-new'))
    fireEvent.click(byId('pattern-day-5')) // not Fridays
    fireEvent.click(byId('pattern-day-6')) // Saturdays too
    fireEvent.click(byId('pattern-time-add'))
    fireEvent.change(within(byId('pattern-to')).getByLabelText('picker-date'), { target: { value: '2027-01-08' } })
    type('pattern-capacity', '20')
    fireEvent.click(byId('pattern-working').querySelector('input')!)
    const before = calls.length
    fireEvent.click(byId('pattern-submit'))

    await waitFor(() => byId('pattern-result'))
    const post = calls.find((c) => c.method === 'POST')!
    expect(route(post)).toBe('/services/5/slot-patterns')
    expect(post.data).toEqual({
      from: '2026-12-02', to: '2027-01-08', weekdays: [1, 2, 3, 4, 6], times: [{ start: '09:00', end: '10:00' }, { start: '10:00', end: '11:00' }],
      capacity: 20, workingDaysOnly: false,
    })
    expect(byId('pattern-result').textContent).toBe('新增12个时段，跳过1个非工作日，已存在2个')
    expect(byId('pattern-skipped').textContent).toContain('1月1日 周五')
    expect(document.getElementById('pattern-form')).toBeNull()
    await waitFor(() => expect(calls.slice(before).some((c) => c.method === 'GET' && route(c).startsWith('/services/5/slots'))).toBe(true))
  })

  it('关闭时段 asks for a reason and confirms that booked residents are told and refunded', async () => {
    const calls = serve((c) => (c.method === 'POST' ? { statusCode: 200, data: { data: slot(1, 9, { status: 'closed', booked: 0 }) } } : undefined))
    render(<SlotsPage />)
    fireEvent.click(await waitFor(() => byId('slot-1-close')))
    fireEvent.click(byId('slot-1-close-confirm'))
    expect(within(byId('slot-1-reason')).getByText('请填写关闭原因（至少2个字），居民会看到')).toBeTruthy()
    type('slot-1-reason', '窗口临时停办')

    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true } as never)
    fireEvent.click(byId('slot-1-close-confirm'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    const asked = vi.mocked(Taro.showModal).mock.calls[0][0] as { content: string }
    expect(asked.content).toContain('已有3人预约')
    expect(asked.content).toContain('通知')
    expect(asked.content).toContain('退款')
    expect(calls.some((c) => c.method === 'POST')).toBe(false)

    fireEvent.click(byId('slot-1-close-confirm'))
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true))
    const post = calls.find((c) => c.method === 'POST')!
    expect([route(post), post.data]).toEqual(['/service-slots/1/close', { reason: '窗口临时停办' }])
  })

  it('改名额 refuses fewer places than booked and saves a valid capacity', async () => {
    const calls = serve((c) => (c.method === 'PATCH' ? { statusCode: 200, data: { data: slot(1, 9, { capacity: 12, remaining: 9 }) } } : undefined))
    render(<SlotsPage />)
    fireEvent.click(await waitFor(() => byId('slot-1-capacity')))
    type('slot-1-capacity-input', '2')
    fireEvent.click(byId('slot-1-capacity-save'))
    expect(within(byId('slot-1-capacity-input')).getByText('已有3人预约，名额不能少于3')).toBeTruthy()
    expect(calls.some((c) => c.method === 'PATCH')).toBe(false)
    type('slot-1-capacity-input', '12')
    fireEvent.click(byId('slot-1-capacity-save'))
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true))
    const patch = calls.find((c) => c.method === 'PATCH')!
    expect([route(patch), patch.data]).toEqual(['/service-slots/1', { capacity: 12 }])
  })
  it('发布一个时段 sends the Shanghai times with their offset and an Idempotency-Key, then reads the slots again', async () => {
    const calls = serve((c) => (c.method === 'POST' ? { statusCode: 201, data: { data: slot(3, 15) } } : undefined))
    render(<SlotsPage />)
    await waitFor(() => byId('slot-1'))
    fireEvent.click(byId('slot-new'))
    fireEvent.change(within(byId('slot-date')).getByLabelText('picker-date'), { target: { value: '2026-12-04' } })
    fireEvent.change(within(byId('slot-start')).getByLabelText('picker-time'), { target: { value: '15:00' } })
    fireEvent.change(within(byId('slot-end')).getByLabelText('picker-time'), { target: { value: '14:30' } })
    type('slot-capacity', '6')
    fireEvent.click(byId('slot-submit'))
    expect(within(byId('slot-time')).getByText('结束时间须晚于开始时间')).toBeTruthy()
    fireEvent.change(within(byId('slot-end')).getByLabelText('picker-time'), { target: { value: '15:30' } })
    const before = calls.length
    fireEvent.click(byId('slot-submit'))
    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true))
    const post = calls.find((c) => c.method === 'POST')!
    expect([route(post), post.data]).toEqual(['/services/5/slots', { startsAt: '2026-12-04T15:00:00+08:00', endsAt: '2026-12-04T15:30:00+08:00', capacity: 6 }])
    expect(post.header['Idempotency-Key']).toBeTruthy()
    await waitFor(() => expect(document.getElementById('slot-form')).toBeNull())
    await waitFor(() => expect(calls.slice(before).some((c) => c.method === 'GET' && route(c).startsWith('/services/5/slots'))).toBe(true))
  })
})
