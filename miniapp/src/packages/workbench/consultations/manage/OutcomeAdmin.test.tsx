import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { routerParams } from '../../../../../test/mocks/taro'
import { fail, ok, outcome, page, topicDetail, vote } from '../../../../../test/fixtures/consultations'
import { api, byId, route, signIn, type Call, type Reply } from '../../../../../test/support'
import type { TopicDetailDto } from '../../../../services/consultations'
import ConsultationAdminPage from '.'

beforeEach(() => {
  signIn(['committee'])
  routerParams.current = { id: '5' }
})

const staffActs = { support: false, adopt: false, transition: true, opine: true, moderate: true, exportOpinions: false }
const type = (id: string, value: string) => fireEvent.change(byId(id), { target: { value } })
const pick = (fieldId: string, value: string) => fireEvent.change(byId(fieldId).querySelector('input[aria-label^="picker"]')!, { target: { value } })
const writes = (calls: Call[]) => calls.filter((c) => c.method !== 'GET')

function serve(t: TopicDetailDto, answers: Record<string, () => Reply>, write?: (c: Call) => Reply) {
  return api((c) => {
    if (c.method !== 'GET' && write) return write(c)
    const r = route(c).split('?')[0]
    if (r === '/consultations/5/opinions') return page([])
    return answers[r]?.() ?? ok(t)
  })
}

describe('管理议题: 表决', () => {
  const discussing = topicDetail(5, { decisionMethod: 'vote', decisionMethodLabel: '居民投票表决', allowedActions: staffActs })

  it('sets the vote up in discussion: choices one per line, at most N, the window and quorum', async () => {
    const calls = serve(discussing, { '/consultations/5/vote': () => fail(409, 'NO_VOTE', '这个议题还没有设置投票'), '/consultations/5/outcome': () => ok(outcome({ decision: null })) },
      () => ok(vote({ kind: 'multiple', kindLabel: '多选', maxChoices: 2, status: 'scheduled', statusLabel: '尚未开始', allowedActions: { cast: false, setUp: true, close: false } })))
    render(<ConsultationAdminPage />)
    await screen.findByText(/还没有设置投票/)
    fireEvent.click(byId('wb-vote-edit'))
    fireEvent.click(byId('wb-vote-kind-multiple'))
    type('wb-vote-choices', '装在东门\n\n装在西门\n都不装 ')
    type('wb-vote-max', '2')
    fireEvent.click(byId('wb-vote-unit-per_household'))
    type('wb-vote-quorum', '30')
    fireEvent.click(byId('wb-vote-save'))
    expect(await screen.findByText('请选择投票截止日期')).toBeTruthy()
    pick('wb-vote-closes-field', '2026-12-10')
    fireEvent.click(byId('wb-vote-save'))
    await waitFor(() => expect(byId('wb-vote-status').textContent).toContain('尚未开始'))
    const put = writes(calls)[0]
    expect([put.method, route(put)]).toEqual(['PUT', '/consultations/5/vote'])
    expect(put.data).toEqual({ kind: 'multiple', unit: 'per_household', closesAt: '2026-12-10T23:59:00+08:00', quorumPercent: 30, choices: ['装在东门', '装在西门', '都不装'], maxChoices: 2 })
  })

  it('shows the API’s message under the choices', async () => {
    serve(discussing, { '/consultations/5/vote': () => fail(409, 'NO_VOTE', '没有'), '/consultations/5/outcome': () => ok(outcome({ decision: null })) },
      () => fail(422, 'VALIDATION_FAILED', '校验失败', [{ field: 'choices', message: '请至少列出2个选项' }]))
    render(<ConsultationAdminPage />)
    fireEvent.click(await screen.findByText('设置投票'))
    fireEvent.click(byId('wb-vote-kind-single'))
    type('wb-vote-choices', '只有一个')
    pick('wb-vote-closes-field', '2026-12-10')
    fireEvent.click(byId('wb-vote-save'))
    expect(await screen.findByText('请至少列出2个选项')).toBeTruthy()
  })

  it('ends an open vote early only after confirming, then offers the decision form', async () => {
    const open = vote({ resultsVisible: true, ballotsCount: 3, choices: [{ id: 11, label: '同意', count: 2 }, { id: 12, label: '不同意', count: 1 }], allowedActions: { cast: false, setUp: false, close: true } })
    let ended = false
    const decide = () => ({ decide: ended, addAction: false, updateActions: false, rate: false })
    const calls = serve({ ...discussing, state: 'voting', stateLabel: '表决中' }, { '/consultations/5/vote': () => ok(open), '/consultations/5/outcome': () => ok(outcome({ decision: null, state: 'voting', allowedActions: decide() })) },
      () => {
        ended = true
        return ok({ ...open, status: 'closed', statusLabel: '投票已结束', allowedActions: { cast: false, setUp: false, close: false } })
      })
    render(<ConsultationAdminPage />)
    await screen.findByText('2 票')
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true } as never)
    fireEvent.click(byId('wb-vote-close'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(writes(calls)).toHaveLength(0)
    fireEvent.click(byId('wb-vote-close'))
    await waitFor(() => expect(byId('wb-vote-status').textContent).toContain('投票已结束'))
    expect(route(writes(calls)[0])).toBe('/consultations/5/vote/close')
    expect(await screen.findByText('公布决议')).toBeTruthy()
  })
})

describe('管理议题: 议定与落实', () => {
  it('records a meeting’s decision after confirming', async () => {
    const t = topicDetail(5, { decisionMethod: 'meeting', decisionMethodLabel: '会议议定', allowedActions: staffActs })
    const calls = serve(t, { '/consultations/5/outcome': () => ok(outcome({ decision: null, state: 'discussion', stateLabel: '讨论中', allowedActions: { decide: true, addAction: false, updateActions: false, rate: false } })) },
      () => ok(outcome({ allowedActions: { decide: false, addAction: true, updateActions: false, rate: false } })))
    render(<ConsultationAdminPage />)
    await screen.findByText('公布决议')
    pick('wb-decision-date-field', '2026-12-01')
    type('wb-decision-attendees', '23')
    type('wb-decision-resolution', '在东门装10个充电桩')
    fireEvent.click(byId('wb-decision-save'))
    await screen.findByText('添加议定事项')
    expect(Taro.showModal).toHaveBeenCalledTimes(1)
    const sent = writes(calls)[0]
    expect(route(sent)).toBe('/consultations/5/decision')
    expect(sent.data).toEqual({ resolution: '在东门装10个充电桩', meetingDate: '2026-12-01', attendees: 23 })
  })

  it('adds an action, posts progress, and completes it after confirming', async () => {
    const t = topicDetail(5, { state: 'in_progress', stateLabel: '落实中', decisionMethod: 'meeting', allowedActions: staffActs })
    const action = { id: 31, title: '安装充电桩', owner: '物业王经理', dueDate: '2026-12-20', status: 'in_progress' as const, statusLabel: '进行中', completedAt: null, updates: [] }
    const acts = { decide: false, addAction: true, updateActions: true, rate: false }
    const calls = serve(t, { '/consultations/5/outcome': () => ok(outcome({ state: 'in_progress', actions: [action], allowedActions: acts })) }, (c) => {
      if (route(c).endsWith('/progress')) return ok(outcome({ state: 'in_progress', actions: [{ ...action, updates: [{ id: 1, body: '设备已到货', author: '测试用户', createdAt: '2026-12-10T02:00:00.000Z' }] }], allowedActions: acts }), 201)
      if (route(c).endsWith('/complete')) return ok(outcome({ state: 'in_progress', actions: [{ ...action, status: 'completed', statusLabel: '已完成' }], allowedActions: acts }))
      return ok(outcome({ state: 'in_progress', actions: [action, { ...action, id: 32, title: '划线' }], allowedActions: acts }), 201)
    })
    render(<ConsultationAdminPage />)
    await screen.findByText('安装充电桩')
    type('wb-action-title', '划线')
    type('wb-action-owner', '物业王经理')
    pick('wb-action-due-field', '2026-12-25')
    fireEvent.click(byId('wb-action-add'))
    await screen.findByText('划线')
    expect(writes(calls)[0].data).toEqual({ title: '划线', owner: '物业王经理', dueDate: '2026-12-25' })

    type('wb-action-31-progress', '设备已到货')
    fireEvent.click(byId('wb-action-31-post'))
    await waitFor(() => expect(byId('wb-action-31').textContent).toContain('设备已到货'))
    expect([route(writes(calls)[1]), writes(calls)[1].data]).toEqual(['/consultations/5/actions/31/progress', { body: '设备已到货' }])

    fireEvent.click(byId('wb-action-31-complete'))
    await waitFor(() => expect(byId('wb-action-31-status').textContent).toBe('已完成'))
    expect(Taro.showModal).toHaveBeenCalledTimes(1)
    expect(route(writes(calls)[2])).toBe('/consultations/5/actions/31/complete')
  })
})
