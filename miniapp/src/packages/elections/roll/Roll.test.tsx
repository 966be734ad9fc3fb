import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { routerParams } from '../../../../test/mocks/taro'
import { api, byId, route, signIn, type Call } from '../../../../test/support'
import { actions, electionDetail, myRoll, objection, rollEntry } from '../testFixtures'
import RollPage from './index'

beforeEach(() => {
  signIn()
  routerParams.current = { id: '3' }
})

const ok = (data: unknown, page?: { nextCursor: string | null }) => ({ statusCode: 200, data: { data, ...(page ? { page } : {}) } })

/** The roll page's reads; POST /objections answers a new objection. */
function serve(opts: { canObject?: boolean; onRoll?: boolean; removedReason?: string } = {}) {
  return api((c: Call) => {
    const r = route(c)
    if (c.method === 'POST') return { statusCode: 201, data: { data: objection(70) } }
    if (r === '/elections/3') return ok(electionDetail(3, { allowedActions: actions({ object: opts.canObject ?? true }) }))
    if (r === '/elections/3/roll/me') return ok(myRoll(opts.onRoll ?? true, opts.removedReason ?? null))
    if (r === '/elections/3/objections') return ok([objection(60, { status: 'dismissed', statusLabel: '不成立', resolution: '经核实不符合居住条件' })])
    if (r.startsWith('/elections/3/roll')) return ok([rollEntry(81), rollEntry(82, '李*明', '5栋')], { nextCursor: null })
    throw new Error(`unexpected ${r}`)
  })
}
const objectionPosts = (calls: Call[]) => calls.filter((c) => c.method === 'POST' && route(c) === '/elections/3/objections')
const type = (id: string, value: string) => fireEvent.change(byId(id), { target: { value } })

describe('选民名单', () => {
  it('says I am not on the roll with the removal reason; lists my objections and the masked roll; filters by building', async () => {
    const calls = serve({ onRoll: false, removedReason: '已迁出本社区' })
    render(<RollPage />)
    expect((await screen.findByText('您不在选民名单上')).id).toBe('my-roll-status')
    expect(byId('my-roll-reason').textContent).toBe('移出原因：已迁出本社区')
    expect(byId('objection-60').textContent).toContain('不成立')
    expect(byId('objection-60').textContent).toContain('处理意见：经核实不符合居住条件')
    expect((await screen.findByText('李*明')).textContent).toBe('李*明')
    type('roll-building', ' 5栋 ')
    fireEvent.click(byId('roll-building-submit'))
    await waitFor(() => expect(calls.some((c) => route(c) === `/elections/3/roll?limit=50&building=${encodeURIComponent('5栋')}`)).toBe(true))
  })

  it('我应登记而未登记: sends {kind: missing, reason} after confirming; a too-short reason is not sent', async () => {
    const calls = serve()
    render(<RollPage />)
    await screen.findByText('对选民名单有异议')
    fireEvent.click(byId('objection-submit'))
    expect(byId('objection-field-reason').textContent).toContain('至少2个字')
    type('objection-reason', '我在本社区住满一年')
    fireEvent.click(byId('objection-submit'))
    await waitFor(() => expect(objectionPosts(calls)).toHaveLength(1))
    expect(Taro.showModal).toHaveBeenCalledTimes(1)
    expect(objectionPosts(calls)[0].data).toEqual({ kind: 'missing', reason: '我在本社区住满一年' })
  })

  it('他人应登记而未登记: sends the person as subjectText', async () => {
    const calls = serve()
    render(<RollPage />)
    fireEvent.click(await screen.findByText('他人应登记而未登记'))
    type('objection-reason', '她已在此居住两年')
    fireEvent.click(byId('objection-submit'))
    expect(byId('objection-field-subject').textContent).toContain('请写明是谁')
    type('objection-subject', '王芳，3栋2单元101')
    fireEvent.click(byId('objection-submit'))
    await waitFor(() => expect(objectionPosts(calls)).toHaveLength(1))
    expect(objectionPosts(calls)[0].data).toEqual({ kind: 'missing', subjectText: '王芳，3栋2单元101', reason: '她已在此居住两年' })
  })

  it('某人不应登记: the roll entry is picked from the roll and sent as subjectVoterId; cancelling the confirmation sends nothing', async () => {
    const calls = serve()
    render(<RollPage />)
    await screen.findByText('李*明')
    expect(document.getElementById('pick-voter-82')).toBeNull()
    fireEvent.click(byId('objection-kind-ineligible'))
    type('objection-reason', '此人户籍不在本社区')
    fireEvent.click(byId('objection-submit'))
    expect(byId('objection-field-voter').textContent).toContain('选这位')
    fireEvent.click(byId('pick-voter-82'))
    expect(byId('objection-picked').textContent).toBe('李*明（5栋）')
    vi.mocked(Taro.showModal).mockImplementationOnce(async () => ({ confirm: false, cancel: true, errMsg: 'showModal:ok' }))
    fireEvent.click(byId('objection-submit'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(objectionPosts(calls)).toHaveLength(0)
    fireEvent.click(byId('objection-submit'))
    await waitFor(() => expect(objectionPosts(calls)).toHaveLength(1))
    expect(objectionPosts(calls)[0].data).toEqual({ kind: 'ineligible', subjectVoterId: 82, reason: '此人户籍不在本社区' })
  })

  it('no objection form when objections are closed', async () => {
    serve({ canObject: false })
    render(<RollPage />)
    await screen.findByText('李*明')
    expect(document.getElementById('objection-form')).toBeNull()
  })
})
