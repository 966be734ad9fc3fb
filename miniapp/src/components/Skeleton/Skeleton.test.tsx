import { readFileSync } from 'node:fs'
import path from 'node:path'
import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import Skeleton from '.'

describe('Skeleton', () => {
  it('is one status 「正在加载」 to screen readers, with the grey list rows hidden from them', () => {
    render(<Skeleton rows={4} />)
    const status = screen.getByRole('status', { name: '正在加载' })
    expect(status.getAttribute('aria-busy')).toBe('true')
    expect(status.className).toContain('state--loading')
    const rows = status.querySelectorAll('.item')
    expect(rows).toHaveLength(4)
    rows.forEach((c) => expect(c.getAttribute('aria-hidden')).toBe('true'))
    expect(screen.queryByText('加载中…')).toBeNull()
  })

  it('shapes a detail as one card with a heading and paragraph lines', () => {
    render(<Skeleton kind='detail' />)
    const status = screen.getByRole('status', { name: '正在加载' })
    expect(status.querySelectorAll('.card')).toHaveLength(1)
    expect(status.querySelectorAll('.skeleton__bar--heading')).toHaveLength(1)
    expect(status.querySelectorAll('.skeleton__bar--text').length).toBeGreaterThan(1)
  })

  it('does not pulse under prefers-reduced-motion', () => {
    const css = readFileSync(path.join(__dirname, 'Skeleton.css'), 'utf8').replace(/\s+/g, ' ')
    expect(css).toContain('animation: skeleton-pulse')
    expect(css).toMatch(/@media \(prefers-reduced-motion: reduce\) \{ \.skeleton__bar \{ animation: none; \} \}/)
  })
})
