import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it } from 'vitest'
import { fail, ok, page, topic, topicDetail } from '../../../../test/fixtures/consultations'
import { api, byId, route, signIn } from '../../../../test/support'
import ConsultationManagePage from '.'
import OpenTopicPage from './open'

beforeEach(() => signIn(['committee']))

const TREE = [{ id: 1, name: '青石街道', children: [{ id: 3, name: '青石社区', children: [] }] }]
const type = (id: string, value: string) => fireEvent.change(byId(id), { target: { value } })

describe('议题管理', () => {
  it('lists the topics by state and opens one to manage; 发起议题 opens the form', async () => {
    const calls = api((c) => page(route(c).includes('state=gathering') ? [topic(4, { state: 'gathering', stateLabel: '征集支持' })] : [topic(1)]))
    render(<ConsultationManagePage />)
    await screen.findByText('议题1')
    expect(route(calls[0])).toBe('/consultations?limit=20')
    fireEvent.click(byId('wb-topic-filter-gathering'))
    await screen.findByText('议题4')
    expect(route(calls[1])).toBe('/consultations?limit=20&state=gathering')
    fireEvent.click(byId('topic-4'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/workbench/consultations/manage/index?id=4' })
    fireEvent.click(byId('topic-new'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/workbench/consultations/open/index' })
  })
})

describe('发起议题', () => {
  it('sends title, background, the window and the decision method after confirming, then opens the topic', async () => {
    const calls = api((c) => (route(c) === '/regions' ? ok(TREE) : ok(topicDetail(21), 201)))
    render(<OpenTopicPage />)
    await screen.findByText('开放讨论')
    type('topic-title', '东门加装充电桩')
    type('topic-background', '车棚飞线充电')
    fireEvent.change(byId('topic-ends-field').querySelector('input')!, { target: { value: '2026-12-20' } })
    fireEvent.click(byId('topic-method-vote'))
    fireEvent.click(byId('topic-open-submit'))
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/workbench/consultations/manage/index?id=21' }))
    expect(Taro.showModal).toHaveBeenCalledTimes(1)
    const sent = calls.find((c) => c.method === 'POST')!
    expect(sent.data).toEqual({
      communityId: 3, title: '东门加装充电桩', background: '车棚飞线充电', audience: 'community', decisionMethod: 'vote', discussionEndsAt: '2026-12-20T23:59:00+08:00',
    })
  })

  it('shows the API’s message under the field', async () => {
    api((c) => (route(c) === '/regions' ? ok(TREE) : fail(422, 'VALIDATION_FAILED', '校验失败', [{ field: 'discussionEndsAt', message: '讨论截止时间须在将来' }])))
    render(<OpenTopicPage />)
    await screen.findByText('开放讨论')
    type('topic-title', '东门加装充电桩')
    fireEvent.click(byId('topic-open-submit'))
    expect(await within(byId('topic-ends-field')).findByText('讨论截止时间须在将来')).toBeTruthy()
  })
})
