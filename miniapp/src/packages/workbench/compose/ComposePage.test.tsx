import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { routerParams, uploadTask } from '../../../../test/mocks/taro'
import { detail, fail, ok } from '../../../../test/fixtures/notices'
import { api, byId, route, signIn, type Call } from '../../../../test/support'
import ComposePage from '.'

const tree = [{ id: 1, type: 'street', name: '南苑街道', code: 'NY', children: [{ id: 1, type: 'community', name: '青石社区', code: 'NY-QS', children: [
  { id: 2, type: 'grid', name: '青石第一网格', code: 'G1' },
  { id: 3, type: 'grid', name: '青石第二网格', code: 'G2' },
] }] }]

function server(onPost: (c: Call) => { statusCode: number; data: unknown } = () => ok(detail(30, { title: '停水通知' }), 201)) {
  return api((c) => {
    if (route(c) === '/regions') return ok(tree)
    if (c.method === 'GET' && route(c).startsWith('/notices/')) return ok(detail(30, { state: 'draft', stateLabel: '草稿', version: 4 }))
    return onPost(c)
  })
}
const type = (fieldId: string, value: string) => {
  const el = byId(fieldId).querySelector('input, textarea') as HTMLInputElement
  fireEvent.change(el, { target: { value } })
}
const submit = () => fireEvent.click(byId('submit-notice'))
const writes = (calls: Call[]) => calls.filter((c) => c.method !== 'GET')

beforeEach(() => signIn(['committee'], 3))

describe('发布公告', () => {
  it('shows errors under the fields and sends nothing until the form is valid', async () => {
    const calls = server()
    render(<ComposePage />)
    await screen.findByText('发布范围')
    type('field-title', '停')
    fireEvent.click(byId('target-grids'))
    submit()
    expect(byId('field-title').textContent).toContain('标题至少2个字')
    expect(byId('field-body').textContent).toContain('请填写正文')
    expect(byId('field-target').textContent).toContain('请至少选择一个网格')
    expect(writes(calls)).toHaveLength(0)

    type('field-title', '停水通知')
    type('field-body', '明天8点到12点停水')
    fireEvent.click(byId('grid-2'))
    fireEvent.click(byId('mode-schedule'))
    fireEvent.change(screen.getByLabelText('picker-date'), { target: { value: '2020-01-01' } })
    submit()
    expect(byId('field-publishAt').textContent).toContain('定时发布的时间须晚于现在')
    expect(writes(calls)).toHaveLength(0)
  })

  it('publishes an important notice to one grid with an Idempotency-Key', async () => {
    const calls = server()
    render(<ComposePage />)
    await screen.findByText('发布范围')
    type('field-title', '停水通知')
    type('field-body', '明天停水\n**请提前储水**')
    fireEvent.click(byId('category-outage'))
    fireEvent.click(byId('field-important').querySelector('input')!)
    fireEvent.click(byId('target-grids'))
    fireEvent.click(byId('grid-2'))
    submit()
    await screen.findByText('公告已发布')
    const [post] = writes(calls)
    expect(route(post)).toBe('/notices')
    expect(post.header['Idempotency-Key']).toMatch(/^mp-/)
    expect(post.data).toEqual({
      title: '停水通知', body: '<p>明天停水</p><p><strong>请提前储水</strong></p>', category: 'outage', importance: 'important',
      target: { gridIds: [2] }, imageIds: [], mode: 'publish',
    })
    fireEvent.click(byId('view-notice'))
    expect(Taro.redirectTo).toHaveBeenCalledWith({ url: '/packages/notices/detail/index?id=30' })
  })

  it('retries the same content with the same Idempotency-Key, and changed content with a new one', async () => {
    const posts: Call[] = []
    vi.mocked(Taro.request).mockImplementation((async (o: Call) => {
      if (o.method === 'GET') return { header: {}, ...ok(tree) }
      posts.push(o)
      if (posts.length <= 2) throw new Error('offline') // the answer is lost
      return { header: {}, ...ok(detail(31), 201) }
    }) as never)
    render(<ComposePage />)
    await screen.findByText('发布范围')
    type('field-title', '停水通知')
    type('field-body', '正文')
    submit()
    await screen.findByText(/网络连接失败/)
    submit()
    await waitFor(() => expect(posts).toHaveLength(2))
    expect(posts[1].header['Idempotency-Key']).toBe(posts[0].header['Idempotency-Key'])
    type('field-title', '停水通知（更正）')
    submit()
    await screen.findByText('公告已发布')
    expect(posts[2].header['Idempotency-Key']).not.toBe(posts[0].header['Idempotency-Key'])
  })

  it("puts the API's field errors under the fields", async () => {
    server(() => fail(400, 'VALIDATION_FAILED', 'pinnedUntil: 置顶截止时间须晚于现在', [{ field: 'pinnedUntil', message: '置顶截止时间须晚于现在' }]))
    render(<ComposePage />)
    await screen.findByText('发布范围')
    type('field-title', '停水通知')
    type('field-body', '正文')
    fireEvent.click(byId('field-pinned').querySelector('input')!)
    submit()
    await waitFor(() => expect(byId('field-pinnedUntil').textContent).toContain('置顶截止时间须晚于现在'))
  })

  it('uploads chosen images with progress and sends their ids; a removed one is not sent', async () => {
    const calls = server()
    vi.mocked(Taro.chooseMedia).mockResolvedValueOnce({ tempFiles: [{ tempFilePath: 'blob:a', size: 10, fileType: 'image', width: 8, height: 8 }, { tempFilePath: 'blob:b', size: 10, fileType: 'image', width: 8, height: 8 }], type: 'image', errMsg: 'chooseMedia:ok' } as never)
    let n = 20
    vi.mocked(Taro.uploadFile).mockImplementation((() => {
      const id = ++n
      return uploadTask(Promise.resolve({ statusCode: 201, data: JSON.stringify({ data: { id, url: `/api/v1/files/${id}.png` } }) }), [50])
    }) as never)
    render(<ComposePage />)
    await screen.findByText('发布范围')
    fireEvent.click(byId('image-picker-add'))
    await waitFor(() => expect(document.querySelectorAll('.uploaded-photo')).toHaveLength(2))
    fireEvent.click(byId('photo-21').querySelector('[role="button"]')!)
    type('field-title', '活动照片')
    type('field-body', '见图')
    submit()
    await screen.findByText('公告已发布')
    expect((writes(calls)[0].data as { imageIds: number[] }).imageIds).toEqual([22])
  })

  it('edits with the loaded version and says so on a conflict', async () => {
    routerParams.current = { id: '30' }
    const calls = server(() => fail(409, 'VERSION_CONFLICT', '公告已被他人修改，请刷新后再编辑'))
    render(<ComposePage />)
    await screen.findByText('编辑公告')
    fireEvent.click(byId('mode-draft'))
    submit()
    await screen.findByText(/已被他人修改/)
    const [patch] = writes(calls)
    expect(patch.method).toBe('PATCH')
    expect(route(patch)).toBe('/notices/30')
    expect(patch.data).toMatchObject({ version: 4, title: '公告30' })
  })
})
