import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it } from 'vitest'
import { ok, page, topic } from '../../../../test/fixtures/consultations'
import { api, byId, route, signIn } from '../../../../test/support'
import TopicListPage from '.'

beforeEach(() => signIn())

describe('全部议题', () => {
  it('starts on 全部, pages by cursor, and opens a topic', async () => {
    const calls = api((c) => (route(c).includes('cursor=c1') ? page([topic(1)]) : page([topic(3)], 'c1')))
    render(<TopicListPage />)
    await screen.findByText('议题3')
    expect(route(calls[0])).toBe('/consultations?limit=20')
    expect(byId('topic-tab-all').getAttribute('aria-checked')).toBe('true')
    fireEvent.click(byId('load-more'))
    await screen.findByText('议题1')
    expect(route(calls[1])).toBe('/consultations?limit=20&cursor=c1')
    expect(screen.getByText('没有更多了')).toBeTruthy()
    fireEvent.click(byId('topic-1'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/consultations/detail/index?id=1' })
  })

  it('each tab asks for its state and starts the list over', async () => {
    const calls = api((c) => {
      const state = new URL(`http://x${route(c)}`).searchParams.get('state')
      return page(state === 'voting' ? [topic(7, { state: 'voting', stateLabel: '表决中' })] : state ? [] : [topic(1)])
    })
    render(<TopicListPage />)
    await screen.findByText('议题1')
    fireEvent.click(byId('topic-tab-voting'))
    await screen.findByText('议题7')
    expect(screen.queryByText('议题1')).toBeNull()
    expect(route(calls[1])).toBe('/consultations?limit=20&state=voting')
    for (const [tab, state] of [['gathering', 'gathering'], ['discussion', 'discussion'], ['decided', 'decided']]) {
      fireEvent.click(byId(`topic-tab-${tab}`))
      await screen.findByText('暂无议题')
      expect(route(calls[calls.length - 1])).toBe(`/consultations?limit=20&state=${state}`)
    }
    expect(byId('topic-tab-decided').getAttribute('aria-checked')).toBe('true')
  })

  it('offers 订阅议事协商提醒 in WeChat when the API has a consultation template', async () => {
    process.env.TARO_ENV = 'weapp'
    api((c) => (route(c) === '/subscriptions' ? ok([{ key: 'consultation', templateId: 'T-consultation', title: '议事进展', remaining: 0 }]) : page([topic(1)])))
    render(<TopicListPage />)
    expect((await screen.findByRole('button', { name: '订阅议事协商提醒' })).closest('[id]')!.id).toBe('subscribe-consultations')
  })
})
