import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it } from 'vitest'
import { api, byId, route, signIn } from '../../../../test/support'
import { getSession } from '../../../stores/session'
import PasswordPage from './index'

const type = (id: string, value: string) => fireEvent.change(byId(id).querySelector('input')!, { target: { value } })
const submit = () => fireEvent.click(screen.getByRole('button', { name: '修改密码' }))
function fill(current: string, next: string, repeat = next) {
  type('field-currentPassword', current)
  type('field-newPassword', next)
  type('field-repeat', repeat)
}
const user = { id: 7, displayName: '社区一', roles: ['committee'], isStaff: true }

beforeEach(() => signIn(['committee']))

describe('修改密码', () => {
  it('is for staff only', () => {
    signIn(['resident'])
    render(<PasswordPage />)
    expect(screen.getByText('仅工作人员账号可以修改密码')).toBeTruthy()
  })

  it('checks the new password as the API does before sending anything', () => {
    const calls = api(() => ({ statusCode: 200, data: {} }))
    render(<PasswordPage />)
    fill('', 'short1')
    submit()
    expect(byId('field-currentPassword').textContent).toContain('请输入当前密码')
    expect(byId('field-newPassword').textContent).toContain('新密码至少8位')
    fill('old-pass-1', 'onlyletters')
    submit()
    expect(byId('field-newPassword').textContent).toContain('新密码需同时包含字母和数字')
    fill('old-pass-1', 'newpass123', 'newpass124')
    submit()
    expect(byId('field-repeat').textContent).toContain('两次输入的新密码不一致')
    expect(calls).toHaveLength(0)
  })

  it('a wrong current password is shown under its field and does not end the session', async () => {
    const calls = api(() => ({ statusCode: 401, data: { error: { code: 'INVALID_CREDENTIALS', message: '用户名或密码错误' }, requestId: 'r' } }))
    render(<PasswordPage />)
    fill('wrong-pass-1', 'newpass123')
    submit()
    await waitFor(() => expect(byId('field-currentPassword').textContent).toContain('当前密码不正确'))
    expect(calls).toHaveLength(1) // no refresh attempt
    expect(getSession()?.accessToken).toBe('access-1')
    expect(Taro.navigateTo).not.toHaveBeenCalled()
  })

  it('saves the session the API returns and says other devices were signed out', async () => {
    const calls = api(() => ({ statusCode: 200, data: { data: { accessToken: 'access-9', refreshToken: 'refresh-9-xxxxxxxxxxxxxxxx', expiresIn: 900, user } } }))
    render(<PasswordPage />)
    fill('old-pass-1', 'newpass123')
    submit()
    await waitFor(() => expect(Taro.navigateBack).toHaveBeenCalled())
    expect(route(calls[0])).toBe('/me/password')
    expect(calls[0].method).toBe('PUT')
    expect(calls[0].data).toEqual({ currentPassword: 'old-pass-1', newPassword: 'newpass123' })
    expect(getSession()?.accessToken).toBe('access-9')
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '密码已修改', content: expect.stringContaining('其他设备') }))
  })
})
