import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fail, ok, topicDetail } from '../../../../test/fixtures/consultations'
import { uploadTask } from '../../../../test/mocks/taro'
import { api, byId, route, signIn, type Call } from '../../../../test/support'
import ProposePage from '.'

beforeEach(() => signIn())

const binding = (status: string, community = { id: 3, name: '青石社区' }) => ({
  id: 1, status, statusLabel: status, relation: 'owner', relationLabel: '业主', reason: null, createdAt: '2026-11-01T00:00:00.000Z', reviewedAt: null,
  household: { id: 9, address: '青石花园1栋1单元101', estate: '青石花园', building: '1栋', unit: '1单元', room: '101', community, grid: { id: 2, name: '第一网格' } },
  policies: { approve: false, reject: false, withdraw: true },
})
const type = (id: string, value: string) => fireEvent.change(byId(id), { target: { value } })
const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST')
const uploaded = (id: number) => ({ id, url: `/api/v1/files/${String(id).padStart(32, '0')}.jpg`, contentType: 'image/jpeg', width: 8, height: 8, size: 100 })
const file = (path: string) => ({ tempFilePath: path, size: 1000, fileType: 'image', width: 800, height: 600 })

async function addPhotos(...ids: number[]) {
  vi.mocked(Taro.chooseMedia).mockResolvedValueOnce({ tempFiles: ids.map((i) => file(`blob:${i}`)), type: 'image', errMsg: 'chooseMedia:ok' } as never)
  for (const id of ids) {
    vi.mocked(Taro.uploadFile).mockImplementationOnce((() => uploadTask(Promise.resolve({ statusCode: 201, data: JSON.stringify({ data: uploaded(id) }) }))) as never)
  }
  fireEvent.click(byId('propose-photos-add'))
  await waitFor(() => expect(document.querySelectorAll('#propose-photos .uploaded-photo')).toHaveLength(ids.length))
}

describe('我要提议', () => {
  it('explains the 30 days and the threshold, confirms, sends the proposal for the community and opens it', async () => {
    const calls = api((c) => (route(c) === '/me/households' ? ok([binding('approved')]) : ok(topicDetail(12), 201)))
    render(<ProposePage />)
    await screen.findByText('提议怎样变成议题')
    expect(byId('propose-explain').textContent).toContain('30天内支持人数达到社区规定的人数')
    expect(screen.getByText('提给：青石社区（全社区）')).toBeTruthy()
    type('propose-title', '在3号楼旁加装休息座椅')
    type('propose-background', '老人散步没地方坐')
    fireEvent.click(byId('propose-submit'))
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/consultations/detail/index?id=12' }))
    expect(Taro.showModal).toHaveBeenCalledTimes(1)
    const sent = posts(calls)[0]
    expect(route(sent)).toBe('/consultations')
    expect(sent.data).toEqual({ communityId: 3, title: '在3号楼旁加装休息座椅', background: '老人散步没地方坐', audience: 'community' })
    expect(sent.header['Idempotency-Key']).toBeTruthy()
  })

  it('sends nothing when the confirmation is cancelled, and a too-short title is caught first', async () => {
    const calls = api(() => ok([binding('approved')]))
    render(<ProposePage />)
    await screen.findByText('提议怎样变成议题')
    type('propose-title', '座椅')
    fireEvent.click(byId('propose-submit'))
    expect(await within(byId('propose-title-field')).findByText('标题至少4个字')).toBeTruthy()
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true } as never)
    type('propose-title', '加装休息座椅')
    fireEvent.click(byId('propose-submit'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledTimes(1))
    expect(posts(calls)).toHaveLength(0)
  })

  it('shows the API’s message under the field it names', async () => {
    api((c) => (route(c) === '/me/households' ? ok([binding('approved')]) : fail(422, 'VALIDATION_FAILED', '校验失败', [{ field: 'background', message: '背景说明不能超过4000个字' }])))
    render(<ProposePage />)
    await screen.findByText('提议怎样变成议题')
    type('propose-title', '加装休息座椅')
    fireEvent.click(byId('propose-submit'))
    expect(await within(byId('propose-background-field')).findByText('背景说明不能超过4000个字')).toBeTruthy()
  })

  it('without an approved household: asks to bind one first', async () => {
    api(() => ok([binding('pending')]))
    render(<ProposePage />)
    await screen.findByText('请先绑定房屋')
    expect(document.getElementById('propose-form')).toBeNull()
    fireEvent.click(byId('propose-bind'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/profile/binding/index' })
  })

  it('sends the uploaded photos’ ids with the proposal, still for the whole community', async () => {
    const calls = api((c) => (route(c) === '/me/households' ? ok([binding('approved')]) : ok(topicDetail(12), 201)))
    render(<ProposePage />)
    await screen.findByText('提议怎样变成议题')
    type('propose-title', '在3号楼旁加装休息座椅')
    await addPhotos(81, 82)
    fireEvent.click(within(byId('photo-81')).getByText('删除'))
    fireEvent.click(byId('propose-submit'))
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/consultations/detail/index?id=12' }))
    expect(posts(calls)).toHaveLength(1)
    expect(posts(calls)[0].data).toEqual({ communityId: 3, title: '在3号楼旁加装休息座椅', background: '', audience: 'community', attachmentIds: [82] })
  })

  it('shows the API’s attachment error under 照片', async () => {
    api((c) => (route(c) === '/me/households' ? ok([binding('approved')]) : fail(422, 'VALIDATION_FAILED', '校验失败', [{ field: 'attachmentIds', message: '附件不能超过9个' }])))
    render(<ProposePage />)
    await screen.findByText('提议怎样变成议题')
    type('propose-title', '加装休息座椅')
    await addPhotos(81)
    fireEvent.click(byId('propose-submit'))
    expect(await within(byId('propose-photos-field')).findByText('附件不能超过9个')).toBeTruthy()
    expect(document.querySelector('[role=alert].banner')).toBeNull()
  })
})
