import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it } from 'vitest'
import { routerParams } from '../../../../test/mocks/taro'
import { api, byId, route, signIn, type Call } from '../../../../test/support'
import { board } from '../testFixtures'
import BoardPage from './index'

beforeEach(() => {
  signIn()
  routerParams.current = { id: '3', round: '9' }
})

/** The board: found for K7M3QX9A2B4C only, a second page after cursor c1. */
function serve() {
  return api((c: Call) => {
    const url = new URL(`http://x${route(c)}`)
    const tracker = url.searchParams.get('tracker')
    if (tracker) return { statusCode: 200, data: { data: board({ trackers: [], found: tracker === 'K7M3QX9A2B4C' }), page: { nextCursor: null } } }
    if (url.searchParams.get('cursor') === 'c1') return { statusCode: 200, data: { data: board({ trackers: ['ZZZZ9999YYYY'] }), page: { nextCursor: null } } }
    return { statusCode: 200, data: { data: board(), page: { nextCursor: 'c1' } } }
  })
}
const search = (typed: string) => {
  fireEvent.change(byId('board-search').querySelector('input')!, { target: { value: typed } })
  fireEvent.click(byId('board-search-submit'))
}

describe('回执码公示', () => {
  it('shows the totals and the trackers grouped; 加载更多 asks for the next page by cursor', async () => {
    const calls = serve()
    render(<BoardPage />)
    expect((await screen.findByText('K7M3 QX9A 2B4C')).className).toBe('tracker-row')
    expect(byId('board-tracker-count').textContent).toBe('120')
    expect(byId('board-voted-online').textContent).toBe('120')
    expect(route(calls[0])).toBe('/elections/3/rounds/9/board?limit=100')
    fireEvent.click(byId('load-more'))
    await screen.findByText('ZZZZ 9999 YYYY')
    expect(route(calls[1])).toBe('/elections/3/rounds/9/board?limit=100&cursor=c1')
    expect(screen.getByText('2345 6789 ABCD')).toBeTruthy()
  })

  it('search sends the code uppercased without spaces and says found or not found; a malformed code is not sent', async () => {
    const calls = serve()
    render(<BoardPage />)
    await screen.findByText('K7M3 QX9A 2B4C')
    search(' k7m3 qx9a 2b4c ')
    await waitFor(() => expect(byId('board-result').textContent).toContain('找到了'))
    expect(route(calls[1])).toBe('/elections/3/rounds/9/board?tracker=K7M3QX9A2B4C&limit=1')

    search('2345 6789 abcf')
    await waitFor(() => expect(byId('board-result').textContent).toContain('没有找到回执码 2345 6789 ABCF'))
    expect(route(calls[2])).toContain('tracker=23456789ABCF')

    search('K7M3')
    expect(byId('board-search').textContent).toContain('回执码是12位字母和数字')
    expect(document.getElementById('board-result')).toBeNull()
    expect(calls).toHaveLength(3)
  })

  it('with a receipt saved on this phone for this round: fills the box and 核对我保存的回执码 asks the board for it', async () => {
    Taro.setStorageSync('election-receipt:3:9', 'K7M3QX9A2B4C')
    Taro.setStorageSync('election-receipt:3:8', '23456789ABCD')
    const calls = serve()
    render(<BoardPage />)
    await screen.findByText('K7M3 QX9A 2B4C')
    expect((byId('board-search').querySelector('input') as HTMLInputElement).value).toBe('K7M3 QX9A 2B4C')
    expect(byId('board-search').textContent).toContain('已填入您投票时保存在本机的回执码')
    fireEvent.click(byId('board-check-saved'))
    await waitFor(() => expect(byId('board-result').textContent).toContain('找到了：回执码 K7M3 QX9A 2B4C 在公示板上'))
    expect(route(calls[1]!)).toBe('/elections/3/rounds/9/board?tracker=K7M3QX9A2B4C&limit=1')
  })

  it('without a saved receipt for this round: an empty box and no 核对我保存的回执码', async () => {
    Taro.setStorageSync('election-receipt:3:8', 'K7M3QX9A2B4C')
    serve()
    render(<BoardPage />)
    await screen.findByText('K7M3 QX9A 2B4C')
    expect((byId('board-search').querySelector('input') as HTMLInputElement).value).toBe('')
    expect(document.getElementById('board-check-saved')).toBeNull()
  })
})
