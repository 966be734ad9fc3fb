import { act, renderHook } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../services/request'
import { fieldsNamed } from '../utils/formErrors'
import { useFormSubmit } from './useFormSubmit'

const fieldOf = fieldsNamed(['title', 'body'] as const)
const invalid = (fields: { field: string; message: string }[]) => new ApiError({ status: 400, code: 'INVALID', message: '输入有误', fields })

describe('useFormSubmit', () => {
  it('maps the API’s field messages onto the form and shows no banner', async () => {
    const { result } = renderHook(() => useFormSubmit(fieldOf))
    let ok: boolean | undefined
    await act(async () => {
      ok = await result.current.submit(async () => { throw invalid([{ field: 'body.title', message: '标题至少2个字' }]) })
    })
    expect(ok).toBe(false)
    expect(result.current.errors).toEqual({ title: '标题至少2个字' })
    expect(result.current.failure).toBeUndefined()
    expect(result.current.busy).toBe(false)
  })

  it('shows a refusal that names no field of the form as the banner', async () => {
    const { result } = renderHook(() => useFormSubmit(fieldOf))
    await act(async () => {
      await result.current.submit(async () => { throw new ApiError({ status: 409, code: 'STALE', message: '内容已被他人修改' }) })
    })
    expect(result.current.errors).toEqual({})
    expect(result.current.failure?.code).toBe('STALE')
  })

  it('turns a thrown non-API error into a banner too', async () => {
    const { result } = renderHook(() => useFormSubmit(fieldOf))
    await act(async () => {
      await result.current.submit(async () => { throw new Error('网络断了') })
    })
    expect(result.current.failure?.message).toBe('网络断了')
  })

  it('clears the previous errors and banner when a submission succeeds', async () => {
    const { result } = renderHook(() => useFormSubmit(fieldOf))
    await act(async () => {
      await result.current.submit(async () => { throw invalid([{ field: 'body', message: '正文太长' }]) })
    })
    expect(result.current.errors).toEqual({ body: '正文太长' })
    let ok: boolean | undefined
    await act(async () => {
      ok = await result.current.submit(async () => undefined)
    })
    expect(ok).toBe(true)
    expect(result.current.errors).toEqual({})
    expect(result.current.failure).toBeUndefined()
  })

  it('is busy while sending and ignores a second submit meanwhile', async () => {
    const { result } = renderHook(() => useFormSubmit(fieldOf))
    let release!: () => void
    let sends = 0
    const send = () => { sends++; return new Promise<void>((r) => { release = r }) }
    let first!: Promise<boolean>
    act(() => { first = result.current.submit(send) })
    expect(result.current.busy).toBe(true)
    let second: boolean | undefined
    await act(async () => { second = await result.current.submit(send) })
    expect(second).toBe(false)
    expect(sends).toBe(1)
    await act(async () => { release(); await first })
    expect(result.current.busy).toBe(false)
  })

  it('keeps one Idempotency-Key for the same body and takes a fresh one when the body changes', () => {
    const { result } = renderHook(() => useFormSubmit(fieldOf))
    const a = result.current.keyFor({ title: '停水通知' })
    expect(result.current.keyFor({ title: '停水通知' })).toBe(a)
    const b = result.current.keyFor({ title: '停电通知' })
    expect(b).not.toBe(a)
    expect(result.current.keyFor({ title: '停电通知' })).toBe(b)
  })
})
