import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it } from 'vitest'
import { fail, ok } from '../../../../../test/fixtures/notices'
import { routerParams, showModal } from '../../../../../test/mocks/taro'
import { api, byId, route, signIn, type Call } from '../../../../../test/support'
import { disclosureDetail, question } from '../../../disclosures/testFixtures'
import DisclosureItemPage from '.'

const staff = { correct: true, withdraw: true, ask: false }
const type = (id: string, value: string) => fireEvent.change(byId(id), { target: { value } })
const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST')

beforeEach(() => {
  signIn(['committee'], 3)
  routerParams.current = { id: '31' }
})

describe('公开事项管理: 更正 and 撤回', () => {
  it('opens the correction form', async () => {
    api(() => ok(disclosureDetail(31, { allowedActions: staff })))
    render(<DisclosureItemPage />)
    fireEvent.click(await screen.findByText('更正'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/workbench/disclosures/edit/index?id=31' })
  })

  it('撤回 needs a reason and a confirmation; cancelled sends nothing; confirmed shows 已撤回 with the reason', async () => {
    const calls = api((c) => (c.method === 'POST'
      ? ok(disclosureDetail(31, { status: 'withdrawn', statusLabel: '已撤回', withdrawnReason: '数据有误，将重新公开', allowedActions: { correct: false, withdraw: false, ask: false } }))
      : ok(disclosureDetail(31, { title: '9月财务收支', allowedActions: staff }))))
    render(<DisclosureItemPage />)
    fireEvent.click(await screen.findByRole('button', { name: '撤回' }))
    expect(within(byId('field-withdraw-reason')).getByRole('alert').textContent).toBe('请写明撤回原因（至少2个字）')
    expect(showModal).not.toHaveBeenCalled()

    type('withdraw-reason', ' 数据有误，将重新公开 ')
    showModal.mockImplementationOnce(async () => ({ confirm: false, cancel: true }))
    fireEvent.click(byId('withdraw-submit'))
    await waitFor(() => expect(showModal).toHaveBeenCalledTimes(1))
    expect(showModal.mock.calls[0][0]).toMatchObject({ title: '撤回公开事项', confirmText: '撤回' })
    expect(posts(calls)).toHaveLength(0)

    fireEvent.click(byId('withdraw-submit'))
    expect((await screen.findByText('已撤回：数据有误，将重新公开')).id).toBe('withdrawn-banner')
    const [post] = posts(calls)
    expect(route(post)).toBe('/disclosures/31/withdraw')
    expect(post.data).toEqual({ reason: '数据有误，将重新公开' })
    expect(document.getElementById('withdraw-card')).toBeNull()
    expect(document.getElementById('correct-disclosure')).toBeNull()
  })

  it('a refused withdrawal (409) says why under the reason', async () => {
    api((c) => (c.method === 'POST' ? fail(409, 'DISCLOSURE_SUPERSEDED', '该版本已被更正，不能撤回，请打开最新版本') : ok(disclosureDetail(31, { allowedActions: staff }))))
    render(<DisclosureItemPage />)
    await screen.findByText('撤回原因（居民可见）')
    type('withdraw-reason', '不再公开')
    fireEvent.click(byId('withdraw-submit'))
    expect((await within(byId('field-withdraw-reason')).findByRole('alert')).textContent).toBe('该版本已被更正，不能撤回，请打开最新版本')
  })

  it('an old version offers no actions and links to the latest', async () => {
    api(() => ok(disclosureDetail(31, {
      status: 'superseded', statusLabel: '已更正', allowedActions: { correct: false, withdraw: false, ask: false },
      supersededBy: { id: 32, versionNo: 2, title: 't', status: 'published', publishedAt: '2026-10-12T02:00:00.000Z' },
    })))
    render(<DisclosureItemPage />)
    fireEvent.click(await screen.findByText('管理最新版本 ›'))
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/workbench/disclosures/item/index?id=32' })
    expect(document.getElementById('withdraw-card')).toBeNull()
    expect(document.getElementById('correct-disclosure')).toBeNull()
  })
})

describe('公开事项管理: questions', () => {
  const staffQ = { answer: true, publish: false, hide: true }

  it('answers a question after a confirmation, with the answer in the body', async () => {
    const calls = api((c) => (c.method === 'POST'
      ? ok(question(11, { answer: '10月已到账', answeredAt: '2026-10-10T02:00:00.000Z', allowedActions: { answer: false, publish: false, hide: true } }))
      : ok(disclosureDetail(31, { allowedActions: staff, questions: [question(11, { body: '补助何时到账？', allowedActions: staffQ })] }))))
    render(<DisclosureItemPage />)
    await screen.findByText('补助何时到账？')
    fireEvent.click(byId('answer-submit-11'))
    expect(within(byId('field-answer-11')).getByRole('alert').textContent).toBe('答复至少2个字')
    type('answer-body-11', '10月已到账')
    fireEvent.click(byId('answer-submit-11'))
    expect(await screen.findByText('已答复：10月已到账')).toBeTruthy()
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '发布答复' }))
    const [post] = posts(calls)
    expect(route(post)).toBe('/disclosures/31/questions/11/answer')
    expect(post.data).toEqual({ body: '10月已到账' })
    expect(document.getElementById('answer-body-11')).toBeNull()
  })

  it('publishes a held question, and hides one with a reason after a confirmation', async () => {
    const calls = api((c) => {
      const r = route(c)
      if (r.endsWith('/12/publish')) return ok(question(12, { status: 'published', statusLabel: '已公开', allowedActions: { answer: true, publish: false, hide: true } }))
      if (r.endsWith('/13/hide')) return ok(question(13, { status: 'hidden', statusLabel: '已隐藏', statusReason: '含有他人隐私', allowedActions: { answer: false, publish: true, hide: false } }))
      return ok(disclosureDetail(31, { allowedActions: staff, questions: [
        question(12, { status: 'held', statusLabel: '待审核', statusReason: '内容待人工审核', allowedActions: { answer: false, publish: true, hide: true } }),
        question(13, { allowedActions: staffQ }),
      ] }))
    })
    render(<DisclosureItemPage />)
    fireEvent.click(await screen.findByText('公开提问'))
    await waitFor(() => expect(within(byId('admin-question-12')).getByText('已公开')).toBeTruthy())
    expect(route(posts(calls)[0])).toBe('/disclosures/31/questions/12/publish')

    fireEvent.click(byId('question-hide-13'))
    fireEvent.click(byId('hide-submit-13'))
    expect(within(byId('field-hide-13')).getByRole('alert').textContent).toBe('请写明隐藏原因（至少2个字）')
    type('hide-reason-13', '含有他人隐私')
    fireEvent.click(byId('hide-submit-13'))
    await waitFor(() => expect(within(byId('admin-question-13')).getByText('已隐藏')).toBeTruthy())
    expect(showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '隐藏提问', confirmText: '隐藏' }))
    const hide = posts(calls)[1]
    expect(route(hide)).toBe('/disclosures/31/questions/13/hide')
    expect(hide.data).toEqual({ reason: '含有他人隐私' })
  })
})
