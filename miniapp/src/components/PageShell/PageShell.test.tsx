import { act, render } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { setElderMode } from '../../stores/elder'
import PageShell from './index'

describe('PageShell', () => {
  it('switches the theme class on the page root when 关怀模式 changes', () => {
    const { container } = render(<PageShell>内容</PageShell>)
    const root = container.firstElementChild!
    expect(root.className).toBe('page')
    act(() => setElderMode(true))
    expect(root.className).toBe('page page--elder')
    act(() => setElderMode(false))
    expect(root.className).toBe('page')
  })
})
