import { fireEvent, render, screen, within } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { routerParams } from '../../../../test/mocks/taro'
import { fail, ok } from '../../../../test/fixtures/notices'
import { api, byId, route, signIn } from '../../../../test/support'
import NoticeReadsPage, { percent } from '.'

const reads = {
  noticeId: 8,
  totals: { households: 20, readHouseholds: 5, readers: 6 },
  grids: [
    { gridId: 2, gridName: '青石第一网格', households: 12, readHouseholds: 1, readers: 1 },
    { gridId: 3, gridName: '青石第二网格', households: 8, readHouseholds: 4, readers: 5 },
  ],
  unread: null,
}
const unread = { ...reads, unread: { gridId: 2, households: [{ id: 101, address: '青石花园 1栋 1单元 102', occupants: [{ realName: '王*', phone: '139****0002' }] }, { id: 102, address: '青石花园 1栋 1单元 103', occupants: [] }] } }

beforeEach(() => {
  signIn(['committee'])
  routerParams.current = { id: '8', title: encodeURIComponent('停水通知') }
})

describe('阅读统计', () => {
  it('shows totals and each grid with its progress; a grid opens its unread households, masked', async () => {
    const calls = api((c) => ok(route(c).includes('gridId=2') ? unread : reads))
    render(<NoticeReadsPage />)
    expect(await screen.findByText('已读 5 / 20 户')).toBeTruthy()
    expect(screen.getByText('停水通知')).toBeTruthy()
    const first = within(byId('grid-reads-2'))
    expect(first.getByText('已读 1 / 12 户')).toBeTruthy()
    expect(byId('grid-reads-2').querySelector('[role="progressbar"]')!.getAttribute('aria-valuenow')).toBe('8')
    expect(byId('grid-reads-3').querySelector('.progress__bar')!.getAttribute('style')).toContain('width: 50%')

    fireEvent.click(byId('grid-reads-2'))
    expect(await screen.findByText('青石花园 1栋 1单元 102')).toBeTruthy()
    expect(screen.getByText('王* · 139****0002')).toBeTruthy()
    expect(screen.getByText('暂无登记住户')).toBeTruthy()
    expect(route(calls[calls.length - 1])).toBe('/notices/8/reads?gridId=2')
  })

  it('shows the error of a refused request', async () => {
    api(() => fail(403, 'FORBIDDEN', '只有重要公告记录阅读情况'))
    render(<NoticeReadsPage />)
    expect(await screen.findByText('只有重要公告记录阅读情况')).toBeTruthy()
  })

  it('never divides by zero', () => {
    expect(percent(0, 0)).toBe(0)
    expect(percent(1, 3)).toBe(33)
  })
})
