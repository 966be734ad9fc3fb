import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import Leaves from './Leaves'

const mockRequest = vi.mocked(Taro.request)
type Call = { url: string; method: string; data: unknown; header: Record<string, string> }
const calls = () => mockRequest.mock.calls.map(([o]) => o as unknown as Call)
const byId = (id: string) => {
  const el = document.getElementById(id)
  if (!el) throw new Error(`#${id} not rendered`)
  return el
}
const leave = (id: number, over: object = {}) => ({
  id, user: { id: 9, name: '王芳' }, grids: [{ id: 1, name: '第一网格' }], startsOn: '2026-12-03', endsOn: '2026-12-04', reason: '年休假',
  isCurrent: false, createdAt: '2026-12-01T00:00:00.000Z', policies: { delete: true }, ...over,
})

beforeEach(() => {
  mockRequest.mockImplementation((async (o: Call) => {
    if (o.method === 'POST') return { statusCode: 201, header: {}, data: { data: leave(2, { startsOn: (o.data as { startsOn: string }).startsOn }) } }
    if (o.method === 'DELETE') return { statusCode: 200, header: {}, data: { data: leave(1) } }
    return { statusCode: 200, header: {}, data: { data: [leave(1, { isCurrent: true })], page: { nextCursor: null } } }
  }) as never)
})

describe('请假 on the workbench', () => {
  it("registers a grid worker's own leave with a key, and lists it", async () => {
    render(<Leaves userId={9} canRegister />)
    await waitFor(() => byId('leave-1'))
    expect(screen.getByText('请假中')).toBeTruthy()
    fireEvent.click(byId('leave-new'))
    fireEvent.click(byId('leave-submit'))
    await waitFor(() => byId('leave-2'))
    const post = calls().find((c) => c.method === 'POST')!
    expect(post.data).toMatchObject({ userId: 9, reason: '' })
    expect((post.data as { startsOn: string }).startsOn).toMatch(/^\d{4}-\d{2}-\d{2}$/)
    expect(post.header['Idempotency-Key']).toBeTruthy()
  })

  it('cancels after a confirmation; a leader gets no 登记请假', async () => {
    render(<Leaves userId={20} canRegister={false} />)
    fireEvent.click(await waitFor(() => byId('leave-1-cancel')))
    await waitFor(() => expect(document.getElementById('leave-1')).toBeNull())
    expect(calls().find((c) => c.method === 'DELETE')?.url).toMatch(/\/worker-leaves\/1$/)
    expect(document.getElementById('leave-new')).toBeNull()
    expect(screen.getByText('网格员请假')).toBeTruthy()
  })
})
