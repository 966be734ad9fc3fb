import { fireEvent, render, screen, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it } from 'vitest'
import { fail, page, topic } from '../../../test/fixtures/consultations'
import { api, byId, route, signIn } from '../../../test/support'
import { clearSession } from '../../stores/session'
import ConsultationPage from './index'

beforeEach(() => signIn())

describe('议事 tab: 协商议事', () => {
  it('shows both sections: the elections as before and the recent topics with their state labels', async () => {
    const calls = api((c) =>
      route(c).startsWith('/consultations')
        ? page([
          topic(3, { title: '东门加装充电桩', state: 'discussion', stateLabel: '讨论中', discussionEndsAt: '2026-12-10T15:59:00.000Z' }),
          topic(2, { title: '3号楼旁加座椅', source: 'resident', sourceLabel: '居民提议', state: 'gathering', stateLabel: '征集支持', supportCount: 12, supportThreshold: 30 }),
        ])
        : page([]),
    )
    render(<ConsultationPage />)
    await screen.findByText('东门加装充电桩')
    expect(byId('elections-section')).toBeTruthy()
    expect(await screen.findByText('暂无社区选举')).toBeTruthy()
    expect(calls.map(route).sort()).toEqual(['/consultations?limit=5', '/elections?limit=5'])
    expect(within(byId('topic-3')).getByText('讨论中')).toBeTruthy()
    expect(byId('topic-3').textContent).toContain('讨论截止')
    expect(within(byId('topic-2')).getByText('征集支持')).toBeTruthy()
    expect(byId('topic-2').textContent).toContain('已有 12 人支持，需 30 人')
    expect(screen.queryByText('协商议事尚未开放')).toBeNull()

    fireEvent.click(byId('topic-3'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/consultations/detail/index?id=3' })
    fireEvent.click(byId('all-topics'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/consultations/list/index' })
    fireEvent.click(byId('propose-topic'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/consultations/propose/index' })
  })

  it('says so when there is no topic, and still offers 我要提议', async () => {
    api(() => page([]))
    render(<ConsultationPage />)
    await screen.findByText('暂无议题')
    expect(byId('propose-topic')).toBeTruthy()
  })

  it('shows the error with 重试, and 重试 loads the topics', async () => {
    let fails = true
    api((c) => (route(c).startsWith('/consultations') && fails ? fail(500, 'INTERNAL', '服务器开小差了') : page(route(c).startsWith('/consultations') ? [topic(1)] : [])))
    render(<ConsultationPage />)
    expect(await within(byId('topics-section')).findByText('服务器开小差了')).toBeTruthy()
    fails = false
    fireEvent.click(within(byId('topics-section')).getByRole('button', { name: '重试' }))
    await screen.findByText('议题1')
  })

  it('signed out: no topics section and no call', () => {
    clearSession()
    const calls = api(() => page([]))
    render(<ConsultationPage />)
    expect(document.getElementById('topics-section')).toBeNull()
    expect(calls).toHaveLength(0)
  })
})
