import { fireEvent, render } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { pressable } from './keyboard'

describe('pressable', () => {
  it('runs a button action on a tap, and on H5 on Enter or Space with focus', () => {
    const go = vi.fn()
    const { container } = render(<div role='button' {...pressable(go)}>提交</div>)
    const el = container.firstElementChild as HTMLElement
    expect(el.tabIndex).toBe(0)
    fireEvent.click(el)
    fireEvent.keyDown(el, { key: 'Enter' })
    fireEvent.keyDown(el, { key: ' ' })
    fireEvent.keyDown(el, { key: 'Escape' })
    expect(go).toHaveBeenCalledTimes(3)
  })

  it('opens a link on a tap or Enter, and leaves Space to scroll the page as a native link does', () => {
    const go = vi.fn()
    const { container } = render(<div role='link' {...pressable(go, 'link')}>去实名登记</div>)
    const el = container.firstElementChild as HTMLElement
    expect(el.tabIndex).toBe(0)
    fireEvent.click(el)
    fireEvent.keyDown(el, { key: 'Enter' })
    expect(fireEvent.keyDown(el, { key: ' ' })).toBe(true)
    expect(go).toHaveBeenCalledTimes(2)
  })

  it('leaves a key pressed on a control inside it to that control', () => {
    const outer = vi.fn()
    const inner = vi.fn()
    const { getByText } = render(
      <div role='checkbox' aria-checked='false' {...pressable(outer)}>
        候选人
        <span role='button' {...pressable(inner)}>查看陈述</span>
      </div>,
    )
    fireEvent.keyDown(getByText('查看陈述'), { key: 'Enter' })
    expect([inner.mock.calls.length, outer.mock.calls.length]).toEqual([1, 0])
  })

  it('is a plain tap in the WeChat build', () => {
    process.env.TARO_ENV = 'weapp'
    const go = vi.fn()
    expect(Object.keys(pressable(go))).toEqual(['onClick'])
  })
})
