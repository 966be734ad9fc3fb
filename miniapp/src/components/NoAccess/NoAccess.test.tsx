import { act, fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it, vi } from 'vitest'
import { ApiError } from '../../services/request'
import { saveSession } from '../../stores/session'
import { byId, policies } from '../../../test/support'
import NoAccess, { isNoAccess } from '.'

const err = (status: number, message = '出错了') => new ApiError({ status, code: status === 404 ? 'NOT_FOUND' : status === 403 ? 'FORBIDDEN' : 'UNAUTHENTICATED', message })

describe('NoAccess', () => {
  it('is the state for 401, 403 and 404 only', () => {
    expect([401, 403, 404, 409, 500, 0].map((s) => isNoAccess(err(s)))).toEqual([true, true, true, false, false, false])
    expect(isNoAccess(undefined)).toBe(false)
  })

  it('on 404 says 无权查看: what it is, why, and 回到首页 — not an error', () => {
    render(<NoAccess error={err(404, '公告不存在或无权查看')} what='公告' onRetry={vi.fn()} />)
    expect(screen.getByText('无权查看')).toBeTruthy()
    expect(byId('no-access').textContent).toContain('这条公告不对您开放。它可能只面向其他社区或网格的居民')
    expect(screen.queryByText('加载失败')).toBeNull()
    expect(document.querySelector('[role="alert"]')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: '回到首页' }))
    expect(Taro.switchTab).toHaveBeenCalledWith({ url: '/pages/index/index' })
  })

  it('on 403 gives the API’s reason', () => {
    render(<NoAccess error={err(403, '只有本社区居民可以查看')} what='议题' onRetry={vi.fn()} />)
    expect(byId('no-access').getAttribute('data-reason')).toBe('forbidden')
    expect(byId('no-access').textContent).toContain('这条议题不对您开放。只有本社区居民可以查看')
  })

  it('on 401 offers 去登录 and loads the page again once the reader has logged in', () => {
    const retry = vi.fn()
    render(<NoAccess error={err(401)} what='公开事项' onRetry={retry} />)
    expect(screen.getByText('登录后查看')).toBeTruthy()
    expect(screen.queryByText('无权查看')).toBeNull()
    fireEvent.click(screen.getByRole('button', { name: '去登录' }))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/pages/login/index' })
    expect(retry).not.toHaveBeenCalled()
    act(() => void saveSession({ accessToken: 'a', refreshToken: 'r-xxxxxxxxxxxxxxxxxxxx', expiresIn: 900, user: { id: 1, displayName: '居民', roles: ['resident'], isStaff: false, policies: policies() } }))
    expect(retry).toHaveBeenCalledTimes(1)
  })

  it('opened from 朋友圈 (single-page mode, no login there) points to 前往小程序 instead of a login button', () => {
    process.env.TARO_ENV = 'weapp'
    vi.mocked(Taro.getLaunchOptionsSync).mockReturnValue({ scene: 1154, path: '', query: {} } as never)
    render(<NoAccess error={err(401)} what='选举结果' onRetry={vi.fn()} />)
    expect(byId('no-access').textContent).toContain('前往小程序')
    expect(screen.queryByRole('button', { name: '去登录' })).toBeNull()
  })
})
