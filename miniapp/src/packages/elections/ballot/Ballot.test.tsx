import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { routerParams } from '../../../../test/mocks/taro'
import { api, byId, route, signIn, type Call, type Reply } from '../../../../test/support'
import { ballotPaper } from '../testFixtures'
import BallotPage, { contestOfError } from './index'

beforeEach(() => {
  signIn()
  routerParams.current = { id: '3', round: '9' }
})

const refuse = (statusCode: number, code: string, message: string, fields?: { field: string; message: string }[]): Reply =>
  ({ statusCode, data: { error: { code, message, ...(fields ? { details: { fields } } : {}) }, requestId: 'r1' } })

/** The paper on GET; each POST gets the next of `answers` (a function may throw: no answer at all). */
function serve(...answers: (Reply | (() => Reply))[]) {
  return api((c: Call) => {
    if (c.method !== 'POST') return { statusCode: 200, data: { data: ballotPaper(9) } }
    const next = answers.shift()!
    return typeof next === 'function' ? next() : next
  })
}
const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST')
const checked = (id: string) => byId(id).getAttribute('aria-checked')

async function chooseAndReview(...candidateIds: number[]) {
  await screen.findByText('张建国')
  for (const id of candidateIds) fireEvent.click(byId(`candidate-${id}`))
  fireEvent.click(byId('ballot-review'))
}

describe('投票', () => {
  it('states each contest’s rule and refuses more choices than seats with a clear message', async () => {
    serve()
    render(<BallotPage />)
    await screen.findByText('张建国')
    expect(byId('contest-6').textContent).toContain('应选2人，最多选2人，可少选或不选')
    fireEvent.click(byId('candidate-11'))
    fireEvent.click(byId('candidate-12'))
    expect(checked('candidate-11')).toBe('true')
    expect(checked('candidate-12')).toBe('false')
    expect(byId('contest-5-error').textContent).toContain('主任最多选1人')
    fireEvent.click(byId('candidate-11')) // off again: room for another
    fireEvent.click(byId('candidate-12'))
    expect(checked('candidate-12')).toBe('true')
    expect(document.getElementById('contest-5-error')).toBeNull()
  })

  it('reviews the choices (弃权 for none), confirms, sends exactly {round, selections} and shows the receipt grouped, with copy', async () => {
    const calls = serve({ statusCode: 201, data: { data: { tracker: 'K7M3QX9A2B4C', round: 9 } } })
    render(<BallotPage />)
    await chooseAndReview(12)
    expect(byId('review-5').textContent).toContain('李秀兰')
    expect(byId('review-6').textContent).toContain('未选择（弃权）')
    vi.mocked(Taro.showModal).mockImplementationOnce(async () => ({ confirm: false, cancel: true, errMsg: 'showModal:ok' }))
    fireEvent.click(byId('ballot-submit'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(vi.mocked(Taro.showModal).mock.calls[0][0]).toMatchObject({ content: '投票提交后不能更改，确定提交？' })
    expect(posts(calls)).toHaveLength(0)

    fireEvent.click(byId('ballot-submit'))
    await waitFor(() => expect(byId('tracker').textContent).toBe('K7M3 QX9A 2B4C'))
    const [post] = posts(calls)
    expect(route(post)).toBe('/elections/3/ballots')
    expect(post.data).toEqual({ round: 9, selections: { 5: [12], 6: [] } })
    expect(screen.getByText(/回执码只显示这一次，请抄写或截图保存。投票结束后可在公示板上查到它，它不会显示您选了谁。/)).toBeTruthy()
    fireEvent.click(byId('copy-tracker'))
    expect(Taro.setClipboardData).toHaveBeenCalledWith({ data: 'K7M3QX9A2B4C' })
  })

  it('keeps the receipt code on this phone only (election-receipt:<election>:<round>) and says so; a refused save says nothing', async () => {
    const calls = serve({ statusCode: 201, data: { data: { tracker: 'K7M3QX9A2B4C', round: 9 } } })
    render(<BallotPage />)
    await chooseAndReview(11)
    expect(Taro.setStorageSync).not.toHaveBeenCalledWith('election-receipt:3:9', expect.anything())
    fireEvent.click(byId('ballot-submit'))
    await waitFor(() => expect(byId('tracker-saved').textContent).toBe('回执码已保存在本机（仅本手机可见）'))
    expect(Taro.setStorageSync).toHaveBeenCalledWith('election-receipt:3:9', 'K7M3QX9A2B4C')
    expect(Taro.getStorageSync('election-receipt:3:9')).toBe('K7M3QX9A2B4C')
    // Never sent anywhere: the only write is the ballot itself, and it carries no tracker.
    expect(posts(calls)).toHaveLength(1)
    expect(JSON.stringify(calls.map((c) => [c.url, c.data]))).not.toContain('K7M3QX9A2B4C')

    vi.mocked(Taro.setStorageSync).mockImplementationOnce(() => { throw new Error('storage full') })
    serve({ statusCode: 201, data: { data: { tracker: 'ZZZZ9999YYYY', round: 9 } } })
    const { container } = render(<BallotPage />)
    await waitFor(() => expect(container.querySelectorAll('.choice').length).toBeGreaterThan(0))
    fireEvent.click(container.querySelector('#candidate-12')!)
    fireEvent.click(container.querySelector('#ballot-review')!)
    fireEvent.click(container.querySelector('#ballot-submit')!)
    await waitFor(() => expect(container.querySelector('#tracker')?.textContent).toBe('ZZZZ 9999 YYYY'))
    expect(container.querySelector('#tracker-saved')).toBeNull()
  })

  it('a retry after a network failure sends the same Idempotency-Key; a changed choice is a new attempt', async () => {
    const calls = serve(() => { throw new Error('offline') }, refuse(503, 'UNAVAILABLE', '服务繁忙'), { statusCode: 201, data: { data: { tracker: 'K7M3QX9A2B4C', round: 9 } } })
    render(<BallotPage />)
    await chooseAndReview(11, 21, 22)
    expect(byId('review-6').textContent).toContain('王芳、赵强')
    fireEvent.click(byId('ballot-submit'))
    await waitFor(() => expect(byId('ballot-error').textContent).toContain('网络连接失败'))
    fireEvent.click(byId('ballot-submit'))
    await waitFor(() => expect(byId('ballot-error').textContent).toContain('服务繁忙'))
    const [first, second] = posts(calls)
    expect(first.header['Idempotency-Key']).toMatch(/.{8,}/)
    expect(second.header['Idempotency-Key']).toBe(first.header['Idempotency-Key'])
    expect(second.data).toEqual({ round: 9, selections: { 5: [11], 6: [21, 22] } })

    fireEvent.click(byId('ballot-back'))
    fireEvent.click(byId('candidate-22'))
    fireEvent.click(byId('ballot-review'))
    fireEvent.click(byId('ballot-submit'))
    await screen.findByText('K7M3 QX9A 2B4C')
    expect(posts(calls)[2].header['Idempotency-Key']).not.toBe(first.header['Idempotency-Key'])
  })

  it('409 ALREADY_VOTED shows the API’s message; no receipt', async () => {
    serve(refuse(409, 'ALREADY_VOTED', '您已经在本轮投过票了'))
    render(<BallotPage />)
    await chooseAndReview(11)
    fireEvent.click(byId('ballot-submit'))
    await waitFor(() => expect(byId('ballot-error').textContent).toBe('您已经在本轮投过票了'))
    expect(document.getElementById('tracker')).toBeNull()
    expect(document.getElementById('ballot-submit')).toBeNull()
    fireEvent.click(byId('ballot-leave'))
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/elections/detail/index?id=3' })
  })

  it('422 INVALID_SELECTION goes back to the choices and marks the contest it names', async () => {
    serve(refuse(422, 'INVALID_SELECTION', '候选人 23 未通过资格审查或已退出', [{ field: 'selections.6', message: '候选人 23 未通过资格审查或已退出' }]))
    render(<BallotPage />)
    await chooseAndReview(23)
    fireEvent.click(byId('ballot-submit'))
    await waitFor(() => expect(byId('contest-6-error').textContent).toBe('候选人 23 未通过资格审查或已退出'))
    expect(byId('contest-6').className).toContain('field--invalid')
    expect(document.getElementById('ballot-summary')).toBeNull()
    expect(document.getElementById('contest-5-error')).toBeNull()
  })

  it('reads the contest from the field name, with or without body.', () => {
    const err = (field: string) => ({ fields: [{ field, message: 'x' }] }) as never
    expect(contestOfError(err('selections.6'))).toBe(6)
    expect(contestOfError(err('body.selections.12'))).toBe(12)
    expect(contestOfError(err('round'))).toBeUndefined()
  })
})
