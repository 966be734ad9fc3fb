import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { routerParams } from '../../../../../test/mocks/taro'
import { fail, ok, opinion, page, topicDetail } from '../../../../../test/fixtures/consultations'
import { api, byId, route, signIn, type Call, type Reply } from '../../../../../test/support'
import type { TopicDetailDto } from '../../../../services/consultations'
import ConsultationAdminPage from '.'

beforeEach(() => {
  signIn(['committee'])
  routerParams.current = { id: '5' }
})

const type = (id: string, value: string) => fireEvent.change(byId(id), { target: { value } })
const writes = (calls: Call[]) => calls.filter((c) => c.method !== 'GET')
const staffActs = { support: false, adopt: false, transition: true, opine: true, moderate: true, exportOpinions: true }
const cancelOnce = () => vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true } as never)

function serve(t: TopicDetailDto, opinions: unknown[], more: (c: Call) => Reply | undefined = () => undefined) {
  return api((c) => more(c) ?? (route(c).startsWith('/consultations/5/opinions') ? page(opinions) : ok(t)))
}

describe('管理议题: transitions', () => {
  const open = topicDetail(5, {
    allowedActions: staffActs,
    nextStates: [{ state: 'decided', label: '已议定', needsReason: false }, { state: 'closed', label: '已关闭', needsReason: true }],
  })

  it('moves the topic on only after confirming, and shows the new state', async () => {
    const calls = serve(open, [], (c) => (c.method === 'POST' ? ok({ ...open, state: 'decided', stateLabel: '已议定', nextStates: [] }) : undefined))
    render(<ConsultationAdminPage />)
    await screen.findByText('改为已议定')
    cancelOnce()
    fireEvent.click(byId('topic-to-decided'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(writes(calls)).toHaveLength(0)

    fireEvent.click(byId('topic-to-decided'))
    await waitFor(() => expect(byId('wb-topic-state').textContent).toBe('已议定'))
    expect(route(writes(calls)[0])).toBe('/consultations/5/transitions')
    expect(writes(calls)[0].data).toEqual({ to: 'decided' })
    expect(document.getElementById('topic-to-decided')).toBeNull()
  })

  it('closing asks for the reason first, then confirms and sends it', async () => {
    const calls = serve(open, [], (c) => (c.method === 'POST' ? ok({ ...open, state: 'closed', stateLabel: '已关闭', closedReason: '已由物业解决', nextStates: [] }) : undefined))
    render(<ConsultationAdminPage />)
    await screen.findByText('改为已关闭')
    fireEvent.click(byId('topic-to-closed'))
    expect(Taro.showModal).not.toHaveBeenCalled()
    fireEvent.click(byId('topic-to-closed'))
    expect(await within(byId('topic-reason-field')).findByText('请写明原因（至少2个字），居民会看到')).toBeTruthy()
    expect(writes(calls)).toHaveLength(0)
    type('topic-reason', '已由物业解决')
    fireEvent.click(byId('topic-to-closed'))
    await waitFor(() => expect(byId('wb-topic-state').textContent).toBe('已关闭'))
    expect(writes(calls)[0].data).toEqual({ to: 'closed', reason: '已由物业解决' })
    expect(screen.getByText('已由物业解决')).toBeTruthy()
  })

  it('shows a 409 from a stale state', async () => {
    serve(open, [], (c) => (c.method === 'POST' ? fail(409, 'WRONG_STATE', '议题当前为「已议定」，不能这样改变') : undefined))
    render(<ConsultationAdminPage />)
    fireEvent.click(await screen.findByText('改为已议定'))
    expect(await screen.findByText('议题当前为「已议定」，不能这样改变')).toBeTruthy()
  })

  it('adopts a resident’s proposal after confirming', async () => {
    const proposal = topicDetail(5, { source: 'resident', sourceLabel: '居民提议', state: 'gathering', stateLabel: '征集支持', supportCount: 3, supportThreshold: 30, allowedActions: { ...staffActs, adopt: true, transition: false } })
    const calls = serve(proposal, [], (c) => (c.method === 'POST' ? ok({ ...proposal, state: 'discussion', stateLabel: '讨论中', allowedActions: staffActs }) : undefined))
    render(<ConsultationAdminPage />)
    fireEvent.click(await screen.findByText('采纳提议，开放讨论'))
    await waitFor(() => expect(byId('wb-topic-state').textContent).toBe('讨论中'))
    expect(Taro.showModal).toHaveBeenCalledTimes(1)
    expect(route(writes(calls)[0])).toBe('/consultations/5/adopt')
  })

  it('without the transition action: no buttons', async () => {
    serve({ ...open, allowedActions: { ...staffActs, transition: false } }, [])
    render(<ConsultationAdminPage />)
    await screen.findByText('议题5')
    expect(document.getElementById('topic-state-actions')).toBeNull()
  })
})

describe('管理议题: moderation', () => {
  const t = topicDetail(5, { allowedActions: staffActs })
  const held = opinion(1, { status: 'held', statusLabel: '待审核', allowedActions: { publish: true, hide: true } as never })

  it('publishes a held opinion after confirming', async () => {
    const calls = serve(t, [held], (c) => (c.method === 'POST' ? ok({ ...held, status: 'published', statusLabel: '已发布', allowedActions: { ...held.allowedActions, publish: false } }) : undefined))
    render(<ConsultationAdminPage />)
    await screen.findByText('意见1')
    expect(byId('wb-opinion-1-status').textContent).toBe('待审核')
    fireEvent.click(byId('wb-opinion-1-publish'))
    await waitFor(() => expect(byId('wb-opinion-1-status').textContent).toBe('已发布'))
    expect(route(writes(calls)[0])).toBe('/consultations/5/opinions/1/publish')
    expect(document.getElementById('wb-opinion-1-publish')).toBeNull()
  })

  it('hides an opinion with a reason, after confirming', async () => {
    const calls = serve(t, [held], (c) => (c.method === 'POST' ? ok({ ...held, status: 'hidden', statusLabel: '已隐藏', hiddenReason: '含有他人电话' }) : undefined))
    render(<ConsultationAdminPage />)
    await screen.findByText('意见1')
    fireEvent.click(byId('wb-opinion-1-hide'))
    fireEvent.click(byId('wb-opinion-1-hide'))
    expect(await within(byId('wb-opinion-1-reason-field')).findByText('请写明隐藏原因（至少2个字），作者会看到')).toBeTruthy()
    type('wb-opinion-1-reason', '含有他人电话')
    cancelOnce()
    fireEvent.click(byId('wb-opinion-1-hide'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(writes(calls)).toHaveLength(0)
    fireEvent.click(byId('wb-opinion-1-hide'))
    await waitFor(() => expect(byId('wb-opinion-1-status').textContent).toBe('已隐藏'))
    expect(writes(calls)[0].data).toEqual({ reason: '含有他人电话' })
    expect(route(writes(calls)[0])).toBe('/consultations/5/opinions/1/hide')
    expect(byId('wb-opinion-1').textContent).toContain('隐藏原因：含有他人电话')
  })

  it('posts an official reply under an opinion', async () => {
    const calls = serve(t, [opinion(2)], (c) => (c.method === 'POST' ? ok(opinion(7, { parentId: 2, official: true, author: '青石社区居委会', body: '下周施工' }), 201) : undefined))
    render(<ConsultationAdminPage />)
    await screen.findByText('意见2')
    fireEvent.click(byId('wb-opinion-2-reply'))
    type('wb-reply-2-body', '下周施工')
    fireEvent.click(byId('wb-reply-2-submit'))
    await waitFor(() => expect(byId('wb-opinion-7').textContent).toContain('青石社区居委会（官方回复）'))
    expect(writes(calls)[0].data).toEqual({ body: '下周施工', parentId: 2 })
  })

  it('export: H5 downloads the CSV; WeChat points to the PC portal', async () => {
    serve(t, [])
    const fetchMock = vi.fn(async () => new Response('\uFEFF编号,内容\n1,好', { status: 200 }))
    vi.stubGlobal('fetch', fetchMock)
    const created = vi.fn(() => 'blob:x')
    vi.stubGlobal('URL', Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() }))
    render(<ConsultationAdminPage />)
    fireEvent.click(await screen.findByText('下载全部意见（CSV，可用 Excel 打开）'))
    await waitFor(() => expect(created).toHaveBeenCalled())
    const [url, init] = fetchMock.mock.calls[0] as unknown as [string, RequestInit]
    expect(url).toBe('/api/v1/consultations/5/opinions/export')
    expect((init.headers as Record<string, string>).Authorization).toBe('Bearer access-1')
    vi.unstubAllGlobals()
  })

  it('in WeChat the export says it is for the PC portal', async () => {
    process.env.TARO_ENV = 'weapp'
    serve(t, [])
    render(<ConsultationAdminPage />)
    expect((await screen.findByText(/请在电脑上打开邻里通管理后台/)).id).toBe('wb-export-pc')
    expect(document.getElementById('wb-export-csv')).toBeNull()
  })
})
