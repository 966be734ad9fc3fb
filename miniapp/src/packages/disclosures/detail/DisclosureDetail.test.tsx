import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it } from 'vitest'
import { fail, ok } from '../../../../test/fixtures/notices'
import { routerParams, shareHandlers } from '../../../../test/mocks/taro'
import { api, byId, route, signIn } from '../../../../test/support'
import { disclosureDetail, question, septemberLines } from '../testFixtures'
import DisclosureDetailPage from '.'

const v1 = { id: 30, versionNo: 1, title: '9月财务收支', status: 'superseded' as const, publishedAt: '2026-10-08T02:00:00.000Z' }
const v2 = { id: 31, versionNo: 2, title: '9月财务收支（更正）', status: 'published' as const, publishedAt: '2026-10-12T02:00:00.000Z' }

beforeEach(() => signIn())

describe('三务公开 detail', () => {
  it('shows the lines in 元 with the totals and balance, the body, and previews attachments', async () => {
    routerParams.current = { id: '31' }
    const calls = api(() => ok(disclosureDetail(31, {
      title: '9月财务收支', lines: septemberLines, incomeFen: 1_550_050, expenseFen: 234_567,
      attachments: [{ id: 5, url: '/files/a.jpg?sig=1', width: 800, height: 600 }, { id: 6, url: '/files/b.jpg?sig=2', width: 800, height: 600 }],
    })))
    render(<DisclosureDetailPage />)
    await screen.findByText('收支明细')
    expect(route(calls[0])).toBe('/disclosures/31')
    expect(within(byId('line-0')).getByText('+12,000.00 元')).toBeTruthy()
    expect(within(byId('line-0')).getByText('停车场公共收益')).toBeTruthy()
    expect(within(byId('line-1')).getByText('+3,500.50 元')).toBeTruthy()
    expect(within(byId('line-2')).getByText('−2,345.67 元')).toBeTruthy()
    expect(within(byId('line-2')).getByText('支出 · 设施维修')).toBeTruthy()
    expect(within(byId('sum-income')).getByText('15,500.50 元')).toBeTruthy()
    expect(within(byId('sum-expense')).getByText('2,345.67 元')).toBeTruthy()
    expect(within(byId('sum-balance')).getByText('13,154.83 元')).toBeTruthy()
    expect(within(byId('disclosure-period')).getByText('2026年9月')).toBeTruthy()
    expect(screen.getByText('第二段说明')).toBeTruthy()

    fireEvent.click(byId('attachment-6'))
    expect(Taro.previewImage).toHaveBeenCalledWith({ urls: ['/files/a.jpg?sig=1', '/files/b.jpg?sig=2'], current: '/files/b.jpg?sig=2' })
    // A resident gets no management entry.
    expect(document.getElementById('open-disclosure-manage')).toBeNull()
  })

  it('an old version says 已更正 and links to the correction; the correction says what it corrected and why', async () => {
    routerParams.current = { id: '30' }
    api((c) => ok(route(c) === '/disclosures/30'
      ? disclosureDetail(30, { ...v1, statusLabel: '已更正', supersededById: 31, supersededBy: v2, versions: [v1, v2] })
      : disclosureDetail(31, { ...v2, versionNo: 2, supersedes: v1, correctionReason: '路灯维修金额录入错误', versions: [v1, v2] })))
    const { unmount } = render(<DisclosureDetailPage />)
    expect(await screen.findByText('已更正：这是旧版本（第 1 版），内容以更正后的版本为准。')).toBeTruthy()
    expect(screen.getByText('第 1 版（当前查看）')).toBeTruthy()
    fireEvent.click(byId('open-superseded-by'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/disclosures/detail/index?id=31' })
    unmount()

    routerParams.current = { id: '31' }
    render(<DisclosureDetailPage />)
    expect(await screen.findByText('更正了第 1 版「9月财务收支」›')).toBeTruthy()
    expect(screen.getByText('更正原因：路灯维修金额录入错误')).toBeTruthy()
    expect(document.getElementById('superseded-banner')).toBeNull()
    fireEvent.click(byId('open-supersedes'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/disclosures/detail/index?id=30' })
  })

  it('a withdrawn item says 已撤回 with its reason', async () => {
    routerParams.current = { id: '8' }
    api(() => ok(disclosureDetail(8, { status: 'withdrawn', statusLabel: '已撤回', withdrawnReason: '数据有误，将重新公开', withdrawnAt: '2026-10-20T02:00:00.000Z' })))
    render(<DisclosureDetailPage />)
    const banner = await screen.findByRole('alert')
    expect(banner.id).toBe('withdrawn-banner')
    expect(banner.textContent).toContain('已撤回：数据有误，将重新公开')
  })

  it('shows the public questions with their answers, and a question the check holds as 您的提问待审核', async () => {
    routerParams.current = { id: '3' }
    const calls = api((c) => (c.method === 'POST'
      ? ok(question(12, { body: '停车收益怎么分配？', isMine: true, askerName: '测试用户', status: 'held', statusLabel: '待审核', statusReason: '内容待人工审核' }), 201)
      : ok(disclosureDetail(3, { questions: [question(11, { body: '补助何时到账？', answer: '已于10月到账', answeredAt: '2026-10-10T02:00:00.000Z' })] }))))
    render(<DisclosureDetailPage />)
    await screen.findByText('补助何时到账？')
    expect(within(byId('question-11')).getByText('已于10月到账')).toBeTruthy()

    fireEvent.change(byId('question-body'), { target: { value: '  停车收益怎么分配？ ' } })
    fireEvent.click(byId('question-submit'))
    await screen.findByText('您的提问待审核')
    const post = calls.find((c) => c.method === 'POST')!
    expect(route(post)).toBe('/disclosures/3/questions')
    expect(post.data).toEqual({ body: '停车收益怎么分配？' })
    expect(within(byId('question-12')).getByText('您的提问待审核')).toBeTruthy()
    expect(byId('ask-notice').textContent).toContain('您的提问待审核')
    expect((byId('question-body') as HTMLTextAreaElement).value).toBe('')
  })

  it('a refused question (422) shows the API message under the field and keeps the text', async () => {
    routerParams.current = { id: '3' }
    api((c) => (c.method === 'POST'
      ? fail(422, 'CONTENT_REFUSED', '内容未通过审核', [{ field: 'body', message: '问题含有不适宜公开的内容，请修改后再提交' }])
      : ok(disclosureDetail(3))))
    render(<DisclosureDetailPage />)
    fireEvent.change(await screen.findByPlaceholderText('对这条公开内容有疑问？请写下来'), { target: { value: '不当内容' } })
    fireEvent.click(byId('question-submit'))
    const error = await within(byId('field-question')).findByRole('alert')
    expect(error.textContent).toBe('问题含有不适宜公开的内容，请修改后再提交')
    expect((byId('question-body') as HTMLTextAreaElement).value).toBe('不当内容')
    expect(document.getElementById('question-12')).toBeNull()
  })

  it('refuses a one-character question without asking the API; no ask form for those who may not ask', async () => {
    routerParams.current = { id: '3' }
    const calls = api(() => ok(disclosureDetail(3)))
    const { unmount } = render(<DisclosureDetailPage />)
    fireEvent.change(await screen.findByPlaceholderText('对这条公开内容有疑问？请写下来'), { target: { value: '嗯' } })
    fireEvent.click(byId('question-submit'))
    expect(within(byId('field-question')).getByRole('alert').textContent).toBe('问题至少2个字')
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
    unmount()

    api(() => ok(disclosureDetail(3, { allowedActions: { correct: true, withdraw: true, ask: false } })))
    render(<DisclosureDetailPage />)
    await screen.findByText('居民问答')
    expect(document.getElementById('ask-form')).toBeNull()
    fireEvent.click(byId('open-disclosure-manage'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/workbench/disclosures/item/index?id=3' })
  })

  it('shows a failure with 重试', async () => {
    routerParams.current = { id: '404' }
    let fails = true
    api(() => (fails ? fail(503, 'UNAVAILABLE', '服务暂时不可用') : ok(disclosureDetail(404))))
    render(<DisclosureDetailPage />)
    expect(await screen.findByText('服务暂时不可用')).toBeTruthy()
    fails = false
    fireEvent.click(screen.getByRole('button', { name: '重试' }))
    await waitFor(() => expect(screen.getByText('公开事项404')).toBeTruthy())
  })

  it('shared to someone outside its community (403 or 404): 无权查看 with 回到首页, no 重试', async () => {
    routerParams.current = { id: '31' }
    for (const [status, code] of [[404, 'NOT_FOUND'], [403, 'FORBIDDEN']] as const) {
      api(() => fail(status, code, '只有本社区居民可以查看'))
      const view = render(<DisclosureDetailPage />)
      expect(await screen.findByText('无权查看')).toBeTruthy()
      expect(byId('no-access').textContent).toContain('这条公开事项不对您开放')
      expect(screen.getByRole('button', { name: '回到首页' })).toBeTruthy()
      expect(screen.queryByRole('button', { name: '重试' })).toBeNull()
      view.unmount()
    }
  })

  it('is shared to friends and to 朋友圈 with its title and id', async () => {
    routerParams.current = { id: '31' }
    api(() => ok(disclosureDetail(31, { title: '9月财务收支' })))
    render(<DisclosureDetailPage />)
    await waitFor(() => byId('disclosure-detail'))
    expect(shareHandlers.message!()).toEqual({ title: '三务公开：9月财务收支', path: '/packages/disclosures/detail/index?id=31' })
    expect(shareHandlers.timeline!()).toEqual({ title: '三务公开：9月财务收支', query: 'id=31' })
  })
})
