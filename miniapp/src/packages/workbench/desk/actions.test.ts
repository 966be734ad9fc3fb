import { describe, expect, it } from 'vitest'
import { deskBooking, NO_BOOKING_ACTIONS } from '../bookingFixtures'
import { codeProblem, confirmationOf, deskActions, idleHint, normaliseCode } from './actions'

describe('deskActions', () => {
  it('offers exactly what allowedActions permits, in a fixed order', () => {
    const names = (a: ReturnType<typeof deskActions>) => a.map((x) => x.label)
    expect(names(deskActions({ ...NO_BOOKING_ACTIONS, noShow: true, checkIn: true, confirm: true }, true))).toEqual(['签到', '确认预约', '未到场'])
    expect(names(deskActions({ ...NO_BOOKING_ACTIONS, complete: true }, true))).toEqual(['办结'])
    expect(names(deskActions({ ...NO_BOOKING_ACTIONS, cancel: true, reschedule: true, pay: true }, true))).toEqual([])
  })

  it('leaves 签到 to the code box on the rows of the day list', () => {
    expect(deskActions({ ...NO_BOOKING_ACTIONS, checkIn: true, noShow: true }, false).map((a) => a.action)).toEqual(['noShow'])
  })

  it('asks before 未到场 only, naming the resident and the booking', () => {
    const b = deskBooking(1)
    expect(confirmationOf('noShow', b)?.content).toContain('张*明 预约的「居住证办理」（12月3日 周四 09:00–09:30）将记为未到场')
    expect(confirmationOf('complete', b)).toBeNull()
    expect(confirmationOf('checkIn', b)).toBeNull()
  })
})

describe('booking codes', () => {
  it('normalises what was typed or scanned', () => {
    expect(normaliseCode(' abcd 2345 ')).toBe('ABCD2345')
    expect(normaliseCode('ABCD-2345')).toBe('ABCD2345')
    expect(normaliseCode('https://example.cn/b?code=abcd2345&x=1')).toBe('ABCD2345')
  })

  it('names a code that cannot be one before asking the API', () => {
    expect(codeProblem('')).toBe('请输入居民出示的预约码')
    expect(codeProblem('ABC')).toBe('预约码为8位字母或数字')
    expect(codeProblem('ABCD2345')).toBeUndefined()
  })
})

describe('idleHint', () => {
  it('explains a booking still ahead that offers nothing yet, and stays silent otherwise', () => {
    expect(idleHint(deskBooking(1, { allowedActions: NO_BOOKING_ACTIONS }))).toContain('现在还不能签到')
    expect(idleHint(deskBooking(1, { status: 'awaiting_payment', allowedActions: NO_BOOKING_ACTIONS }))).toContain('还没有完成支付')
    expect(idleHint(deskBooking(1, { status: 'completed', allowedActions: NO_BOOKING_ACTIONS }))).toBeUndefined()
    expect(idleHint(deskBooking(1))).toBeUndefined()
  })
})
