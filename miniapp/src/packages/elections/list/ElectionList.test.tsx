import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it } from 'vitest'
import { api, byId, route, signIn } from '../../../../test/support'
import ConsultationPage from '../../../pages/consultation/index'
import { clearSession } from '../../../stores/session'
import { election } from '../testFixtures'
import ElectionListPage from './index'

beforeEach(() => signIn())

const page = (items: unknown[], nextCursor: string | null = null) => ({ statusCode: 200, data: { data: items, page: { nextCursor } } })

describe('议事 tab: 社区选举', () => {
  it('lists my communities’ elections, each opening its page; 全部选举 opens the list; 协商议事 has its own section', async () => {
    const calls = api((c) => (route(c).startsWith('/consultations') ? page([]) : page([election(4, { phaseLabel: '报名' }), election(2, { phase: 'published', phaseLabel: '已公布' })])))
    render(<ConsultationPage />)
    expect((await screen.findByText('第4届居民委员会换届选举')).closest('[id]')!.id).toBe('election-4')
    expect(byId('election-4').textContent).toContain('报名')
    expect(byId('election-2').textContent).toContain('已公布')
    expect(calls.map(route)).toContain('/elections?limit=5')
    fireEvent.click(byId('election-4'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/elections/detail/index?id=4' })
    fireEvent.click(byId('all-elections'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/elections/list/index' })
    expect(byId('topics-section')).toBeTruthy()
    expect(screen.queryByText('协商议事尚未开放')).toBeNull()
    expect(screen.queryByText('社区选举尚未开放')).toBeNull()
  })

  it('signed out: asks to log in and calls nothing', () => {
    clearSession()
    const calls = api(() => page([]))
    render(<ConsultationPage />)
    expect(byId('elections-login').textContent).toContain('登录后可以查看')
    expect(calls).toHaveLength(0)
  })

  it('says so when there is no election', async () => {
    api(() => page([]))
    render(<ConsultationPage />)
    await screen.findByText('暂无社区选举')
  })
})

describe('选举列表', () => {
  it('pages by cursor and shows each election’s phase and day', async () => {
    const calls = api((c) => (route(c).includes('cursor=c1') ? page([election(1)]) : page([election(3)], 'c1')))
    render(<ElectionListPage />)
    expect((await screen.findByText('第3届居民委员会换届选举')).closest('[id]')!.id).toBe('election-3')
    expect(byId('election-3').textContent).toContain('选举日 2026-12-20')
    fireEvent.click(byId('load-more'))
    await screen.findByText('第1届居民委员会换届选举')
    expect(route(calls[1])).toBe('/elections?limit=20&cursor=c1')
  })

  it('offers 订阅选举提醒 in WeChat when the API has an election template', async () => {
    process.env.TARO_ENV = 'weapp'
    const templates = { statusCode: 200, data: { data: [{ key: 'election', templateId: 'T-election', title: '选举提醒', remaining: 0 }] } }
    api((c) => (route(c) === '/subscriptions' ? templates : page([election(1)])))
    render(<ElectionListPage />)
    expect((await screen.findByRole('button', { name: '订阅选举提醒' })).closest('[id]')!.id).toBe('subscribe-elections')
  })
})
