import { fireEvent, render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { api, byId, route } from '../../../test/support'
import LoginPage from './index'

const options = { statusCode: 200, data: { data: { devLogin: false, wechat: false, password: true } } }
const type = (id: string, value: string) => fireEvent.change(byId(id).querySelector('input')!, { target: { value } })

describe('登录 page', () => {
  it('says how many seconds to wait after too many attempts', async () => {
    api((c) =>
      route(c) === '/auth/options'
        ? options
        : { statusCode: 429, data: { error: { code: 'RATE_LIMITED', message: '请求过于频繁', details: { retryAfterSeconds: 42 } }, requestId: 'r' } })
    render(<LoginPage />)
    await screen.findByText('工作人员账号登录')
    type('login-username', 'committee1')
    type('login-password', 'wrong')
    fireEvent.click(screen.getByRole('button', { name: '登录' }))
    expect((await screen.findByRole('alert')).textContent).toBe('尝试次数过多，请 42 秒后再试')
  })

  it('shows a wrong password as the API words it', async () => {
    api((c) =>
      route(c) === '/auth/options'
        ? options
        : { statusCode: 401, data: { error: { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' }, requestId: 'r' } })
    render(<LoginPage />)
    await screen.findByText('工作人员账号登录')
    type('login-username', 'committee1')
    type('login-password', 'wrong')
    fireEvent.click(screen.getByRole('button', { name: '登录' }))
    expect((await screen.findByRole('alert')).textContent).toBe('用户名或密码错误')
  })
})
