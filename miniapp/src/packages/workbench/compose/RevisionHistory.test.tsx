import { fireEvent, render, screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { routerParams } from '../../../../test/mocks/taro'
import { detail, fail, ok, page } from '../../../../test/fixtures/notices'
import { api, byId, route, signIn } from '../../../../test/support'
import type { NoticeRevisionDto } from '../../../services/notices'
import ComposePage from '.'
import RevisionHistory, { revisionFacts } from './RevisionHistory'

type Snapshot = NonNullable<NoticeRevisionDto['snapshot']>

function snapshot(over: Partial<Snapshot> = {}): Snapshot {
  return {
    summary: '明天8点到12点停水', category: 'outage', categoryLabel: '停水停电', importance: 'important', state: 'published', stateLabel: '已发布',
    target: { type: 'grids', gridIds: [2], buildingIds: [] }, targetLabel: '青石第一网格',
    images: [{ id: 5, url: '/api/v1/files/a.jpg', width: 640, height: 480 }],
    publishAt: '2026-11-22T02:05:00.000Z', publishedAt: '2026-11-22T02:05:00.000Z', pinnedUntil: '2026-11-23T16:00:00.000Z', expiresAt: null,
    ...over,
  }
}

function revision(version: number, over: Partial<NoticeRevisionDto> = {}): NoticeRevisionDto {
  return {
    version, editedAt: '2026-11-22T03:00:00.000Z', editor: { displayName: '周慧（青石社区居委会）' },
    title: `停水通知（第${version}版）`, bodyHtml: '<p>正文</p>', snapshot: snapshot(), ...over,
  }
}

beforeEach(() => signIn(['committee'], 3))

describe('修改记录', () => {
  it('stays folded until opened, then lists earlier versions newest first with who and when, and loads more by cursor', async () => {
    const calls = api((c) => (route(c).includes('cursor=c1') ? page([revision(1, { snapshot: snapshot({ importance: 'normal', images: [] }) })]) : page([revision(3), revision(2)], 'c1')))
    render(<RevisionHistory noticeId={30} count={3} />)
    expect(screen.getByText('修改记录（3）')).toBeTruthy()
    expect(calls).toHaveLength(0)

    fireEvent.click(byId('toggle-revisions'))
    expect(await screen.findByText('第 3 版 · 停水通知（第3版）')).toBeTruthy()
    expect(route(calls[0])).toBe('/notices/30/revisions')
    const v3 = within(byId('revision-3'))
    expect(v3.getByText('2026-11-22 11:00 由 周慧（青石社区居委会） 修改为第 4 版')).toBeTruthy()
    expect(v3.getByText('停水停电 · 重要 · 已发布 · 范围：青石第一网格 · 置顶至 2026-11-24 00:00 · 长期有效 · 1 张图片')).toBeTruthy()
    expect(v3.getByText('明天8点到12点停水')).toBeTruthy()
    expect(Array.from(document.querySelectorAll('.revision')).map((e) => e.id)).toEqual(['revision-3', 'revision-2'])

    fireEvent.click(byId('load-more'))
    expect(await screen.findByText('第 1 版 · 停水通知（第1版）')).toBeTruthy()
    expect(route(calls[1])).toBe('/notices/30/revisions?cursor=c1')
    expect(Array.from(document.querySelectorAll('.revision')).map((e) => e.id)).toEqual(['revision-3', 'revision-2', 'revision-1'])
    expect(screen.getByText('没有更多了')).toBeTruthy()

    fireEvent.click(byId('toggle-revisions'))
    expect(document.querySelectorAll('.revision')).toHaveLength(0)
    fireEvent.click(byId('toggle-revisions'))
    expect(document.querySelectorAll('.revision')).toHaveLength(3)
    expect(calls).toHaveLength(2)
  })

  it('says when an early revision kept only its text', async () => {
    api(() => page([revision(1, { snapshot: null })]))
    render(<RevisionHistory noticeId={30} count={1} />)
    fireEvent.click(byId('toggle-revisions'))
    expect(await screen.findByText('早期记录，只保存了标题和正文')).toBeTruthy()
  })

  it('shows the reason of a refused request', async () => {
    api(() => fail(403, 'FORBIDDEN', '只能管理本社区（本街道）的公告'))
    render(<RevisionHistory noticeId={31} count={1} />)
    fireEvent.click(byId('toggle-revisions'))
    expect(await screen.findByText('只能管理本社区（本街道）的公告')).toBeTruthy()
  })

  it('names each setting of a version, including the absent ones', () => {
    expect(revisionFacts(snapshot({ category: 'notice', categoryLabel: '通知', importance: 'normal', stateLabel: '待发布', targetLabel: '全社区', pinnedUntil: null, expiresAt: '2026-11-30T15:59:00.000Z', images: [] })))
      .toEqual(['通知', '普通', '待发布', '范围：全社区', '未置顶', '有效期至 2026-11-30 23:59', '无图片'])
  })

  it('appears on the edit page only for a notice with revisions', async () => {
    routerParams.current = { id: '30' }
    const tree = [{ id: 1, type: 'street', name: '南苑街道', code: 'NY', children: [{ id: 1, type: 'community', name: '青石社区', code: 'NY-QS', children: [] }] }]
    let revisions = 2
    const calls = api((c) => (route(c) === '/regions' ? ok(tree) : ok(detail(30, { version: 3, revisions }))))
    const first = render(<ComposePage />)
    await screen.findByText('编辑公告')
    expect(screen.getByText('修改记录（2）')).toBeTruthy()
    expect(calls.some((c) => route(c).includes('/revisions'))).toBe(false)
    first.unmount()

    revisions = 0
    render(<ComposePage />)
    await screen.findByText('编辑公告')
    expect(document.getElementById('revision-history')).toBeNull()
  })
})
