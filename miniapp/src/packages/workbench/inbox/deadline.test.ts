import { describe, expect, it } from 'vitest'
import { deadlineOf, inboxQuery, spanText } from './deadline'

const now = new Date('2026-12-01T02:00:00.000Z')
const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000).toISOString()

describe('deadline text of an inbox row', () => {
  it('says the time left in minutes, hours or days', () => {
    expect(deadlineOf({ dueAt: at(35), isOverdue: false }, now)).toEqual({ text: '剩余 35分钟', tone: 'normal' })
    expect(deadlineOf({ dueAt: at(125), isOverdue: false }, now)).toEqual({ text: '剩余 2小时', tone: 'normal' })
    expect(deadlineOf({ dueAt: at(29 * 60), isOverdue: false }, now)).toEqual({ text: '剩余 1天5小时', tone: 'normal' })
    expect(deadlineOf({ dueAt: at(4 * 24 * 60 + 90), isOverdue: false }, now)).toEqual({ text: '剩余 4天', tone: 'normal' })
  })

  it('marks the last 30 minutes as soon', () => {
    expect(deadlineOf({ dueAt: at(30), isOverdue: false }, now)?.tone).toBe('soon')
    expect(deadlineOf({ dueAt: at(0.5), isOverdue: false }, now)).toEqual({ text: '剩余 不足1分钟', tone: 'soon' })
  })

  it('says by how much an overdue report is late', () => {
    expect(deadlineOf({ dueAt: at(-130), isOverdue: true }, now)).toEqual({ text: '已超期 2小时', tone: 'overdue' })
    // the clock passed the deadline before the API's job marked it: still shown as overdue
    expect(deadlineOf({ dueAt: at(-5), isOverdue: false }, now)).toEqual({ text: '已超期 5分钟', tone: 'overdue' })
  })

  it('trusts the API when it says overdue although the deadline looks ahead', () => {
    expect(deadlineOf({ dueAt: at(10), isOverdue: true }, now)).toEqual({ text: '已超期', tone: 'overdue' })
    expect(deadlineOf({ dueAt: null, isOverdue: true }, now)).toEqual({ text: '已超期', tone: 'overdue' })
  })

  it('shows nothing without a running deadline (paused or done)', () => {
    expect(deadlineOf({ dueAt: null, isOverdue: false }, now)).toBeNull()
    expect(deadlineOf({ dueAt: 'not a date', isOverdue: false }, now)).toBeNull()
  })

  it('rounds spans down so a handler never gets more time than there is', () => {
    expect(spanText(59 * 60_000 + 59_000)).toBe('59分钟')
    expect(spanText(23 * 3600_000 + 59 * 60_000)).toBe('23小时')
    expect(spanText(48 * 3600_000)).toBe('2天')
  })
})

describe('inbox filters', () => {
  it('turns each state filter into the API query', () => {
    expect(inboxQuery({ state: 'open' })).toMatchObject({ status: 'open' })
    expect(inboxQuery({ state: 'overdue' })).toMatchObject({ status: 'open', overdue: true })
    expect(inboxQuery({ state: 'done' })).toMatchObject({ status: 'done' })
    const all = inboxQuery({ state: 'all', categoryId: 3, gridId: 7 })
    expect(all.status).toBeUndefined()
    expect(all.overdue).toBeUndefined()
    expect(all).toMatchObject({ categoryId: 3, gridId: 7 })
  })
})
