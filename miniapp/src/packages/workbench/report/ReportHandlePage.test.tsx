import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { routerParams } from '../../../../test/mocks/taro'
import { saveSession } from '../../../stores/session'
import { detail } from '../reportFixtures'
import ReportHandlePage from './index'
import { policies } from '../../../../test/support'

const mockRequest = vi.mocked(Taro.request)
type Call = { url: string; method: string; data: unknown }
type Handler = (c: Call) => { statusCode: number; data: unknown }
function api(handler: Handler) {
  mockRequest.mockImplementation((async (o: Call) => ({ header: {}, ...handler(o) })) as never)
}
const ok = (data: unknown) => ({ statusCode: 200, data: { data } })
const byId = (id: string) => {
  const el = document.getElementById(id)
  if (!el) throw new Error(`#${id} not rendered`)
  return el
}
const posts = () => mockRequest.mock.calls.map(([o]) => o as unknown as Call).filter((c) => c.method === 'POST')

beforeEach(() => {
  saveSession({ accessToken: 'a', refreshToken: 'r-xxxxxxxxxxxxxxxxxxxxxxxx', expiresIn: 900, user: { id: 9, displayName: '网格员一', roles: ['grid_worker'], isStaff: true, policies: policies() } })
  routerParams.current = { id: '7' }
})

describe('诉求办理 (workbench report page)', () => {
  it('shows the report with the masked reporter and only the buttons its policies allow', async () => {
    api(() => ok(detail(7, { accept: true, reply: true, transfer: true, reject: true })))
    render(<ReportHandlePage />)
    await waitFor(() => byId('report-card'))
    expect(screen.getByText('小区东门路灯不亮，晚上很黑')).toBeTruthy()
    expect(byId('report-reporter').textContent).toContain('138****1234')
    expect(byId('report-status').textContent).toBe('待受理')
    for (const id of ['report-accept', 'report-reply', 'report-transfer', 'report-reject']) expect(byId(id)).toBeTruthy()
    for (const id of ['report-resolve', 'report-request-info', 'report-close', 'report-reassign']) expect(document.getElementById(id)).toBeNull()
    expect(screen.getByText('提交诉求')).toBeTruthy()
  })

  it('accepts in one tap and shows the state the API answers', async () => {
    api((c) => c.method === 'POST'
      ? ok(detail(7, { reply: true, resolve: true }, { status: 'accepted', statusLabel: '处理中' }))
      : ok(detail(7, { accept: true, reply: true })))
    render(<ReportHandlePage />)
    fireEvent.click(await waitFor(() => byId('report-accept')))
    await waitFor(() => expect(byId('report-status').textContent).toBe('处理中'))
    expect(posts()).toHaveLength(1)
    expect(posts()[0]).toMatchObject({ url: expect.stringMatching(/\/reports\/7\/accept$/), data: {} })
    expect(byId('report-resolve')).toBeTruthy()
    expect(document.getElementById('report-accept')).toBeNull()
    expect(Taro.showModal).not.toHaveBeenCalled()
  })

  it('sends a reply with its text and shows the API field error under the box', async () => {
    let tries = 0
    api((c) => {
      if (c.method !== 'POST') return ok(detail(7, { reply: true }))
      tries += 1
      return tries === 1
        ? { statusCode: 400, data: { error: { code: 'VALIDATION', message: '输入有误', details: { fields: [{ field: 'body.text', message: '回复至少1个字' }] } }, requestId: 'r' } }
        : ok(detail(7, { reply: true }, { timeline: [] }))
    })
    render(<ReportHandlePage />)
    fireEvent.click(await waitFor(() => byId('report-reply')))
    fireEvent.click(byId('report-reply-submit'))
    await waitFor(() => expect(screen.getByText('回复至少1个字')).toBeTruthy())

    fireEvent.change(byId('report-reply-text'), { target: { value: '  已联系物业，明天维修 ' } })
    fireEvent.click(byId('report-reply-submit'))
    await waitFor(() => expect(document.getElementById('report-reply-form')).toBeNull())
    expect(posts()[1]).toMatchObject({ url: expect.stringMatching(/\/reports\/7\/reply$/), data: { text: '已联系物业，明天维修' } })
    expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '已回复' }))
  })

  it('asks before 不予受理 and sends nothing when the handler cancels', async () => {
    api((c) => (c.method === 'POST' ? ok(detail(7, {}, { status: 'rejected', statusLabel: '不予受理' })) : ok(detail(7, { reject: true }))))
    render(<ReportHandlePage />)
    fireEvent.click(await waitFor(() => byId('report-reject')))
    fireEvent.change(byId('report-reject-text'), { target: { value: '不属于社区职责，请拨打12345' } })

    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true } as never)
    fireEvent.click(byId('report-reject-submit'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(posts()).toHaveLength(0)

    fireEvent.click(byId('report-reject-submit'))
    await waitFor(() => expect(byId('report-status').textContent).toBe('不予受理'))
    expect(posts()[0]).toMatchObject({ url: expect.stringMatching(/\/reports\/7\/reject$/), data: { reason: '不属于社区职责，请拨打12345' } })
  })

  it('loads the report again when it changed under the handler (409)', async () => {
    let gets = 0
    api((c) => {
      if (c.method === 'POST') return { statusCode: 409, data: { error: { code: 'INVALID_STATE', message: '该诉求已被受理' }, requestId: 'r' } }
      gets += 1
      return gets === 1 ? ok(detail(7, { accept: true })) : ok(detail(7, { resolve: true }, { status: 'accepted', statusLabel: '处理中' }))
    })
    render(<ReportHandlePage />)
    fireEvent.click(await waitFor(() => byId('report-accept')))
    await waitFor(() => expect(byId('report-status').textContent).toBe('处理中'))
    expect(screen.getByText('该诉求已被受理')).toBeTruthy()
    expect(gets).toBe(2)
  })

  it('transfers to a department taken from the categories, with the reason', async () => {
    api((c) => {
      if (c.url.includes('/report-categories')) {
        return ok([{ id: 2, code: 'wy', name: '物业服务', description: '', handlingUnit: 'department', department: { id: 4, name: '物业公司' }, acceptMinutes: 60, resolveMinutes: 600, clock: 'working', deadlineText: '' }])
      }
      if (c.url.includes('/regions')) return ok([])
      if (c.method === 'POST') return ok(detail(7, {}, { department: { id: 4, name: '物业公司' } }))
      return ok(detail(7, { transfer: true }))
    })
    render(<ReportHandlePage />)
    fireEvent.click(await waitFor(() => byId('report-transfer')))
    fireEvent.click(await waitFor(() => byId('transfer-department-4')))
    fireEvent.change(byId('report-transfer-text'), { target: { value: '属于物业职责' } })
    fireEvent.click(byId('report-transfer-submit'))
    await waitFor(() => expect(posts()).toHaveLength(1))
    expect(posts()[0]).toMatchObject({ url: expect.stringMatching(/\/reports\/7\/transfer$/), data: { departmentId: 4, reason: '属于物业职责' } })
  })

  it('explains a link without a report number', () => {
    routerParams.current = {}
    render(<ReportHandlePage />)
    expect(screen.getByRole('alert').textContent).toContain('缺少诉求编号')
    expect(mockRequest).not.toHaveBeenCalled()
  })
})
