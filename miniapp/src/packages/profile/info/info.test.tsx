import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { api, byId, route, signIn, type Call } from '../../../../test/support'
import type { MyDataDto } from '../../../services/types'
import { clearSession, getSession } from '../../../stores/session'
import { exportFileName } from './exportData'
import PersonalInfoPage from './index'

const data: MyDataDto = {
  exportedAt: '2026-11-29T04:00:00.000Z',
  account: { id: 7, username: 'resident1', displayName: '张建国', createdAt: '2026-01-02T01:00:00.000Z', lastLoginAt: '2026-11-29T03:00:00.000Z', roles: ['resident'] },
  profile: { realName: '张建国', idNumber: '11010519491231002X', phone: '13800138000', idNumberMasked: '110105********002X', phoneMasked: '138****8000', gender: 'male', genderLabel: '男', phoneSource: 'wechat', phoneSourceLabel: '微信手机号授权', updatedAt: '2026-11-20T02:00:00.000Z' },
  consents: [{ purpose: 'real_name', purposeLabel: '实名信息（姓名、身份证号、手机号）', policyVersion: '2026-01', grantedAt: '2026-01-02T01:00:00.000Z', withdrawnAt: null }],
  households: [{ id: 3, address: '青石苑 1栋 1单元 101', relation: 'owner', relationLabel: '户主', status: 'approved', statusLabel: '已通过', createdAt: '2026-02-01T01:00:00.000Z', reviewedAt: '2026-02-02T01:00:00.000Z' }],
  messages: [{ title: '绑定已通过', body: '…', createdAt: '2026-02-02T01:00:00.000Z', readAt: null }],
  noticeReads: [],
  uploads: [],
  subscriptions: [{ templateId: 'T-notice', remaining: 2 }],
  sessions: [{ createdAt: '2026-11-29T03:00:00.000Z', revokedAt: null }, { createdAt: '2026-11-01T03:00:00.000Z', revokedAt: '2026-11-02T03:00:00.000Z' }],
  identityReviews: [],
}
const emptied: MyDataDto = {
  ...data,
  profile: null,
  consents: [{ ...data.consents[0], withdrawnAt: '2026-11-29T05:00:00.000Z' }],
  households: [{ ...data.households[0], status: 'withdrawn', statusLabel: '已撤回' }],
}
const ok = (d: unknown) => ({ statusCode: 200, data: { data: d } })
/** A Blob's text (jsdom's Blob has no text()). */
const readText = (blob: Blob) =>
  new Promise<string>((resolve) => {
    const reader = new FileReader()
    reader.onload = () => resolve(reader.result as string)
    reader.readAsText(blob)
  })
const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST')

beforeEach(() => signIn())

describe('个人信息', () => {
  it('shows what is held, with the ID number and phone masked until 显示', async () => {
    api(() => ok(data))
    render(<PersonalInfoPage />)
    const idRow = await waitFor(() => byId('data-idNumber'))
    expect(idRow.textContent).toContain('110105********002X')
    expect(idRow.textContent).not.toContain('11010519491231002X')
    fireEvent.click(within(idRow).getByRole('button', { name: '显示完整身份证号' }))
    expect(idRow.textContent).toContain('11010519491231002X')
    expect(byId('data-phone').textContent).toContain('138****8000')
    expect(byId('data-profile').textContent).toContain('微信手机号授权')
    expect(byId('data-households').textContent).toContain('青石苑 1栋 1单元 101户主 · 已通过')
    expect(byId('data-consents').textContent).toContain('有效')
    expect(byId('data-other').textContent).toContain('1 条')
    expect(byId('data-other').textContent).toContain('2 次（当前有效 1）')
  })

  it('loads, fails with a retry, then shows the data', async () => {
    let n = 0
    api(() => (n++ === 0 ? { statusCode: 503, data: { error: { code: 'SERVICE_UNAVAILABLE', message: '服务暂时不可用' }, requestId: 'q' } } : ok(data)))
    render(<PersonalInfoPage />)
    expect(screen.getByText('加载中…')).toBeTruthy()
    fireEvent.click(await screen.findByRole('button', { name: '重试' }))
    expect(await screen.findByText('张建国', { selector: '#data-realName *' })).toBeTruthy()
  })

  it('asks a logged-out visitor to log in, without calling the API', () => {
    clearSession()
    const calls = api(() => ok(data))
    render(<PersonalInfoPage />)
    expect(screen.getByText('请先登录')).toBeTruthy()
    expect(calls).toHaveLength(0)
  })

  it('names the download by the Shanghai date', () => {
    expect(exportFileName(new Date('2026-11-29T17:30:00.000Z'))).toBe('linlitong-my-data-20261130.json')
  })
})

describe('复制全部（JSON）', () => {
  const created: Blob[] = []
  beforeEach(() => {
    created.length = 0
    Object.assign(URL, { createObjectURL: vi.fn((b: Blob) => (created.push(b), 'blob:x')), revokeObjectURL: vi.fn() })
  })
  afterEach(() => vi.restoreAllMocks())

  it('downloads the whole export as a dated JSON file in the portal', async () => {
    const clicked: HTMLAnchorElement[] = []
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this)
    })
    api(() => ok(data))
    render(<PersonalInfoPage />)
    fireEvent.click(await screen.findByRole('button', { name: '复制全部（JSON）' }))
    await waitFor(() => expect(clicked).toHaveLength(1))
    expect(clicked[0].download).toMatch(/^linlitong-my-data-\d{8}\.json$/)
    expect(JSON.parse(await readText(created[0]))).toEqual(data)
    expect(Taro.setClipboardData).not.toHaveBeenCalled()
  })

  it('copies it to the clipboard in WeChat, and explains a refused privacy guide', async () => {
    process.env.TARO_ENV = 'weapp'
    api(() => ok(data))
    render(<PersonalInfoPage />)
    fireEvent.click(await screen.findByRole('button', { name: '复制全部（JSON）' }))
    await waitFor(() => expect(Taro.setClipboardData).toHaveBeenCalledTimes(1))
    expect(JSON.parse(vi.mocked(Taro.setClipboardData).mock.calls[0][0].data)).toEqual(data)

    vi.mocked(Taro.setClipboardData).mockRejectedValueOnce({ errMsg: 'setClipboardData:fail privacy permission is not authorized' })
    fireEvent.click(screen.getByRole('button', { name: '复制全部（JSON）' }))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '需要您同意隐私保护指引' })))
  })
})

describe('撤回实名同意 and 注销账号', () => {
  it('explains, confirms, withdraws and goes back to 我的 without reading the copy again', async () => {
    vi.mocked(Taro.getCurrentPages).mockReturnValue([{ route: 'pages/mine/index' }, { route: 'packages/profile/info/index' }])
    const calls = api((c) => (route(c) === '/me/consents/real_name/withdraw' ? ok({}) : ok(data)))
    render(<PersonalInfoPage />)
    const section = await waitFor(() => byId('withdraw-consent'))
    expect(section.textContent).toContain('已绑定和申请中的房屋全部解除')
    expect(section.textContent).toContain('账号和消息记录保留')
    fireEvent.click(within(section).getByRole('button', { name: '撤回实名同意' }))
    await waitFor(() => expect(Taro.navigateBack).toHaveBeenCalled())
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '撤回实名同意', confirmText: '撤回' }))
    expect(posts(calls)[0].data).toEqual({ confirm: true })
    expect(calls.filter((c) => route(c) === '/me/data')).toHaveLength(1)
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已撤回同意' }))
  })

  it('offers no withdrawal when there is nothing to withdraw', async () => {
    api(() => ok(emptied))
    render(<PersonalInfoPage />)
    await screen.findByText('没有实名信息')
    expect(byId('data-households').textContent).toContain('已撤回')
    expect(document.getElementById('withdraw-consent')).toBeNull()
    expect(byId('correct-profile').textContent).toBe('实名登记')
  })

  it('withdraws nothing when the confirmation is cancelled', async () => {
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true } as never)
    const calls = api(() => ok(data))
    render(<PersonalInfoPage />)
    fireEvent.click(await screen.findByRole('button', { name: '撤回实名同意' }))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalled())
    expect(posts(calls)).toHaveLength(0)
  })

  it('deletes the account only after 注销账号 is typed, then forgets the session and opens the login page', async () => {
    const calls = api((c) => (route(c) === '/me/delete' ? { statusCode: 204, data: '' } : ok(data)))
    render(<PersonalInfoPage />)
    const zone = await waitFor(() => byId('delete-account'))
    fireEvent.click(within(zone).getByRole('button', { name: '注销账号' }))
    expect(zone.textContent).toContain('请先输入「注销账号」')
    fireEvent.change(byId('delete-confirm').querySelector('input')!, { target: { value: '注销' } })
    fireEvent.click(within(zone).getByRole('button', { name: '注销账号' }))
    expect(zone.textContent).toContain('输入的内容不一致')
    expect(posts(calls)).toHaveLength(0)

    fireEvent.change(byId('delete-confirm').querySelector('input')!, { target: { value: '注销账号' } })
    fireEvent.click(within(zone).getByRole('button', { name: '注销账号' }))
    await waitFor(() => expect(Taro.reLaunch).toHaveBeenCalledWith({ url: '/pages/login/index' }))
    expect(posts(calls)[0].data).toEqual({ confirm: '注销账号' })
    expect(getSession()).toBeNull()
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '账号已注销' }))
  })

  it('keeps the session and says why when deletion fails', async () => {
    api((c) => (route(c) === '/me/delete' ? { statusCode: 500, data: { error: { code: 'INTERNAL', message: '服务器开小差了' }, requestId: 'z' } } : ok(data)))
    render(<PersonalInfoPage />)
    await waitFor(() => byId('delete-account'))
    fireEvent.change(byId('delete-confirm').querySelector('input')!, { target: { value: '注销账号' } })
    fireEvent.click(within(byId('delete-account')).getByRole('button', { name: '注销账号' }))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '操作失败', content: '服务器开小差了' })))
    expect(getSession()).not.toBeNull()
    expect(Taro.reLaunch).not.toHaveBeenCalled()
  })
})
