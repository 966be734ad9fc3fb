import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { openTypeReplies } from '../../../../test/mocks/components'
import { api, byId, route, signIn, type Call, type Reply } from '../../../../test/support'
import type { BindingDto, ProfileDto } from '../../../services/types'
import RealNamePage from './index'

const verified: ProfileDto = {
  realName: '居民一', idNumber: '110105********002X', phone: '138****1234', gender: 'male', age: 76, isVerified: true,
  identityStatus: 'verified', phoneSource: 'form',
  consent: { granted: true, policyVersion: '2026-01', grantedAt: '2026-01-01T00:00:00.000Z' },
}
const blank: ProfileDto = { ...verified, realName: null, idNumber: null, phone: null, gender: null, age: null, isVerified: false, identityStatus: 'none', phoneSource: null }
const approved = { id: 5, status: 'approved' } as BindingDto

const ok = (data: unknown): Reply => ({ statusCode: 200, data: { data } })
/** GET /me/profile and /me/households answer `profile` and `bindings`; `put` answers the PUT. */
function server(profile: ProfileDto, opts: { bindings?: BindingDto[]; put?: (c: Call) => Reply } = {}) {
  return api((c) => {
    if (route(c) === '/me/households') return ok(opts.bindings ?? [])
    if (c.method === 'PUT') return opts.put ? opts.put(c) : ok({ ...verified, realName: '居民一' })
    return ok(profile)
  })
}
const puts = (calls: Call[]) => calls.filter((c) => c.method === 'PUT')
const type = (id: string, value: string) => fireEvent.change(byId(id).querySelector('input')!, { target: { value } })
const submit = () => fireEvent.click(screen.getByRole('button', { name: '提交' }))
async function fillValid() {
  await screen.findByText(/实名信息用于社区审核房屋绑定/)
  type('field-realName', '居民一')
  type('field-idNumber', '11010519491231002x')
  fireEvent.click(byId('consent'))
}

beforeEach(() => signIn())

describe('实名登记 form', () => {
  it('prefills the name, shows what is on file, and blocks a bad ID number client-side', async () => {
    const calls = server(verified)
    render(<RealNamePage />)
    await screen.findByText(/已登记：居民一 · 110105\*\*\*\*\*\*\*\*002X/)
    expect((byId('field-realName').querySelector('input') as HTMLInputElement).value).toBe('居民一')
    type('field-idNumber', '110105194912310021')
    fireEvent.click(byId('consent'))
    submit()
    expect(byId('field-idNumber').textContent).toContain('身份证号校验位不正确，请核对')
    expect(puts(calls)).toHaveLength(0)
  })

  it('requires consent', async () => {
    server(verified)
    render(<RealNamePage />)
    await screen.findByText(/已登记/)
    type('field-idNumber', '11010519491231002X')
    submit()
    expect(screen.getByText('请阅读并同意《个人信息处理规则》')).toBeTruthy()
  })

  it('does not ask again for a phone on file: shows it masked, and the PUT leaves it out', async () => {
    const calls = server({ ...verified, phoneSource: 'wechat' })
    render(<RealNamePage />)
    await fillValid()
    expect(byId('phone-on-file').textContent).toBe('138****1234微信手机号')
    expect(byId('field-phone').querySelector('input')).toBeNull()
    submit()
    await waitFor(() => expect(puts(calls)).toHaveLength(1))
    expect(puts(calls)[0].data).toEqual({ realName: '居民一', idNumber: '11010519491231002X', consent: true })
    await waitFor(() => expect(Taro.navigateBack).toHaveBeenCalled())
  })

  it('更换 asks for a new phone, checks it and sends it; 不更换 goes back to the one on file', async () => {
    const calls = server(verified)
    render(<RealNamePage />)
    await fillValid()
    fireEvent.click(byId('change-phone'))
    submit()
    expect(byId('field-phone').textContent).toContain('请输入手机号')
    fireEvent.click(byId('keep-phone'))
    expect(byId('phone-on-file').textContent).toBe('138****1234')
    fireEvent.click(byId('change-phone'))
    type('field-phone', '13900139000')
    submit()
    await waitFor(() => expect(puts(calls)).toHaveLength(1))
    expect(puts(calls)[0].data).toEqual({ realName: '居民一', idNumber: '11010519491231002X', phone: '13900139000', consent: true })
  })

  it('asks for a phone when none is on file', async () => {
    const calls = server(blank)
    render(<RealNamePage />)
    await fillValid()
    submit()
    expect(byId('field-phone').textContent).toContain('请输入手机号')
    expect(puts(calls)).toHaveLength(0)
  })

  it('shows the server\'s field errors under the matching field', async () => {
    server(blank, {
      put: () => ({ statusCode: 400, data: { error: { code: 'VALIDATION_FAILED', message: '输入有误', details: { fields: [{ field: 'body.idNumber', message: '身份证号中的出生日期无效' }] } }, requestId: 'x' } }),
    })
    render(<RealNamePage />)
    await fillValid()
    type('field-phone', '13812341234')
    submit()
    await waitFor(() => expect(byId('field-idNumber').textContent).toContain('身份证号中的出生日期无效'))
    expect(Taro.navigateBack).not.toHaveBeenCalled()
  })

  it('says the number needs checking by 社区 when the API routes it to review, and never that someone else holds it', async () => {
    server(blank, { put: () => ok({ ...blank, realName: '居民一', identityStatus: 'review' }) })
    render(<RealNamePage />)
    await fillValid()
    type('field-phone', '13812341234')
    submit()
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalled())
    const modal = vi.mocked(Taro.showModal).mock.calls[0][0] as { title: string; content: string }
    expect(modal.title).toBe('需要社区核实')
    expect(modal.content).toContain('该身份证号需要社区工作人员核实，核实前暂时不能申请绑定房屋')
    expect(modal.content).not.toMatch(/已被|他人|其他账号/)
    await waitFor(() => expect(Taro.navigateBack).toHaveBeenCalled())
  })

  it('shows the review banner while the ID number waits for 社区', async () => {
    server({ ...blank, realName: '居民一', identityStatus: 'review' })
    render(<RealNamePage />)
    expect((await waitFor(() => byId('identity-review'))).textContent).toContain('需要社区工作人员核实')
  })

  it('warns before changing a verified identity with approved households, and sends nothing when cancelled', async () => {
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true } as never)
    const calls = server(verified, { bindings: [approved] })
    render(<RealNamePage />)
    await fillValid()
    submit()
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect((vi.mocked(Taro.showModal).mock.calls[0][0] as { content: string }).content).toContain('修改姓名或身份证号后，已绑定的房屋需要社区重新审核')
    expect(puts(calls)).toHaveLength(0)
    submit()
    await waitFor(() => expect(puts(calls)).toHaveLength(1))
  })

  it('does not warn without approved households', async () => {
    const calls = server(verified, { bindings: [{ ...approved, status: 'pending' } as BindingDto] })
    render(<RealNamePage />)
    await fillValid()
    submit()
    await waitFor(() => expect(puts(calls)).toHaveLength(1))
    expect(Taro.showModal).not.toHaveBeenCalled()
  })

  it('after too many identity writes says how many minutes to wait', async () => {
    server(verified, { put: () => ({ statusCode: 429, data: { error: { code: 'RATE_LIMITED', message: '请求过于频繁', details: { retryAfterSeconds: 1740 } }, requestId: 'r' } }) })
    render(<RealNamePage />)
    await fillValid()
    submit()
    expect((await screen.findByRole('alert')).textContent).toBe('提交次数过多，请 29 分钟后再试')
  })

  it('shows a load error with retry', async () => {
    let n = 0
    api((c) => (route(c) === '/me/profile' && n++ === 0
      ? { statusCode: 503, data: { error: { code: 'DB_DOWN', message: '服务暂时不可用' }, requestId: 'y' } }
      : ok(route(c) === '/me/households' ? [] : blank)))
    render(<RealNamePage />)
    fireEvent.click(await screen.findByRole('button', { name: '重试' }))
    expect(await screen.findByText('实名登记', { selector: '.hero__title' })).toBeTruthy()
  })
})

describe('微信手机号 (WeChat build)', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp'
  })

  it('a refused getPhoneNumber says so under the phone field and leaves the input', async () => {
    const calls = server(blank)
    openTypeReplies.getPhoneNumber = { errMsg: 'getPhoneNumber:fail user deny' }
    render(<RealNamePage />)
    fireEvent.click(await screen.findByRole('button', { name: '使用微信手机号' }))
    expect(byId('field-phone').textContent).toContain('您没有允许使用微信手机号，可以直接填写手机号。')
    expect(calls.filter((c) => route(c) === '/me/phone')).toHaveLength(0)
  })

  it('a refused privacy guide is named as such', async () => {
    server(blank)
    openTypeReplies.getPhoneNumber = { errMsg: 'getPhoneNumber:fail privacy permission is not authorized' }
    render(<RealNamePage />)
    fireEvent.click(await screen.findByRole('button', { name: '使用微信手机号' }))
    expect(byId('field-phone').textContent).toContain('您未同意《用户隐私保护指引》')
  })

  it('after a granted phone, shows it masked and does not ask for it again', async () => {
    const calls = api((c) => {
      if (route(c) === '/me/households') return ok([])
      if (route(c) === '/me/phone') return ok({ ...blank, phone: '139****9000', phoneSource: 'wechat' })
      if (c.method === 'PUT') return ok(verified)
      return ok(blank)
    })
    openTypeReplies.getPhoneNumber = { code: 'phone-code', errMsg: 'getPhoneNumber:ok' }
    render(<RealNamePage />)
    fireEvent.click(await screen.findByRole('button', { name: '使用微信手机号' }))
    await waitFor(() => expect(byId('phone-on-file').textContent).toBe('139****9000微信手机号'))
    expect(calls.find((c) => route(c) === '/me/phone')?.data).toEqual({ code: 'phone-code' })
    await fillValid()
    submit()
    await waitFor(() => expect(puts(calls)).toHaveLength(1))
    expect(puts(calls)[0].data).not.toHaveProperty('phone')
  })
})
