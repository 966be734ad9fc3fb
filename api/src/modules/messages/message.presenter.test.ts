import { describe, expect, it } from 'vitest'
import { MessageView, OutboxView, SubscriptionView } from './message.schema.ts'
import { presentMessage, presentOutboxItem, presentSubscriptions } from './message.presenter.ts'

const at = new Date('2026-03-02T01:02:03.000Z')

describe('presentMessage', () => {
  const row = { id: '9007199254740993', kind: 'report.accepted', title: '已受理', body: '您的诉求已受理', link: '/packages/reports/detail/index?id=1', is_read: 0, created_at: '2026-03-02T01:02:03.000000' }

  it('keeps a 64-bit id exact as a string, the time as ISO UTC to the millisecond, and says unread while is_read is 0', () => {
    const view = presentMessage(row)
    expect(view).toEqual({ id: '9007199254740993', kind: 'report.accepted', title: '已受理', body: '您的诉求已受理', link: row.link, isRead: false, createdAt: '2026-03-02T01:02:03.000Z' })
    expect(MessageView.strict().safeParse(view).success).toBe(true)
  })

  it('is read once is_read is 1', () => {
    expect(presentMessage({ ...row, is_read: 1 }).isRead).toBe(true)
  })
})

describe('presentSubscriptions', () => {
  const templates: [string, { id: string; title: string }][] = [['reportProgress', { id: 'tpl-a', title: '诉求进度' }], ['bookingReminder', { id: 'tpl-b', title: '预约提醒' }]]

  it('lists every configured template in order, with 0 where nothing was granted', () => {
    const view = presentSubscriptions(templates, [{ templateId: 'tpl-b', remaining: 3 }])
    expect(view).toEqual([
      { key: 'reportProgress', templateId: 'tpl-a', title: '诉求进度', remaining: 0 },
      { key: 'bookingReminder', templateId: 'tpl-b', title: '预约提醒', remaining: 3 },
    ])
    expect(SubscriptionView.safeParse(view).success).toBe(true)
  })

  it('leaves out grants of templates no longer configured', () => {
    expect(presentSubscriptions(templates.slice(0, 1), [{ templateId: 'tpl-old', remaining: 5 }])).toEqual([
      { key: 'reportProgress', templateId: 'tpl-a', title: '诉求进度', remaining: 0 },
    ])
  })
})

describe('presentOutboxItem', () => {
  const row = {
    id: 12n, kind: 'subscribe', userId: 7, templateKey: 'reportProgress', status: 'failed', attempts: 2, lastError: 'errcode 43101',
    nextAttemptAt: at, createdAt: at, sentAt: null, attemptedAt: null,
  }

  it.each([
    ['failed', null, false],
    ['failed', at, true],
    ['sending', at, false],
    ['sent', at, false],
  ] as const)('status %s with attemptedAt %s: unknownOutcome %s', (status, attemptedAt, unknown) => {
    const view = presentOutboxItem({ ...row, status, attemptedAt })
    expect(view.unknownOutcome).toBe(unknown)
    expect(view.attemptedAt).toBe(attemptedAt ? '2026-03-02T01:02:03.000Z' : null)
    expect(OutboxView.strict().safeParse(view).success).toBe(true)
  })

  it('shows dates as ISO strings and the id as a string', () => {
    const view = presentOutboxItem({ ...row, status: 'sent', sentAt: at })
    expect(view).toMatchObject({ id: '12', userId: 7, sentAt: '2026-03-02T01:02:03.000Z', nextAttemptAt: '2026-03-02T01:02:03.000Z', lastError: 'errcode 43101' })
  })
})
