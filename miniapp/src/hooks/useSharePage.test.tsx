import { render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { shareHandlers } from '../../test/mocks/taro'
import { NOTICE_DETAIL_PAGE } from '../utils/routes'
import { shareMessage, shareTimeline, useSharePage, useShareTimelinePage, type ShareTarget } from './useSharePage'

function Page({ target, timeline = false }: { target: ShareTarget; timeline?: boolean }) {
  if (timeline) useShareTimelinePage(target)
  else useSharePage(target)
  return null
}

describe('share payloads', () => {
  it('发送给朋友 carries the page and the query that reopen the item, and its title', () => {
    expect(shareMessage({ page: NOTICE_DETAIL_PAGE, query: { id: 8 }, title: '停电通知' })).toEqual({ title: '停电通知', path: '/packages/notices/detail/index?id=8' })
  })

  it('分享到朋友圈 carries only the query (WeChat reopens the same page) and the title', () => {
    expect(shareTimeline({ page: NOTICE_DETAIL_PAGE, query: { id: 8, round: 2 }, title: '结果' })).toEqual({ title: '结果', query: 'id=8&round=2' })
  })

  it('leaves the title to WeChat while the item is still loading', () => {
    expect(shareMessage({ page: NOTICE_DETAIL_PAGE, query: { id: 8 } })).toEqual({ path: '/packages/notices/detail/index?id=8' })
  })
})

describe('useSharePage', () => {
  it('answers WeChat’s share menu with the latest target', () => {
    const view = render(<Page target={{ page: NOTICE_DETAIL_PAGE, query: { id: 8 } }} />)
    expect(shareHandlers.timeline).toBeUndefined()
    view.rerender(<Page target={{ page: NOTICE_DETAIL_PAGE, query: { id: 8 }, title: '停电通知' }} />)
    expect(shareHandlers.message!()).toEqual({ title: '停电通知', path: '/packages/notices/detail/index?id=8' })
  })

  it('useShareTimelinePage answers both menus', () => {
    render(<Page timeline target={{ page: NOTICE_DETAIL_PAGE, query: { id: 3 }, title: '选举结果' }} />)
    expect(shareHandlers.message!()).toEqual({ title: '选举结果', path: '/packages/notices/detail/index?id=3' })
    expect(shareHandlers.timeline!()).toEqual({ title: '选举结果', query: 'id=3' })
  })
})
