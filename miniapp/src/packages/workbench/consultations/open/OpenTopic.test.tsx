import { fireEvent, render, screen, waitFor, within } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { fail, ok, topicDetail } from '../../../../../test/fixtures/consultations'
import { uploadTask } from '../../../../../test/mocks/taro'
import { api, byId, route, signIn, type Call } from '../../../../../test/support'
import OpenTopicPage from '.'

beforeEach(() => signIn(['committee']))

const TREE = [{ id: 1, name: '青石街道', children: [{ id: 3, name: '青石社区', children: [{ id: 31, name: '第一网格', children: [] }, { id: 32, name: '第二网格', children: [] }] }] }]
const BUILDINGS = [{ id: 51, estate: '青石花园', name: '1栋' }, { id: 52, estate: '青石花园', name: '2栋' }]
const type = (id: string, value: string) => fireEvent.change(byId(id), { target: { value } })
const posts = (calls: Call[]) => calls.filter((c) => c.method === 'POST')
const uploaded = (id: number) => ({ id, url: `/api/v1/files/${String(id).padStart(32, '0')}.jpg`, contentType: 'image/jpeg', width: 8, height: 8, size: 100 })
const file = (path: string) => ({ tempFilePath: path, size: 1000, fileType: 'image', width: 800, height: 600 })
const handler = (c: Call) => (route(c) === '/regions' ? ok(TREE) : route(c) === '/communities/3/buildings' ? ok(BUILDINGS) : ok(topicDetail(21), 201))

async function addPhotos(...ids: number[]) {
  vi.mocked(Taro.chooseMedia).mockResolvedValueOnce({ tempFiles: ids.map((i) => file(`blob:${i}`)), type: 'image', errMsg: 'chooseMedia:ok' } as never)
  for (const id of ids) {
    vi.mocked(Taro.uploadFile).mockImplementationOnce((() => uploadTask(Promise.resolve({ statusCode: 201, data: JSON.stringify({ data: uploaded(id) }) }))) as never)
  }
  fireEvent.click(byId('topic-photos-add'))
  await waitFor(() => expect(document.querySelectorAll('#topic-photos .uploaded-photo')).toHaveLength(ids.length))
}

describe('发起议题: audience and photos', () => {
  it('sends the chosen grids and the uploaded photos’ ids, after a confirmation naming the grids', async () => {
    const calls = api(handler)
    render(<OpenTopicPage />)
    await screen.findByText('开放讨论')
    type('topic-title', '东门加装充电桩')
    fireEvent.click(byId('target-grids'))
    fireEvent.click(byId('grid-31'))
    fireEvent.click(byId('grid-32'))
    fireEvent.click(byId('grid-31'))
    await addPhotos(71, 72)
    fireEvent.click(byId('topic-open-submit'))
    await waitFor(() => expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/workbench/consultations/manage/index?id=21' }))
    expect(vi.mocked(Taro.showModal).mock.calls[0][0]).toMatchObject({ content: expect.stringContaining('所选网格的居民') })
    const sent = posts(calls)
    expect(sent).toHaveLength(1)
    expect(route(sent[0])).toBe('/consultations')
    expect(sent[0].data).toEqual({
      communityId: 3, title: '东门加装充电桩', background: '', audience: 'grids', gridIds: [32], decisionMethod: 'none', attachmentIds: [71, 72],
    })
  })

  it('loads the community’s buildings and sends the chosen ones', async () => {
    const calls = api(handler)
    render(<OpenTopicPage />)
    await screen.findByText('开放讨论')
    type('topic-title', '楼道加装扶手')
    fireEvent.click(byId('target-buildings'))
    fireEvent.click(await screen.findByText('青石花园 2栋'))
    fireEvent.click(byId('topic-open-submit'))
    await waitFor(() => expect(posts(calls)).toHaveLength(1))
    expect(calls.some((c) => route(c) === '/communities/3/buildings')).toBe(true)
    expect(posts(calls)[0].data).toEqual({ communityId: 3, title: '楼道加装扶手', background: '', audience: 'buildings', buildingIds: [52], decisionMethod: 'none' })
  })

  it('asks for a grid before sending when 部分网格 has none chosen', async () => {
    const calls = api(handler)
    render(<OpenTopicPage />)
    await screen.findByText('开放讨论')
    type('topic-title', '东门加装充电桩')
    fireEvent.click(byId('target-grids'))
    fireEvent.click(byId('topic-open-submit'))
    expect(await within(byId('topic-audience-field')).findByText('请至少选择一个网格')).toBeTruthy()
    expect(Taro.showModal).not.toHaveBeenCalled()
    expect(posts(calls)).toHaveLength(0)
  })

  it('shows the API’s audience error under 发给谁', async () => {
    api((c) => (route(c) === '/regions' ? ok(TREE) : fail(422, 'VALIDATION_FAILED', '校验失败', [{ field: 'gridIds', message: '网格不属于该社区' }])))
    render(<OpenTopicPage />)
    await screen.findByText('开放讨论')
    type('topic-title', '东门加装充电桩')
    fireEvent.click(byId('target-grids'))
    fireEvent.click(byId('grid-31'))
    fireEvent.click(byId('topic-open-submit'))
    expect(await within(byId('topic-audience-field')).findByText('网格不属于该社区')).toBeTruthy()
    expect(Taro.redirectTo).not.toHaveBeenCalled()
  })

  it('shows the API’s attachment error under 照片', async () => {
    api((c) => (route(c) === '/regions' ? ok(TREE) : fail(400, 'VALIDATION_FAILED', '校验失败', [{ field: 'attachmentIds.0', message: '附件不存在或不属于您' }])))
    render(<OpenTopicPage />)
    await screen.findByText('开放讨论')
    type('topic-title', '东门加装充电桩')
    await addPhotos(71)
    fireEvent.click(byId('topic-open-submit'))
    expect(await within(byId('topic-photos-field')).findByText('附件不存在或不属于您')).toBeTruthy()
  })
})
