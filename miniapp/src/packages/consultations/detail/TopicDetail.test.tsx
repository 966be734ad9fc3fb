import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { routerParams, shareHandlers } from '../../../../test/mocks/taro'
import { fail, ok, opinion, page, topicDetail } from '../../../../test/fixtures/consultations'
import { api, byId, deferred, route, signIn, type Call, type Reply } from '../../../../test/support'
import type { TopicDetailDto } from '../../../services/consultations'
import TopicDetailPage from '.'

beforeEach(() => {
  signIn()
  routerParams.current = { id: '5' }
})

const type = (id: string, value: string) => fireEvent.change(byId(id), { target: { value } })
const body = (c: Call) => c.data as Record<string, unknown>
const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST' || c.method === 'PUT' || c.method === 'DELETE')

/** Answers the topic, its opinions, and whatever `more` answers for other calls. */
function serve(t: TopicDetailDto, opinions: unknown[], more: (c: Call) => Reply | undefined = () => undefined) {
  return api((c) => more(c) ?? (route(c).startsWith('/consultations/5/opinions') ? page(opinions) : ok(t)))
}

describe('议题详情', () => {
  it('shows the background, attachments, course and the opinions with stance chips and replies', async () => {
    serve(topicDetail(5, { title: '东门加装充电桩', background: '东门车棚常有电动车飞线充电。', attachments: [{ id: 1, url: '/files/a.jpg', width: 10, height: 10 }], opinionCount: 2 }), [
      opinion(1, { stance: 'for', stanceLabel: '赞成', body: '早该装了', replies: [opinion(3, { parentId: 1, author: '青石社区居委会', official: true, body: '已联系供电所' })] }),
      opinion(2, { stance: 'against', stanceLabel: '反对', body: '占车位' }),
    ])
    render(<TopicDetailPage />)
    await screen.findByText('早该装了')
    expect(byId('topic-background').textContent).toBe('东门车棚常有电动车飞线充电。')
    expect(byId('topic-attachments').querySelectorAll('img')).toHaveLength(1)
    expect(byId('topic-timeline').textContent).toContain('现在：讨论中')
    expect(within(byId('opinion-1')).getByText('赞成').className).toContain('stance--for')
    expect(within(byId('opinion-2')).getByText('反对').className).toContain('stance--against')
    expect(byId('opinion-3').textContent).toContain('青石社区居委会（官方回复）')
    expect(byId('opinion-3').textContent).toContain('已联系供电所')
    // Replies are one level: a reply has no 回复 of its own.
    expect(document.getElementById('opinion-3-reply')).toBeNull()
    expect(document.getElementById('support-card')).toBeNull()
  })

  it('shows my held opinion as 待审核 and my hidden one with the reason', async () => {
    serve(topicDetail(5), [
      opinion(1, { mine: true, status: 'held', statusLabel: '待审核' }),
      opinion(2, { mine: true, status: 'hidden', statusLabel: '已隐藏', hiddenReason: '含有他人电话' }),
    ])
    render(<TopicDetailPage />)
    expect((await screen.findByText('意见1')) && byId('opinion-1-held').textContent).toContain('待审核')
    expect(byId('opinion-2-hidden').textContent).toBe('已被管理员隐藏：含有他人电话')
  })

  it('posts an opinion with its stance and shows it at the top', async () => {
    const calls = serve(topicDetail(5), [opinion(1)], (c) => (c.method === 'POST' ? ok(opinion(9, { mine: true, body: '建议装在西侧', stance: 'for', stanceLabel: '赞成' }), 201) : undefined))
    render(<TopicDetailPage />)
    await screen.findByText('意见1')
    fireEvent.click(byId('opinion-stance-for'))
    expect(byId('opinion-stance-for').getAttribute('aria-checked')).toBe('true')
    type('opinion-body', '  建议装在西侧 ')
    fireEvent.click(byId('opinion-submit'))
    await screen.findByText('建议装在西侧')
    const sent = posts(calls)[0]
    expect(route(sent)).toBe('/consultations/5/opinions')
    expect(body(sent)).toEqual({ body: '建议装在西侧', stance: 'for' })
    const ids = Array.from(byId('discussion').querySelectorAll('.opinion')).map((e) => e.id)
    expect(ids.slice(0, 2)).toEqual(['opinion-9', 'opinion-1'])
    expect((byId('opinion-body') as HTMLTextAreaElement).value).toBe('')
  })

  it('shows the 422 message under the text field and keeps what was written', async () => {
    serve(topicDetail(5), [], (c) => (c.method === 'POST' ? fail(422, 'CONTENT_RISKY', '内容含有不当信息', [{ field: 'body', message: '内容含有不当信息，请修改后再发' }]) : undefined))
    render(<TopicDetailPage />)
    await screen.findByText('还没有意见')
    type('opinion-body', '某某是骗子')
    fireEvent.click(byId('opinion-submit'))
    expect(await within(byId('opinion-body-field')).findByText('内容含有不当信息，请修改后再发')).toBeTruthy()
    expect((byId('opinion-body') as HTMLTextAreaElement).value).toBe('某某是骗子')
  })

  it('without opine: no form, a plain sentence instead', async () => {
    serve(topicDetail(5, { state: 'closed', stateLabel: '已关闭', allowedActions: { ...topicDetail(5).allowedActions, opine: false } }), [])
    render(<TopicDetailPage />)
    await screen.findByText('现在不在讨论期，不能再发表意见。')
    expect(document.getElementById('opinion-form')).toBeNull()
  })

  it('likes and unlikes, showing the count the API answers', async () => {
    const calls = serve(topicDetail(5), [opinion(1, { likeCount: 2 })], (c) => {
      if (route(c).endsWith('/like')) return ok({ liked: true, likeCount: 3 })
      if (route(c).endsWith('/unlike')) return ok({ liked: false, likeCount: 2 })
    })
    render(<TopicDetailPage />)
    await screen.findByText('意见1')
    expect(byId('opinion-1-like').textContent).toBe('点赞 2')
    fireEvent.click(byId('opinion-1-like'))
    await waitFor(() => expect(byId('opinion-1-like').textContent).toBe('已赞 3'))
    fireEvent.click(byId('opinion-1-like'))
    await waitFor(() => expect(byId('opinion-1-like').textContent).toBe('点赞 2'))
    expect(posts(calls).map(route)).toEqual(['/consultations/5/opinions/1/like', '/consultations/5/opinions/1/unlike'])
  })

  it('edits my own opinion with its version, and deletes it only after confirming', async () => {
    const mine = opinion(4, { mine: true, body: '旧的意见', stance: 'other', stanceLabel: '其他', version: 2, allowedActions: { edit: true, delete: true } as never })
    const calls = serve(topicDetail(5), [mine, opinion(1)], (c) => {
      if (c.method === 'PUT') return ok({ ...mine, body: '新的意见', edited: true, version: 3 })
      if (c.method === 'DELETE') return { statusCode: 204, data: '' }
    })
    render(<TopicDetailPage />)
    await screen.findByText('旧的意见')
    expect(document.getElementById('opinion-1-edit')).toBeNull()
    expect(document.getElementById('opinion-1-delete')).toBeNull()

    fireEvent.click(byId('opinion-4-edit'))
    expect((byId('edit-4-body') as HTMLTextAreaElement).value).toBe('旧的意见')
    type('edit-4-body', '新的意见')
    fireEvent.click(byId('edit-4-submit'))
    await screen.findByText('新的意见')
    expect(byId('opinion-4').textContent).toContain('已修改')
    const put = posts(calls)[0]
    expect([put.method, route(put)]).toEqual(['PUT', '/consultations/5/opinions/4'])
    expect(body(put)).toEqual({ body: '新的意见', stance: 'other', version: 2 })

    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true } as never)
    fireEvent.click(byId('opinion-4-delete'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(posts(calls)).toHaveLength(1)

    fireEvent.click(byId('opinion-4-delete'))
    await waitFor(() => expect(document.getElementById('opinion-4')).toBeNull())
    expect(posts(calls).map((c) => `${c.method} ${route(c)}`).slice(1)).toEqual(['DELETE /consultations/5/opinions/4'])
  })

  it('a deleted opinion with replies reads 「该意见已删除」 above them; deleting my own opinion with replies keeps them the same way', async () => {
    const gone = opinion(6, { author: null, body: '该意见已删除', status: 'deleted', statusLabel: '已删除', allowedActions: { like: false, reply: false } as never, replies: [opinion(7, { parentId: 6, body: '回复还在' })] })
    const mine = opinion(4, { mine: true, body: '我的意见', allowedActions: { delete: true } as never, replies: [opinion(8, { parentId: 4, body: '楼上说得对' })] })
    serve(topicDetail(5), [mine, gone], (c) => (c.method === 'DELETE' ? { statusCode: 204, data: '' } : undefined))
    render(<TopicDetailPage />)
    await screen.findByText('回复还在')
    expect(byId('opinion-6-placeholder').textContent).toBe('该意见已删除')
    expect(document.getElementById('opinion-6-like')).toBeNull()
    expect(document.getElementById('opinion-6-reply')).toBeNull()
    expect(byId('opinion-6').textContent).not.toContain('null')

    fireEvent.click(byId('opinion-4-delete'))
    await waitFor(() => expect(byId('opinion-4-placeholder').textContent).toBe('该意见已删除'))
    expect(byId('opinion-4').textContent).not.toContain('我的意见')
    expect(byId('opinion-8').textContent).toContain('楼上说得对')
    expect(document.getElementById('opinion-4-delete')).toBeNull()
  })

  it('a hidden opinion with a reply shows the API’s 「该意见已被隐藏」 above it, without author, buttons or reason', async () => {
    const hidden = opinion(6, {
      author: null, body: '该意见已被隐藏', status: 'hidden', statusLabel: '已隐藏', allowedActions: { like: false, reply: false } as never,
      replies: [opinion(7, { parentId: 6, body: '回复还在', likeCount: 1 })],
    })
    serve(topicDetail(5), [hidden])
    render(<TopicDetailPage />)
    await screen.findByText('回复还在')
    expect(byId('opinion-6-placeholder').textContent).toBe('该意见已被隐藏')
    for (const b of ['like', 'reply', 'edit', 'delete', 'hidden']) expect(document.getElementById(`opinion-6-${b}`)).toBeNull()
    expect(byId('opinion-6').textContent).not.toContain('已被管理员隐藏')
    expect(byId('opinion-6').textContent).not.toContain('null')
    expect(byId('opinion-7').textContent).toContain('居民7')
    expect(byId('opinion-7-like').textContent).toBe('点赞 1')
  })

  it('replies to an opinion (one level, no stance)', async () => {
    const calls = serve(topicDetail(5), [opinion(1)], (c) => (c.method === 'POST' ? ok(opinion(8, { parentId: 1, mine: true, body: '同意楼上' }), 201) : undefined))
    render(<TopicDetailPage />)
    await screen.findByText('意见1')
    fireEvent.click(byId('opinion-1-reply'))
    expect(document.getElementById('reply-1-stance')).toBeNull()
    type('reply-1-body', '同意楼上')
    fireEvent.click(byId('reply-1-submit'))
    await waitFor(() => expect(byId('opinion-8').textContent).toContain('同意楼上'))
    expect(body(posts(calls)[0])).toEqual({ body: '同意楼上', parentId: 1 })
  })
})

describe('居民提议：征集支持', () => {
  const proposal = (over: Partial<TopicDetailDto> = {}) => topicDetail(5, {
    source: 'resident', sourceLabel: '居民提议', state: 'gathering', stateLabel: '征集支持', supportCount: 12, supportThreshold: 30,
    supportDeadline: '2026-12-20T02:00:00.000Z', allowedActions: { support: true, adopt: false, transition: false, opine: false, moderate: false, exportOpinions: false },
    ...over,
  })

  it('shows the count toward the threshold and supports after confirming', async () => {
    let supported = false
    const calls = api((c) => {
      if (c.method === 'POST') {
        supported = true
        return ok({ supportCount: 13, supportThreshold: 30, state: 'gathering', stateLabel: '征集支持', mySupport: true })
      }
      return ok(supported ? proposal({ supportCount: 13, mySupport: true, allowedActions: { ...proposal().allowedActions, support: false } }) : proposal())
    })
    render(<TopicDetailPage />)
    expect((await screen.findByText(/已有 12 人支持/)).textContent).toBe('已有 12 人支持，达到 30 人即开放讨论')
    // No discussion while a proposal gathers support.
    expect(document.getElementById('discussion')).toBeNull()

    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true } as never)
    fireEvent.click(byId('support-topic'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(posts(calls)).toHaveLength(0)

    fireEvent.click(byId('support-topic'))
    await screen.findByText('您已支持这个提议')
    expect(route(posts(calls)[0])).toBe('/consultations/5/support')
    expect(byId('support-count').textContent).toContain('已有 13 人支持')
    expect(document.getElementById('support-topic')).toBeNull()
  })

  it('without the support action there is no button', async () => {
    api(() => ok(proposal({ allowedActions: { ...proposal().allowedActions, support: false } })))
    render(<TopicDetailPage />)
    await screen.findByText(/已有 12 人支持/)
    expect(document.getElementById('support-topic')).toBeNull()
  })
})

describe('议题详情 for staff', () => {
  it('offers the workbench page only to those who may manage the topic', async () => {
    api((c) => (route(c).startsWith('/consultations/5/opinions') ? page([]) : ok(topicDetail(5, { allowedActions: { ...topicDetail(5).allowedActions, moderate: true } }))))
    render(<TopicDetailPage />)
    fireEvent.click(await screen.findByText('在工作台管理这个议题'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/workbench/consultations/manage/index?id=5' })
  })

  it('a resident sees no such button', async () => {
    api((c) => (route(c).startsWith('/consultations/5/opinions') ? page([]) : ok(topicDetail(5))))
    render(<TopicDetailPage />)
    await screen.findByText('议题5')
    expect(document.getElementById('topic-manage')).toBeNull()
  })

  it('shows a skeleton until the topic is there, then the topic', async () => {
    const reply = deferred()
    api((c) => (route(c).startsWith('/consultations/5/opinions') ? page([]) : reply.promise))
    render(<TopicDetailPage />)
    expect(screen.getByRole('status', { name: '正在加载' }).className).toContain('skeleton--detail')
    reply.resolve(ok(topicDetail(5)))
    await screen.findByText('议题5')
    expect(screen.queryByRole('status', { name: '正在加载' })).toBeNull()
  })

  it('shared to someone outside the topic’s community (404): 无权查看 with 回到首页, not 加载失败', async () => {
    api(() => fail(404, 'NOT_FOUND', '议题不存在或无权查看'))
    render(<TopicDetailPage />)
    expect(await screen.findByText('无权查看')).toBeTruthy()
    expect(byId('no-access').textContent).toContain('这条议题不对您开放')
    expect(screen.queryByText('加载失败')).toBeNull()
    expect(screen.queryByRole('status', { name: '正在加载' })).toBeNull()
  })

  it('is sent to friends with its title and id (not to 朋友圈)', async () => {
    serve(topicDetail(5, { title: '东门加装充电桩' }), [])
    render(<TopicDetailPage />)
    await screen.findByText('东门加装充电桩')
    expect(shareHandlers.message!()).toEqual({ title: '议事：东门加装充电桩', path: '/packages/consultations/detail/index?id=5' })
    expect(shareHandlers.timeline).toBeUndefined()
  })
})
