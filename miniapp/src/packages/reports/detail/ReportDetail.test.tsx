import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it } from 'vitest'
import { routerParams } from '../../../../test/mocks/taro'
import { detailReport, noPolicies } from '../../../../test/fixtures/reports'
import { api, byId, route, signIn, type Call, type Reply } from '../../../../test/support'
import type { ReportDetailDto } from '../../../services/reports'
import ReportDetailPage from './index'

const ok = (data: unknown): Reply => ({ statusCode: 200, data: { data } })

/** GET /reports/12 answers `shown`; a POST answers `after` (or an error reply). */
function server(shown: ReportDetailDto, after?: ReportDetailDto | Reply) {
  return api((c: Call) => {
    if (c.method === 'GET') return ok(shown)
    if (after && 'statusCode' in after) return after
    return ok(after ?? shown)
  })
}
const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST')
const typeIn = (id: string, value: string) => fireEvent.change(byId(id).querySelector('textarea')!, { target: { value } })

beforeEach(() => {
  signIn()
  routerParams.current = { id: '12' }
})

describe('诉求详情', () => {
  it('shows status, place, description, photos to enlarge and the timeline, with no buttons the policies do not allow', async () => {
    server(detailReport(12))
    render(<ReportDetailPage />)
    await screen.findByText('3号楼2单元楼道灯不亮三天了')
    expect(screen.getByText('处理中')).toBeTruthy()
    expect(screen.getByText('青石小区 3号楼 2单元 301')).toBeTruthy()
    expect(byId('report-timeline').textContent).toContain('提交诉求')
    fireEvent.click(byId('report-photos').querySelector('img')!)
    expect(Taro.previewImage).toHaveBeenCalledWith({ urls: ['/api/v1/files/p70.jpg'], current: '/api/v1/files/p70.jpg' })
    expect(document.getElementById('report-actions')).toBeNull()
  })

  it('rates a resolved report: 满意 or 不满意 with a comment, then shows the answer', async () => {
    const resolved = detailReport(12, { status: 'resolved', statusLabel: '已办结', policies: { ...noPolicies, rate: true, reopen: true, close: true }, reopenUntil: '2026-12-08T02:00:00.000Z' })
    const calls = server(resolved, { ...resolved, satisfied: false, ratingComment: '灯还是暗', policies: { ...noPolicies, reopen: true } })
    render(<ReportDetailPage />)
    await screen.findByText('评价办理结果')
    expect(byId('reopen-entry').textContent).toContain('2026-12-08 10:00')
    expect(byId('submit-rating').hasAttribute('disabled')).toBe(true)
    fireEvent.click(byId('rate-unsatisfied'))
    typeIn('field-rating-comment', '灯还是暗')
    fireEvent.click(byId('submit-rating'))
    await screen.findByText('不满意：灯还是暗')
    expect(posts(calls).map((c) => [route(c), c.data])).toEqual([['/reports/12/rate', { satisfied: false, comment: '灯还是暗' }]])
    expect(document.getElementById('rate-form')).toBeNull()
  })

  it('reopens within the window with a reason', async () => {
    const resolved = detailReport(12, { status: 'unsatisfied', statusLabel: '办结不满意', policies: { ...noPolicies, reopen: true } })
    const calls = server(resolved, { ...resolved, status: 'accepted', statusLabel: '处理中', policies: noPolicies })
    render(<ReportDetailPage />)
    fireEvent.click(await screen.findByText('申请重新办理'))
    typeIn('field-reopen-reason', '又坏了')
    fireEvent.click(byId('submit-reopen'))
    await waitFor(() => expect(posts(calls).map((c) => [route(c), c.data])).toEqual([['/reports/12/reopen', { reason: '又坏了' }]]))
    await waitFor(() => expect(document.getElementById('reopen-form')).toBeNull())
  })

  it('answers an information request with the question shown, and shows a refusal from the API', async () => {
    const asked = detailReport(12, {
      status: 'awaiting_info', statusLabel: '待补充', policies: { ...noPolicies, supplement: true },
      timeline: [{ id: '2', kind: 'info_requested', label: '请补充信息', actorRole: 'grid_worker', actorRoleLabel: '网格员', actorName: '王网格', text: '是几单元？', photos: [], createdAt: '2026-11-30T03:00:00.000Z' }],
    })
    const calls = server(asked, { statusCode: 409, data: { error: { code: 'INVALID_TRANSITION', message: '诉求当前状态不能补充信息' }, requestId: 'r' } })
    render(<ReportDetailPage />)
    expect((await screen.findAllByText('是几单元？')).length).toBeGreaterThan(0)
    expect(byId('info-question').textContent).toBe('是几单元？')
    typeIn('field-supplement', '2单元')
    fireEvent.click(byId('submit-supplement'))
    await screen.findByText('诉求当前状态不能补充信息')
    expect(posts(calls).map((c) => [route(c), c.data])).toEqual([['/reports/12/supplement', { text: '2单元' }]])
  })

  it('closes after a confirmation, and 附议 a neighbour’s report', async () => {
    const open = detailReport(12, { visibility: 'public', description: null, photos: [], policies: { ...noPolicies, second: true, close: true } })
    const calls = server(open, { ...open, isSupporter: true, supporterCount: 1, policies: { ...noPolicies, close: true } })
    render(<ReportDetailPage />)
    await screen.findByText('为保护上报人隐私，这里只显示公开信息。')
    fireEvent.click(byId('second-report'))
    await screen.findByText('1人（含我）')
    fireEvent.click(byId('close-report'))
    await waitFor(() => expect(posts(calls).map(route)).toEqual(['/reports/12/second', '/reports/12/close']))
    expect(Taro.showModal).toHaveBeenCalled()
  })

  it('says so for a link without an id', () => {
    routerParams.current = {}
    render(<ReportDetailPage />)
    expect(screen.getByText('找不到这条诉求')).toBeTruthy()
  })
})
