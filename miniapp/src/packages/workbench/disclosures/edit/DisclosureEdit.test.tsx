import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fail, ok } from '../../../../../test/fixtures/notices'
import { routerParams, showModal, uploadTask } from '../../../../../test/mocks/taro'
import { api, byId, route, signIn, type Call } from '../../../../../test/support'
import { disclosureDetail, septemberLines } from '../../../disclosures/testFixtures'
import DisclosureEditPage from '.'

const tree = [{ id: 1, type: 'street', name: '南苑街道', code: 'NY', children: [{ id: 4, type: 'community', name: '青石社区', code: 'NY-QS', children: [] }] }]
const type = (id: string, value: string) => fireEvent.change(byId(id), { target: { value } })
const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST')

function server(onPost: (c: Call) => { statusCode: number; data: unknown }) {
  return api((c) => {
    if (route(c) === '/regions') return ok(tree)
    if (c.method === 'POST') return onPost(c)
    return ok(disclosureDetail(31, { title: '9月财务收支', lines: septemberLines, incomeFen: 1_550_050, expenseFen: 234_567 }))
  })
}

async function fillNewItem() {
  await screen.findByText('收支明细')
  fireEvent.click(byId('category-finance'))
  type('disclosure-title', '2026年10月财务收支')
  type('disclosure-period', '2026-10')
  type('disclosure-body', '10月收支如下')
  fireEvent.click(byId('line-add'))
  type('line-category-0', '公共收益')
  type('line-label-0', '停车场10月收益')
  type('line-amount-0', '1,200.50')
  fireEvent.click(byId('line-add'))
  fireEvent.click(byId('line-kind-1-expense'))
  type('line-category-1', '设施维修')
  type('line-label-1', '路灯')
  type('line-amount-1', '0.1')
}

beforeEach(() => signIn(['committee'], 3))

describe('发布公开事项', () => {
  it('confirms, then publishes with the amounts in fen and an idempotency key, and opens the item', async () => {
    const calls = server(() => ok(disclosureDetail(40), 201))
    render(<DisclosureEditPage />)
    await fillNewItem()
    fireEvent.click(byId('disclosure-submit'))
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/disclosures/detail/index?id=40' }))
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '公开发布' }))
    const [post] = posts(calls)
    expect(route(post)).toBe('/disclosures')
    expect(post.header['Idempotency-Key']).toMatch(/^mp-/)
    expect(post.data).toEqual({
      communityId: 4, category: 'finance', title: '2026年10月财务收支', period: '2026-10', body: '10月收支如下', attachmentIds: [],
      lines: [
        { kind: 'income', category: '公共收益', label: '停车场10月收益', amountFen: 120050 },
        { kind: 'expense', category: '设施维修', label: '路灯', amountFen: 10 },
      ],
    })
  })

  it('attaches photos through the upload flow and sends their upload ids', async () => {
    const calls = server(() => ok(disclosureDetail(41), 201))
    render(<DisclosureEditPage />)
    await fillNewItem()
    vi.mocked(Taro.chooseMedia).mockResolvedValueOnce({ tempFiles: [{ tempFilePath: 'blob:receipt', size: 1000, fileType: 'image', width: 800, height: 600 }], type: 'image' } as never)
    vi.mocked(Taro.uploadFile).mockImplementationOnce((() => uploadTask(Promise.resolve({
      statusCode: 201, data: JSON.stringify({ data: { id: 21, url: '/api/v1/files/receipt.jpg', contentType: 'image/jpeg', width: 800, height: 600, size: 1000 } }),
    }))) as never)
    fireEvent.click(byId('disclosure-photos-add'))
    await waitFor(() => expect(document.getElementById('photo-21')).not.toBeNull())
    fireEvent.click(byId('disclosure-submit'))
    await waitFor(() => expect(posts(calls)).toHaveLength(1))
    expect((posts(calls)[0].data as { attachmentIds: number[] }).attachmentIds).toEqual([21])
  })

  it('shows what is wrong under each field and line before sending anything; a removed line is gone', async () => {
    const calls = server(() => ok(disclosureDetail(40), 201))
    render(<DisclosureEditPage />)
    await screen.findByText('收支明细')
    type('disclosure-period', '2026年10月')
    fireEvent.click(byId('line-add'))
    type('line-category-0', '收益')
    type('line-label-0', '停车')
    type('line-amount-0', '12.345')
    fireEvent.click(byId('disclosure-submit'))
    expect(within(byId('field-title')).getByRole('alert').textContent).toBe('标题须为2到100个字')
    expect(within(byId('field-period')).getByRole('alert').textContent).toBe('期间格式为 2026、2026-Q3 或 2026-11')
    expect(within(byId('field-body')).getByRole('alert').textContent).toBe('请填写正文')
    expect(byId('line-error-0').textContent).toContain('最多两位小数')
    expect(posts(calls)).toHaveLength(0)
    expect(showModal).not.toHaveBeenCalled()

    fireEvent.click(byId('line-remove-0'))
    expect(document.getElementById('line-row-0')).toBeNull()
  })

  it('puts the API\'s field errors under their fields (a line\'s under its row) and sends nothing when the confirmation is cancelled', async () => {
    const calls = server(() => fail(400, 'VALIDATION_FAILED', 'invalid', [
      { field: 'lines.1.amountFen', message: '金额过大' },
      { field: 'title', message: '标题不能超过100个字' },
    ]))
    render(<DisclosureEditPage />)
    await fillNewItem()
    showModal.mockImplementationOnce(async () => ({ confirm: false, cancel: true }))
    fireEvent.click(byId('disclosure-submit'))
    await waitFor(() => expect(showModal).toHaveBeenCalledTimes(1))
    expect(posts(calls)).toHaveLength(0)

    fireEvent.click(byId('disclosure-submit'))
    expect(await screen.findByText('金额过大')).toBeTruthy()
    expect(byId('line-error-1').textContent).toBe('金额过大')
    expect(within(byId('field-title')).getByRole('alert').textContent).toBe('标题不能超过100个字')
    expect(Taro.redirectTo).not.toHaveBeenCalled()
  })
})

describe('更正公开事项', () => {
  it('starts from the item (amounts in 元), requires a reason, confirms, and posts the correction', async () => {
    routerParams.current = { id: '31' }
    const calls = server(() => ok(disclosureDetail(32), 201))
    render(<DisclosureEditPage />)
    await screen.findByText('更正公开事项')
    expect((byId('disclosure-title') as HTMLInputElement).value).toBe('9月财务收支')
    expect((byId('line-amount-1') as HTMLInputElement).value).toBe('3500.50')
    expect(calls.some((c) => route(c) === '/regions')).toBe(false)

    fireEvent.click(byId('disclosure-submit'))
    expect(within(byId('field-reason')).getByRole('alert').textContent).toBe('请写明更正原因（至少2个字）')
    expect(posts(calls)).toHaveLength(0)

    type('line-amount-2', '2,000')
    type('correction-reason', '路灯维修金额录入错误')
    fireEvent.click(byId('disclosure-submit'))
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/disclosures/detail/index?id=32' }))
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '发布更正', confirmText: '发布更正' }))
    const [post] = posts(calls)
    expect(route(post)).toBe('/disclosures/31/corrections')
    expect(post.data).toMatchObject({ reason: '路灯维修金额录入错误', title: '9月财务收支', period: '2026-09' })
    expect((post.data as { lines: { amountFen: number }[] }).lines.map((l) => l.amountFen)).toEqual([1_200_000, 350_050, 200_000])
  })

  it('shows a 409 (already corrected) as a banner', async () => {
    routerParams.current = { id: '31' }
    server(() => fail(409, 'DISCLOSURE_SUPERSEDED', '该版本已被更正，不能更正，请打开最新版本'))
    render(<DisclosureEditPage />)
    await screen.findByText('更正公开事项')
    type('correction-reason', '金额有误')
    fireEvent.click(byId('disclosure-submit'))
    expect((await screen.findByRole('alert')).textContent).toBe('该版本已被更正，不能更正，请打开最新版本')
  })
})
