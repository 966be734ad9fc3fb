import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import { beforeEach, describe, expect, it } from 'vitest'
import { fail, ok } from '../../../../test/fixtures/notices'
import { api, byId, route, signIn } from '../../../../test/support'
import { totals } from '../testFixtures'
import DisclosureTotalsPage from '.'

const year = new Date().getFullYear()
const bar = (id: string) => (document.querySelector(`[data-testid="${id}"]`) as HTMLElement).style.width

beforeEach(() => signIn())

describe('三务公开 totals', () => {
  it('asks for this year and draws each period with its values written beside the bars', async () => {
    const calls = api(() => ok(totals()))
    render(<DisclosureTotalsPage />)
    await screen.findByText('各期收支')
    expect(route(calls[0])).toBe(`/disclosures/totals?from=${year}-01&to=${year}-12`)

    expect(byId('total-income').textContent).toContain('24,000.00 元')
    expect(byId('total-expense').textContent).toContain('20,000.00 元')
    expect(byId('total-balance').textContent).toContain('4,000.00 元')

    expect(byId('period-2026-07').textContent).toContain('2026年7月')
    expect(byId('income-2026-07').textContent).toBe('8,000.00 元')
    expect(byId('expense-2026-07').textContent).toBe('2,000.00 元')
    expect(byId('balance-2026-07').textContent).toBe('结余 6,000.00 元')
    expect(byId('period-2026-Q3').textContent).toContain('2026年第三季度')
    expect(byId('balance-2026-Q3').textContent).toBe('结余 -2,000.00 元')

    // Bars are relative to the largest amount shown (Q3's expense, 18,000.00 元).
    expect(bar('bar-expense-2026-Q3')).toBe('100%')
    expect(bar('bar-income-2026-Q3')).toBe('88.9%')
    expect(bar('bar-income-2026-07')).toBe('44.4%')
    expect(bar('bar-expense-2026-07')).toBe('11.1%')
  })

  it('last year asks again; an empty year says so', async () => {
    const calls = api((c) => ok(route(c).includes(`from=${year - 1}`) ? totals({ periods: [], total: { incomeFen: 0, expenseFen: 0, balanceFen: 0 } }) : totals()))
    render(<DisclosureTotalsPage />)
    await screen.findByText('各期收支')
    fireEvent.click(byId(`totals-year-${year - 1}`))
    expect(await screen.findByText(`${year - 1}年暂无收支`)).toBeTruthy()
    expect(route(calls[1])).toBe(`/disclosures/totals?from=${year - 1}-01&to=${year - 1}-12`)
    expect(byId(`totals-year-${year - 1}`).getAttribute('aria-checked')).toBe('true')
  })

  it('shows the error with 重试', async () => {
    let fails = true
    api(() => (fails ? fail(500, 'INTERNAL', '服务器开小差了') : ok(totals())))
    render(<DisclosureTotalsPage />)
    expect(await screen.findByText('服务器开小差了')).toBeTruthy()
    fails = false
    fireEvent.click(screen.getByRole('button', { name: '重试' }))
    await waitFor(() => expect(screen.getByText('各期收支')).toBeTruthy())
  })
})
