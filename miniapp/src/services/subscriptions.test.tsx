import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import SubscribeCard from '../components/SubscribeCard'
import { ok } from '../../test/fixtures/notices'
import { api, route, signIn } from '../../test/support'
import { askAndReport, pickTemplateIds } from './subscriptions'

const templates = [
  { key: 'booking', templateId: 'T-booking', title: '预约提醒', remaining: 0 },
  { key: 'notice', templateId: 'T-notice', title: '公告提醒', remaining: 1 },
  { key: 'report', templateId: 'T-report', title: '诉求进度', remaining: 0 },
  { key: 'election', templateId: 'T-election', title: '选举提醒', remaining: 0 },
]
const mockAsk = vi.mocked(Taro.requestSubscribeMessage)

beforeEach(() => {
  signIn()
  process.env.TARO_ENV = 'weapp'
})

describe('pickTemplateIds', () => {
  it('asks for the notice template first and never more than three', () => {
    expect(pickTemplateIds(templates)).toEqual(['T-notice', 'T-booking', 'T-report'])
    expect(pickTemplateIds([])).toEqual([])
  })
})

describe('askAndReport', () => {
  it("posts WeChat's answer for the asked templates only", async () => {
    const calls = api(() => ok(templates))
    mockAsk.mockResolvedValueOnce({ errMsg: 'requestSubscribeMessage:ok', 'T-notice': 'accept', 'T-booking': 'reject', other: 'accept' } as never)
    await expect(askAndReport(['T-notice', 'T-booking'])).resolves.toEqual({ asked: 2, accepted: 1, reported: true })
    expect(mockAsk).toHaveBeenCalledWith({ tmplIds: ['T-notice', 'T-booking'] })
    expect(calls).toHaveLength(1)
    expect(calls[0].method).toBe('POST')
    expect(route(calls[0])).toBe('/subscriptions')
    expect(calls[0].data).toEqual({ results: { 'T-notice': 'accept', 'T-booking': 'reject' } })
  })

  it('posts nothing when WeChat refuses to open the dialog', async () => {
    const calls = api(() => ok(templates))
    mockAsk.mockRejectedValueOnce({ errMsg: 'requestSubscribeMessage:fail', errCode: 20004 } as never)
    await expect(askAndReport(['T-notice'])).resolves.toEqual({ asked: 1, accepted: 0, reported: false })
    expect(calls).toHaveLength(0)
  })

  it('does nothing in the H5 portal', async () => {
    process.env.TARO_ENV = 'h5'
    const calls = api(() => ok(templates))
    await expect(askAndReport(['T-notice'])).resolves.toMatchObject({ reported: false })
    expect(mockAsk).not.toHaveBeenCalled()
    expect(calls).toHaveLength(0)
  })
})

describe('订阅公告提醒 (SubscribeCard)', () => {
  it('loads the templates, asks from the tap and reports; the 首页 invitation then goes away for good', async () => {
    const calls = api((c) => (c.method === 'POST' ? ok(templates) : ok(templates)))
    mockAsk.mockResolvedValueOnce({ errMsg: 'requestSubscribeMessage:ok', 'T-notice': 'accept', 'T-booking': 'ban', 'T-report': 'filter' } as never)
    const { unmount } = render(<SubscribeCard once />)
    fireEvent.click(await screen.findByRole('button', { name: '订阅提醒' }))
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST')).toHaveLength(1))
    expect(calls.find((c) => c.method === 'POST')!.data).toEqual({ results: { 'T-notice': 'accept', 'T-booking': 'ban', 'T-report': 'filter' } })
    await waitFor(() => expect(screen.queryByRole('button', { name: '订阅提醒' })).toBeNull())
    expect(Taro.showToast).toHaveBeenCalledWith({ title: '已订阅公告提醒', icon: 'none' })
    unmount()

    render(<SubscribeCard once />)
    expect(screen.queryByText('订阅公告提醒')).toBeNull()
  })

  it.each([
    ['consultation', '议事协商', '议题进入讨论、表决、议定等阶段'],
    ['election', '选举', '选举进入选民登记、投票、公布结果等阶段'],
    ['disclosure', '三务公开答复', '您在三务公开中提的问题有答复'],
  ] as const)('topic %s: says when WeChat reminds, asks for its own template first, and names it in the toast', async (topic, name, hint) => {
    const all = [...templates, { key: 'consultation', templateId: 'T-consultation', title: '议事进展', remaining: 0 }, { key: 'disclosure', templateId: 'T-disclosure', title: '提问答复', remaining: 0 }]
    const calls = api(() => ok(all))
    mockAsk.mockResolvedValueOnce({ errMsg: 'requestSubscribeMessage:ok', [`T-${topic}`]: 'accept' } as never)
    const { unmount } = render(<SubscribeCard topic={topic} />)
    expect(await screen.findByText(`订阅${name}提醒`)).toBeTruthy()
    expect(screen.getByText(new RegExp(`^${hint}.*通过微信服务通知提醒您。每次订阅可收到一次提醒。$`))).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: '订阅提醒' }))
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith({ title: `已订阅${name}提醒`, icon: 'none' }))
    expect(mockAsk.mock.calls[0][0]).toEqual({ tmplIds: [`T-${topic}`, 'T-booking', 'T-notice'] })
    expect(calls.find((c) => c.method === 'POST')!.data).toEqual({ results: { [`T-${topic}`]: 'accept' } })
    unmount()

    render(<SubscribeCard compact topic={topic} />)
    expect((await screen.findByRole('button', { name: `订阅${name}提醒` })).closest('[id]')!.id).toBe(`subscribe-${topic}s`)
  })

  it('is hidden in the H5 portal, and when no template is configured', async () => {
    process.env.TARO_ENV = 'h5'
    const calls = api(() => ok(templates))
    const { unmount } = render(<SubscribeCard compact />)
    expect(screen.queryByRole('button')).toBeNull()
    expect(calls).toHaveLength(0)
    unmount()

    process.env.TARO_ENV = 'weapp'
    api(() => ok([]))
    render(<SubscribeCard compact />)
    await new Promise((r) => setTimeout(r, 0))
    expect(screen.queryByRole('button')).toBeNull()
  })
})
