import { fireEvent, render, screen } from '@testing-library/react'
import { useState } from 'react'
import { describe, expect, it, vi } from 'vitest'
import { api, byId, route, signIn } from '../../../test/support'
import MyReportsPage from '../../packages/reports/mine'
import Chip from './index'

describe('Chip', () => {
  it('is a radio by default: aria-checked follows `active`, and it takes keyboard focus on H5', () => {
    render(
      <>
        <Chip id='on' active onTap={() => undefined}>全部</Chip>
        <Chip id='off' onTap={() => undefined}>未读</Chip>
      </>,
    )
    for (const [id, checked] of [['on', 'true'], ['off', 'false']]) {
      expect(byId(id).getAttribute('role')).toBe('radio')
      expect(byId(id).getAttribute('aria-checked')).toBe(checked)
      expect(byId(id).tabIndex).toBe(0)
    }
    expect(byId('on').className).toBe('chip chip--active')
    expect(byId('off').className).toBe('chip')
  })

  it('is activated by Enter and by Space (whose page scroll it prevents), not by other keys', () => {
    const onTap = vi.fn()
    render(<Chip id='c' onTap={onTap}>一</Chip>)
    expect(fireEvent.keyDown(byId('c'), { key: 'Enter' })).toBe(false)
    expect(onTap).toHaveBeenCalledTimes(1)
    expect(fireEvent.keyDown(byId('c'), { key: ' ' })).toBe(false)
    expect(onTap).toHaveBeenCalledTimes(2)
    expect(fireEvent.keyDown(byId('c'), { key: 'Tab' })).toBe(true)
    expect(fireEvent.keyDown(byId('c'), { key: 'a' })).toBe(true)
    expect(onTap).toHaveBeenCalledTimes(2)
    fireEvent.click(byId('c'))
    expect(onTap).toHaveBeenCalledTimes(3)
  })

  it('toggles as a checkbox, with a spoken label where the text is short', () => {
    function Days() {
      const [on, setOn] = useState(false)
      return <Chip id='mon' kind='checkbox' active={on} label='周一' onTap={() => setOn(!on)}>一</Chip>
    }
    render(<Days />)
    const chip = screen.getByRole('checkbox', { name: '周一' })
    expect(chip.getAttribute('aria-checked')).toBe('false')
    fireEvent.keyDown(chip, { key: ' ' })
    expect(chip.getAttribute('aria-checked')).toBe('true')
    fireEvent.keyDown(chip, { key: 'Enter' })
    expect(chip.getAttribute('aria-checked')).toBe('false')
  })

  it('as an action button carries no checked state', () => {
    const onTap = vi.fn()
    render(<Chip id='slot' kind='button' onTap={onTap}>周一 9:00 余 2</Chip>)
    expect(byId('slot').getAttribute('role')).toBe('button')
    expect(byId('slot').hasAttribute('aria-checked')).toBe(false)
    fireEvent.keyDown(byId('slot'), { key: 'Enter' })
    expect(onTap).toHaveBeenCalledOnce()
  })

  it('adds nothing for a keyboard in the WeChat build', () => {
    process.env.TARO_ENV = 'weapp'
    const onTap = vi.fn()
    render(<Chip id='w' active onTap={onTap}>全部</Chip>)
    expect(byId('w').hasAttribute('tabindex')).toBe(false)
    fireEvent.keyDown(byId('w'), { key: 'Enter' })
    expect(onTap).not.toHaveBeenCalled()
    expect(byId('w').getAttribute('aria-checked')).toBe('true')
  })
})

describe('chips on a page (我的诉求 status filter)', () => {
  it('every chip is focusable, and Enter switches the filter as a tap does', async () => {
    signIn()
    const calls = api(() => ({ statusCode: 200, data: { data: [], page: { nextCursor: null } } }))
    render(<MyReportsPage />)
    await screen.findAllByText(/还没有|没有/)
    const chips = Array.from(document.querySelectorAll('.chip'))
    expect(chips.length).toBeGreaterThan(1)
    for (const c of chips) expect([(c as HTMLElement).tabIndex, c.getAttribute('role')]).toEqual([0, 'radio'])
    fireEvent.keyDown(byId('filter-done'), { key: 'Enter' })
    await screen.findByText('没有已办结的诉求')
    expect(byId('filter-done').getAttribute('aria-checked')).toBe('true')
    expect(calls.map(route)).toContain('/reports?limit=20&status=done&box=mine')
  })
})
