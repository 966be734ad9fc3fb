import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it } from 'vitest'
import { routerParams, shareHandlers } from '../../../../test/mocks/taro'
import { detail, fail, ok } from '../../../../test/fixtures/notices'
import { api, byId, deferred, signIn } from '../../../../test/support'
import { clearSession } from '../../../stores/session'
import NoticeDetailPage from '.'
import { prepareBodyHtml } from './html'

beforeEach(() => {
  signIn()
  routerParams.current = { id: '8' }
})

describe('公告详情', () => {
  it('renders the body, images with preview, and 已阅 after an important notice was opened', async () => {
    api(() => ok(detail(8, {
      importance: 'important', readAt: '2026-11-22T03:00:00.000Z', title: '重要：停电通知',
      images: [{ id: 1, url: '/api/v1/files/a.jpg', width: 10, height: 10 }, { id: 2, url: '/api/v1/files/b.jpg', width: 10, height: 10 }],
      policies: { edit: false, publish: false, withdraw: false, viewReads: false },
    })))
    render(<NoticeDetailPage />)
    expect(await screen.findByText('重要：停电通知')).toBeTruthy()
    expect(byId('read-state').textContent).toBe('✓ 已阅 · 2026-11-22 11:00')
    expect(byId('notice-body').innerHTML).toBe('<p>第一段</p><p><strong>注意</strong>：带好证件</p>')
    const imgs = byId('notice-images').querySelectorAll('img')
    fireEvent.click(imgs[1])
    expect(Taro.previewImage).toHaveBeenCalledWith({ urls: ['/api/v1/files/a.jpg', '/api/v1/files/b.jpg'], current: '/api/v1/files/b.jpg' })
    expect(document.getElementById('notice-staff-actions')).toBeNull()
  })

  it('has no read state for ordinary notices', async () => {
    api(() => ok(detail(8)))
    render(<NoticeDetailPage />)
    await screen.findByText('公告8')
    expect(document.getElementById('read-state')).toBeNull()
  })

  it('shows a skeleton, not 加载中…, while the notice is on its way', async () => {
    const reply = deferred()
    api(() => reply.promise)
    render(<NoticeDetailPage />)
    expect(screen.getByRole('status', { name: '正在加载' }).className).toContain('skeleton--detail')
    expect(screen.queryByText('加载中…')).toBeNull()
    await act(async () => reply.resolve(ok(detail(8))))
    expect(screen.getByText('公告8')).toBeTruthy()
    expect(screen.queryByRole('status', { name: '正在加载' })).toBeNull()
  })

  it('shared to a reader it is not for (404): 无权查看 with 回到首页 and the way to the list, not an error', async () => {
    api(() => fail(404, 'NOT_FOUND', '公告不存在或无权查看'))
    render(<NoticeDetailPage />)
    expect(await screen.findByText('无权查看')).toBeTruthy()
    expect(screen.queryByText('加载失败')).toBeNull()
    expect(screen.getByRole('button', { name: '回到首页' })).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: '查看全部公告' }))
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/notices/list/index' })
  })

  it('opened from a share without a login: to the login page, and the notice once logged in', async () => {
    clearSession()
    api((c) => (c.header.Authorization ? ok(detail(8, { title: '停电通知' })) : fail(401, 'UNAUTHENTICATED', '请先登录')))
    render(<NoticeDetailPage />)
    expect(await screen.findByText('登录后查看')).toBeTruthy()
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
    act(() => signIn())
    expect(await screen.findByText('停电通知')).toBeTruthy()
  })

  it('is shared with its title and a path that reopens it', async () => {
    api(() => ok(detail(8, { title: '停电通知' })))
    render(<NoticeDetailPage />)
    await screen.findByText('停电通知')
    expect(shareHandlers.message!()).toEqual({ title: '停电通知', path: '/packages/notices/detail/index?id=8' })
    expect(shareHandlers.timeline).toBeUndefined()
  })

  it('offers 阅读统计 only when the policies allow it', async () => {
    api(() => ok(detail(8, { importance: 'important', policies: { edit: false, publish: false, withdraw: false, viewReads: true } })))
    render(<NoticeDetailPage />)
    fireEvent.click(await screen.findByRole('button', { name: '阅读统计' }))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: `/packages/workbench/reads/index?id=8&title=${encodeURIComponent('公告8')}` })
    expect(screen.queryByRole('button', { name: '编辑' })).toBeNull()
  })

  it('shows a withdrawn notice (to its managers) as withdrawn with the reason', async () => {
    api(() => ok(detail(8, { state: 'withdrawn', stateLabel: '已撤回', withdrawnAt: '2026-11-22T04:00:00.000Z', withdrawReason: '时间有变' })))
    render(<NoticeDetailPage />)
    expect((await screen.findByText(/该公告已于/)).textContent).toBe('该公告已于 2026-11-22 12:00 撤回：时间有变')
  })
})

describe('prepareBodyHtml', () => {
  it('keeps H5 image paths relative and limits their width', () => {
    expect(prepareBodyHtml('<p>x</p><img src="/api/v1/files/a.jpg" alt="">')).toBe('<p>x</p><img style="max-width:100%;height:auto;display:block;margin:8px 0" src="/api/v1/files/a.jpg" alt="">')
  })
})
