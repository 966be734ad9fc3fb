import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { saveSession } from '../../../stores/session'
import RealNamePage from './index'

const mockRequest = vi.mocked(Taro.request)
const profile = {
  realName: '居民一', idNumber: '110105********002X', phone: '138****1234', gender: 'male', age: 76, isVerified: true,
  consent: { granted: true, policyVersion: '2026-01', grantedAt: '2026-01-01T00:00:00.000Z' },
}

function field(id: string) {
  const el = document.getElementById(id)
  if (!el) throw new Error(`#${id} missing`)
  return el
}
const type = (id: string, value: string) => fireEvent.change(field(id).querySelector('input')!, { target: { value } })

beforeEach(() => {
  saveSession({ accessToken: 'a', refreshToken: 'r-xxxxxxxxxxxxxxxxxxxxxxxx', expiresIn: 900, user: { id: 1, displayName: '居民一', roles: ['resident'], isStaff: false } })
})

describe('实名登记 form', () => {
  it('prefills the name, shows what is on file, and blocks a bad ID number client-side', async () => {
    mockRequest.mockResolvedValueOnce({ statusCode: 200, data: { data: profile }, header: {} } as never)
    render(<RealNamePage />)
    await screen.findByText(/已登记：居民一 · 110105\*\*\*\*\*\*\*\*002X/)
    expect((field('field-realName').querySelector('input') as HTMLInputElement).value).toBe('居民一')

    type('field-idNumber', '110105194912310021')
    type('field-phone', '13812341234')
    fireEvent.click(field('consent'))
    fireEvent.click(screen.getByRole('button', { name: '提交' }))
    expect(field('field-idNumber').textContent).toContain('身份证号校验位不正确，请核对')
    expect(mockRequest).toHaveBeenCalledTimes(1) // only the initial GET
  })

  it('requires consent', async () => {
    mockRequest.mockResolvedValueOnce({ statusCode: 200, data: { data: profile }, header: {} } as never)
    render(<RealNamePage />)
    await screen.findByText(/已登记/)
    type('field-idNumber', '11010519491231002X')
    type('field-phone', '13812341234')
    fireEvent.click(screen.getByRole('button', { name: '提交' }))
    expect(screen.getByText('请阅读并同意《个人信息处理规则》')).toBeTruthy()
  })

  it('shows the server\'s field errors under the matching field', async () => {
    mockRequest
      .mockResolvedValueOnce({ statusCode: 200, data: { data: profile }, header: {} } as never)
      .mockResolvedValueOnce({
        statusCode: 409,
        data: { error: { code: 'ID_NUMBER_TAKEN', message: '该身份证号已被其他账号登记', details: { fields: [{ field: 'idNumber', message: '已被其他账号登记' }] } }, requestId: 'x' },
        header: {},
      } as never)
    render(<RealNamePage />)
    await screen.findByText(/已登记/)
    type('field-idNumber', '11010519491231002x')
    type('field-phone', '13812341234')
    fireEvent.click(field('consent'))
    fireEvent.click(screen.getByRole('button', { name: '提交' }))
    await waitFor(() => expect(field('field-idNumber').textContent).toContain('已被其他账号登记'))
    const put = mockRequest.mock.calls[1][0] as unknown as { method: string; data: unknown }
    expect(put.method).toBe('PUT')
    expect(put.data).toEqual({ realName: '居民一', idNumber: '11010519491231002X', phone: '13812341234', consent: true })
    expect(Taro.navigateBack).not.toHaveBeenCalled()
  })

  it('shows a load error with retry', async () => {
    mockRequest
      .mockResolvedValueOnce({ statusCode: 503, data: { error: { code: 'DB_DOWN', message: '服务暂时不可用' }, requestId: 'y' }, header: {} } as never)
      .mockResolvedValueOnce({ statusCode: 200, data: { data: { ...profile, isVerified: false, realName: null, idNumber: null, phone: null } }, header: {} } as never)
    render(<RealNamePage />)
    fireEvent.click(await screen.findByRole('button', { name: '重试' }))
    expect(await screen.findByText('实名登记', { selector: '.hero__title' })).toBeTruthy()
  })
})
