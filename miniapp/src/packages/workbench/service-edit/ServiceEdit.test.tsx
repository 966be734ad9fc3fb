import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import { routerParams } from '../../../../test/mocks/taro'
import { api, byId, route, signIn } from '../../../../test/support'
import { serviceDetail } from '../bookingFixtures'
import ServiceEditPage from './index'

const input = (wrapperId: string) => byId(wrapperId).querySelector('input, textarea') as HTMLInputElement
const type = (wrapperId: string, value: string) => fireEvent.change(input(wrapperId), { target: { value } })
const fail = (status: number, code: string, message: string, fields?: { field: string; message: string }[]) =>
  ({ statusCode: status, data: { error: { code, message, details: fields ? { fields } : undefined }, requestId: 'r-1' } })

describe('新增服务', () => {
  it('sends every field with the fee in fen and the community it was opened for, then opens its slots', async () => {
    signIn(['committee'])
    routerParams.current = { communityId: '3' }
    const calls = api((c) => (c.method === 'POST' ? { statusCode: 201, data: { data: serviceDetail({ id: 42 }) } } : fail(404, 'NOT_FOUND', '未找到')))
    render(<ServiceEditPage />)

    type('field-name', '居住证办理')
    type('field-department', '一楼综合窗口')
    fireEvent.click(byId('material-add'))
    fireEvent.click(byId('material-add'))
    type('material-0-name', '身份证复印件')
    type('material-0-copies', '2')
    type('material-1-name', '户口本原件')
    type('material-1-note', '原件')
    fireEvent.click(byId('material-1-up')) // 户口本原件 first
    type('field-fee', '12.5')
    fireEvent.click(byId('eligibility-groups'))
    fireEvent.click(byId('group-elderly_alone'))
    fireEvent.click(byId('service-submit'))

    await waitFor(() => expect(calls.some((c) => c.method === 'POST')).toBe(true))
    const post = calls.find((c) => c.method === 'POST')!
    expect(route(post)).toBe('/services')
    expect(post.header['Idempotency-Key']).toBeTruthy()
    expect(post.data).toMatchObject({
      communityId: 3,
      name: '居住证办理',
      materials: [{ name: '户口本原件', note: '原件' }, { name: '身份证复印件', copies: 2 }],
      feeFen: 1250,
      eligibility: 'groups',
      eligibleGroups: ['elderly_alone'],
    })
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/workbench/slots/index?serviceId=42' }))
  })

  it('names what is wrong under the fields before asking the API', async () => {
    signIn(['committee'])
    routerParams.current = { communityId: '3' }
    const calls = api(() => fail(500, 'INTERNAL', '不应调用'))
    render(<ServiceEditPage />)
    type('field-name', '居住证')
    type('field-department', '窗口一')
    type('field-fee', '3.141')
    fireEvent.click(byId('material-add'))
    fireEvent.click(byId('service-submit'))
    expect(within(byId('field-fee')).getByText('费用最多保留两位小数（精确到分）')).toBeTruthy()
    expect(within(byId('material-0')).getByText('请填写材料名称')).toBeTruthy()
    expect(calls).toHaveLength(0)
  })

  it('shows the API’s field errors under their fields, a material line included', async () => {
    signIn(['committee'])
    routerParams.current = { communityId: '3' }
    api(() => fail(400, 'VALIDATION_FAILED', 'materials.0.name: 材料名称不能超过40个字', [
      { field: 'materials.0.name', message: '材料名称不能超过40个字' },
      { field: 'name', message: '本社区已有同名服务' },
    ]))
    render(<ServiceEditPage />)
    type('field-name', '居住证办理')
    type('field-department', '一楼综合窗口')
    fireEvent.click(byId('material-add'))
    type('material-0-name', '户口本')
    fireEvent.click(byId('service-submit'))
    await waitFor(() => expect(within(byId('material-0')).getByText('材料名称不能超过40个字')).toBeTruthy())
    expect(within(byId('field-name')).getByText('本社区已有同名服务')).toBeTruthy()
    expect(document.getElementById('service-error')).toBeNull()
  })
})

describe('编辑服务', () => {
  it('loads the service and saves it with the version it read', async () => {
    signIn(['committee'])
    routerParams.current = { id: '5' }
    const calls = api((c) => (c.method === 'PATCH' ? { statusCode: 200, data: { data: serviceDetail({ version: 4 }) } } : { statusCode: 200, data: { data: serviceDetail() } }))
    render(<ServiceEditPage />)
    await waitFor(() => expect(input('field-name').value).toBe('居住证办理'))
    expect(input('material-1-note').value).toBe('正反面')
    fireEvent.click(byId('material-0-remove'))
    fireEvent.click(byId('field-active').querySelector('input')!)
    fireEvent.click(byId('service-submit'))
    await waitFor(() => expect(calls.some((c) => c.method === 'PATCH')).toBe(true))
    const patch = calls.find((c) => c.method === 'PATCH')!
    expect(route(patch)).toBe('/services/5')
    expect(patch.data).toMatchObject({ version: 3, active: false, materials: [{ name: '身份证复印件', note: '正反面', copies: 2 }] })
    await waitFor(() => expect(Taro.navigateBack).toHaveBeenCalled())
  })

  it('on 409 VERSION_CONFLICT offers to reload, and reloads after the confirmation', async () => {
    signIn(['committee'])
    routerParams.current = { id: '5' }
    let gets = 0
    api((c) => {
      if (c.method === 'PATCH') return fail(409, 'VERSION_CONFLICT', '内容已被他人修改')
      gets += 1
      return { statusCode: 200, data: { data: serviceDetail(gets > 1 ? { name: '居住证办理（新）', version: 4 } : {}) } }
    })
    render(<ServiceEditPage />)
    await waitFor(() => expect(input('field-name').value).toBe('居住证办理'))
    fireEvent.click(byId('service-submit'))
    await waitFor(() => byId('service-conflict'))
    fireEvent.click(byId('service-reload'))
    await waitFor(() => expect(input('field-name').value).toBe('居住证办理（新）'))
    expect(Taro.showModal).toHaveBeenCalled()
    expect(screen.queryByText(/已被他人修改/)).toBeNull()
  })
})
