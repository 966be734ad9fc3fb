import { fireEvent, render, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import { routerParams } from '../../../../test/mocks/taro'
import { api, byId, route, signIn } from '../../../../test/support'
import { electionDetail } from '../election/electionFixtures'
import ElectionEditPage from './index'

const TREE = [{ id: 1, name: '青石街道', children: [{ id: 3, name: '青石社区', children: [] }] }]
const input = (wrapperId: string) => byId(wrapperId).querySelector('input, textarea') as HTMLInputElement
const type = (wrapperId: string, value: string) => fireEvent.change(input(wrapperId), { target: { value } })
const fail = (status: number, code: string, message: string, fields?: { field: string; message: string }[]) =>
  ({ statusCode: status, data: { error: { code, message, details: fields ? { fields } : undefined }, requestId: 'r-1' } })

async function fillNew() {
  await waitFor(() => byId('el-title'))
  type('el-title', '第十二届居委会换届选举')
  type('el-conditions', '年满十八周岁的本社区居民')
  fireEvent.change(byId('el-day').querySelector('input')!, { target: { value: '2026-12-20' } })
  type('el-contest-name-0', '主任')
  fireEvent.click(byId('el-add-contest'))
  type('el-contest-name-1', '委员')
  type('el-contest-seats-1', '4')
}

describe('新建选举', () => {
  it('creates a draft in the staff member’s community with the contests, the rules and the preliminary, then opens it', async () => {
    signIn(['committee'])
    routerParams.current = {}
    const calls = api((c) => {
      if (route(c) === '/regions') return { statusCode: 200, data: { data: TREE } }
      return { statusCode: 201, data: { data: electionDetail({ id: 9 }) } }
    })
    render(<ElectionEditPage />)
    await fillNew()
    type('el-elect-num', '2')
    type('el-elect-den', '3')
    expect(byId('el-rules-preview').textContent).toContain('选民过半数参加投票选举有效，候选人获得参加投票的选民超过2/3的选票始得当选')
    fireEvent.click(byId('el-preliminary').querySelector('input')!)
    type('el-advance-extra', '2')
    fireEvent.click(byId('el-save'))

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true))
    const post = calls.find((c) => c.method === 'POST')!
    expect(route(post)).toBe('/elections')
    expect(post.data).toEqual({
      communityId: 3, title: '第十二届居委会换届选举', description: '', conditionsText: '年满十八周岁的本社区居民', electionDay: '2026-12-20', minAge: 18,
      contests: [{ name: '主任', seats: 1 }, { name: '委员', seats: 4 }],
      rules: { turnout: { num: 1, den: 2 }, elect: { num: 2, den: 3 } },
      hasPreliminary: true, advanceExtra: 2,
    })
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/workbench/election/index?id=9' }))
  })

  it('names a missing contest name under its row before asking the API', async () => {
    signIn(['committee'])
    routerParams.current = {}
    const calls = api(() => ({ statusCode: 200, data: { data: TREE } }))
    render(<ElectionEditPage />)
    await fillNew()
    type('el-contest-name-1', '')
    fireEvent.click(byId('el-save'))
    expect(within(byId('el-contest-name-1')).getByText('请填写职位名称')).toBeTruthy()
    expect(calls.filter((c) => c.method === 'POST')).toHaveLength(0)
  })

  it('shows the API’s 422 field errors under their fields: a contest row and a phase’s schedule', async () => {
    signIn(['committee'])
    routerParams.current = {}
    api((c) => route(c) === '/regions' ? { statusCode: 200, data: { data: TREE } } : fail(422, 'VALIDATION_FAILED', '校验失败', [
      { field: 'contests.1.seats', message: '应选人数不能超过50' },
      { field: 'title', message: '标题不能超过100个字' },
    ]))
    render(<ElectionEditPage />)
    await fillNew()
    fireEvent.click(byId('el-save'))
    await waitFor(() => expect(within(byId('el-contest-seats-1')).getByText('应选人数不能超过50')).toBeTruthy())
    expect(within(byId('el-title')).getByText('标题不能超过100个字')).toBeTruthy()
    expect(document.getElementById('el-error')).toBeNull()
  })
})

describe('编辑选举', () => {
  it('saves a draft with the version it read, its schedule included, and shows a schedule error under the phase', async () => {
    signIn(['committee'])
    routerParams.current = { id: '1' }
    const calls = api((c) => c.method === 'PATCH'
      ? fail(422, 'VALIDATION_FAILED', '校验失败', [{ field: 'schedule.formal.endsAt', message: '结束时间必须晚于开始时间' }])
      : { statusCode: 200, data: { data: electionDetail({}, { update: true }) } })
    render(<ElectionEditPage />)
    await waitFor(() => expect(input('el-title').value).toBe('第十二届居委会换届选举'))
    const pick = (id: string, v: string) => fireEvent.change(byId(id).querySelector('input')!, { target: { value: v } })
    pick('el-schedule-formal-startDate', '2026-12-20')
    pick('el-schedule-formal-startTime', '08:00')
    pick('el-schedule-formal-endDate', '2026-12-20')
    pick('el-schedule-formal-endTime', '17:00')
    fireEvent.click(byId('el-save'))
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true))
    const patch = calls.find((c) => c.method === 'PATCH')!
    expect(route(patch)).toBe('/elections/1')
    expect(patch.data).toMatchObject({
      version: 2, contests: [{ name: '主任', seats: 1 }, { name: '委员', seats: 2 }],
      schedule: { formal: { startsAt: '2026-12-20T08:00:00+08:00', endsAt: '2026-12-20T17:00:00+08:00' } },
    })
    await waitFor(() => expect(within(byId('el-schedule-formal')).getByText('结束时间必须晚于开始时间')).toBeTruthy())
  })

  it('on 409 VERSION_CONFLICT says someone else changed it and reloads after the confirmation', async () => {
    signIn(['committee'])
    routerParams.current = { id: '1' }
    let gets = 0
    const calls = api((c) => {
      if (c.method === 'PATCH') return fail(409, 'VERSION_CONFLICT', '内容已被他人修改')
      gets += 1
      return { statusCode: 200, data: { data: electionDetail(gets > 1 ? { title: '第十二届换届选举（新）', version: 3 } : {}, { update: true }) } }
    })
    render(<ElectionEditPage />)
    await waitFor(() => expect(input('el-title').value).toBe('第十二届居委会换届选举'))
    type('el-title', '我改的标题')
    fireEvent.click(byId('el-save'))
    await waitFor(() => expect(byId('el-conflict').textContent).toContain('已被他人修改'))
    fireEvent.click(byId('el-reload'))
    await waitFor(() => expect(input('el-title').value).toBe('第十二届换届选举（新）'))
    expect(Taro.showModal).toHaveBeenCalled()
    expect(calls.filter((c) => c.method === 'GET')).toHaveLength(2)
  })

  it('does not offer to edit an election past its draft', async () => {
    signIn(['committee'])
    routerParams.current = { id: '1' }
    api(() => ({ statusCode: 200, data: { data: electionDetail({ phase: 'registration', phaseLabel: '选民登记' }) } }))
    render(<ElectionEditPage />)
    await waitFor(() => expect(document.body.textContent).toContain('这次选举已不是草稿，不能再修改'))
    expect(document.getElementById('el-save')).toBeNull()
  })
})
