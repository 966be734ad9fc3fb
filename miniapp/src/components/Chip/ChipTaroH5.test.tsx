import { render } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import Chip from './index'

// The other tests render Taro's components as plain DOM stand-ins. Here the real H5 View (the
// taro-view-core element and its React wrapper, which binds `on…` props as the element's own
// listeners) checks that the chip's tabIndex, role, aria-checked and keys reach the page.
vi.mock('@tarojs/components', async () => {
  const flags = ['ENABLE_INNER_HTML', 'ENABLE_ADJACENT_HTML', 'ENABLE_SIZE_APIS', 'ENABLE_TEMPLATE_CONTENT', 'ENABLE_MUTATION_OBSERVER', 'ENABLE_CLONE_NODE', 'ENABLE_CONTAINS']
  for (const f of flags) (globalThis as Record<string, unknown>)[f] = true
  Object.assign(globalThis, { DEPRECATED_ADAPTER_COMPONENT: false, __TARO_FRAMEWORK__: 'react' })
  return import('@tarojs/components/lib/react')
})

describe('Chip on Taro H5 components', () => {
  it('is a focusable radio on the taro-view-core element, activated by Enter and Space', () => {
    const onTap = vi.fn()
    const { container } = render(<Chip id='c' active onTap={onTap}>全部</Chip>)
    const el = container.querySelector('#c') as HTMLElement
    expect([el.tagName, el.tabIndex, el.getAttribute('role'), el.getAttribute('aria-checked')]).toEqual(['TARO-VIEW-CORE', 0, 'radio', 'true'])
    el.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true }))
    const space = new KeyboardEvent('keydown', { key: ' ', bubbles: true, cancelable: true })
    el.dispatchEvent(space)
    expect(space.defaultPrevented).toBe(true)
    expect(onTap).toHaveBeenCalledTimes(2)
    el.click()
    expect(onTap).toHaveBeenCalledTimes(3)
  })
})
