import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it } from 'vitest'
import { category, detailReport, me, publicReport } from '../../../../test/fixtures/reports'
import { api, byId, route, signIn, type Call, type Reply } from '../../../../test/support'
import { clearSession } from '../../../stores/session'
import NewReportPage from './index'

const ok = (data: unknown, statusCode = 200): Reply => ({ statusCode, data: { data } })

/** The API of the form: /me, categories, nearby (`nearby`), and POSTs answered by `post`. */
function server(opts: { me?: unknown; nearby?: unknown[]; post?: (c: Call) => Reply } = {}) {
  return api((c) => {
    const r = route(c)
    if (r === '/me') return ok(opts.me ?? me())
    if (r === '/report-categories') return ok([category(1, { name: '公共设施' }), category(2, { name: '环境卫生', deadlineText: '受理时限 1 个工作小时' })])
    if (r.startsWith('/reports/nearby')) return ok(opts.nearby ?? [])
    if (r === '/regions') return ok([{ id: 1, name: '青石街道', children: [{ id: 3, name: '青石社区', children: [] }] }])
    if (r === '/communities/3/buildings') return ok([{ id: 41, estate: '青石小区', name: '5号楼', gridId: 1 }])
    if (c.method === 'POST') return opts.post ? opts.post(c) : ok(detailReport(55), 201)
    return { statusCode: 404, data: { error: { code: 'NOT_FOUND', message: '不存在' }, requestId: 'r' } }
  })
}
const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST')
const describeIt = (text: string) => fireEvent.change(byId('field-description').querySelector('textarea')!, { target: { value: text } })
const submit = () => fireEvent.click(byId('submit-report'))
async function fill() {
  fireEvent.click(await screen.findByText('公共设施'))
  describeIt('3号楼楼道灯坏了三天')
  fireEvent.click(byId('place-household-9'))
}

beforeEach(() => signIn())

describe('上报问题 form', () => {
  it('asks a visitor to log in first', () => {
    clearSession()
    render(<NewReportPage />)
    expect(byId('report-login').textContent).toContain('请先登录')
  })

  it('names every missing field and sends nothing', async () => {
    const calls = server()
    render(<NewReportPage />)
    await screen.findByText('公共设施')
    submit()
    expect(byId('field-category').textContent).toContain('请选择问题类别')
    expect(byId('field-description').textContent).toContain('问题描述至少5个字')
    expect(byId('field-location').textContent).toContain('请选择问题所在的位置')
    expect(posts(calls)).toHaveLength(0)
  })

  it('shows the deadlines of the chosen category and counts the characters', async () => {
    server()
    render(<NewReportPage />)
    fireEvent.click(await screen.findByText('环境卫生'))
    expect(byId('category-deadline').textContent).toContain('受理时限 1 个工作小时')
    describeIt('垃圾没人清')
    expect(byId('description-counter').textContent).toBe('5/1000')
  })

  it('checks for nearby open reports, then files with an Idempotency-Key and opens the new report', async () => {
    const calls = server()
    render(<NewReportPage />)
    await fill()
    fireEvent.click(byId('field-anonymous').querySelector('input')!)
    submit()
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/reports/detail/index?id=55' }))
    expect(calls.map(route)).toContain('/reports/nearby?categoryId=1&householdId=9')
    const [post] = posts(calls)
    expect(route(post)).toBe('/reports')
    expect(post.header['Idempotency-Key']).toMatch(/^mp-/)
    expect(post.data).toEqual({ categoryId: 1, description: '3号楼楼道灯坏了三天', location: { householdId: 9 }, anonymousToPublic: true })
  })

  it('offers 附议 of a nearby open report of the same category instead of a duplicate', async () => {
    const calls = server({ nearby: [publicReport(31, { supporterCount: 2 })], post: () => ok(detailReport(31)) })
    render(<NewReportPage />)
    await fill()
    submit()
    await screen.findByText('附近已有相同的问题')
    expect(byId('nearby-31').textContent).toContain('2人附议')
    expect(posts(calls)).toHaveLength(0)
    fireEvent.click(byId('second-31'))
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/reports/detail/index?id=31' }))
    expect(posts(calls).map(route)).toEqual(['/reports/31/second'])
  })

  it('files anyway when the resident says it is another problem', async () => {
    const calls = server({ nearby: [publicReport(31)] })
    render(<NewReportPage />)
    await fill()
    submit()
    fireEvent.click(await screen.findByText('不是同一个问题，继续提交'))
    await waitFor(() => expect(posts(calls).map(route)).toEqual(['/reports']))
  })

  it('retries with the same Idempotency-Key after a lost answer', async () => {
    let first = true
    const calls = server({
      post: () => {
        if (first) {
          first = false
          throw new Error('network')
        }
        return ok(detailReport(55), 201)
      },
    })
    render(<NewReportPage />)
    await fill()
    submit()
    await screen.findByText(/不会重复上报/)
    submit()
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalled())
    const keys = posts(calls).map((c) => c.header['Idempotency-Key'])
    expect(keys).toHaveLength(2)
    expect(keys[0]).toBe(keys[1])
  })

  it("shows the API's field error under the place", async () => {
    server({
      post: () => ({
        statusCode: 400,
        data: { error: { code: 'VALIDATION_FAILED', message: '输入有误', details: { fields: [{ field: 'location.householdId', message: '只能选择您已绑定（审核通过）的房屋' }] } }, requestId: 'r' },
      }),
    })
    render(<NewReportPage />)
    await fill()
    submit()
    await waitFor(() => expect(byId('field-location').textContent).toContain('只能选择您已绑定（审核通过）的房屋'))
  })

  it('without a bound household: links to 绑定房屋 and picks a building of the community', async () => {
    const calls = server({ me: me({ households: [], verified: false }) })
    render(<NewReportPage />)
    await screen.findByText('公共设施')
    expect(byId('place-bind-hint').textContent).toContain('去绑定房屋')
    expect(byId('report-realname-hint').textContent).toContain('去实名登记')
    fireEvent.click(screen.getByText('公共设施'))
    describeIt('5号楼门口路灯不亮')
    fireEvent.click(byId('place-building'))
    fireEvent.click(await screen.findByText('青石小区 5号楼'))
    expect(byId('place-chosen').textContent).toContain('青石社区 青石小区 5号楼')
    submit()
    await waitFor(() => expect(posts(calls)).toHaveLength(1))
    expect(calls.map(route)).toContain('/reports/nearby?categoryId=1&buildingId=41')
    expect((posts(calls)[0].data as { location: unknown }).location).toEqual({ buildingId: 41 })
  })

  it('tells a staff account without the resident role to use 巡查上报', async () => {
    server({ me: me({ roles: ['grid_worker'], fileReport: false }) })
    render(<NewReportPage />)
    expect((await screen.findByText('此账号不能以居民身份上报')).textContent).toBeTruthy()
  })
})
