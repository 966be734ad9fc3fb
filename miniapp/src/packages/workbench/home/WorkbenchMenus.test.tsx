import { render, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ROLE_POLICIES } from '../../../../test/fixtures/rolePolicies'
import { api, route, signIn } from '../../../../test/support'
import WorkbenchPage from './index'

/** The entries 工作台 offers: every `open-…` button with its label, and the 身份核实 section. */
function entries(): string[] {
  const buttons = Array.from(document.querySelectorAll('[id^="open-"]'), (e) => `${e.id}:${e.textContent}`)
  return document.getElementById('identity-reviews') ? [...buttons, 'identity-reviews'] : buttons
}

const EMPTY_PAGE = { statusCode: 200, data: { data: [], page: { nextCursor: null } } }

// What a user of each role sees, with the policies their login really carries (ROLE_POLICIES,
// checked against the API in api/test/me-policies.int.test.ts).
const MENUS: [keyof typeof ROLE_POLICIES, string[]][] = [
  ['grid_worker', ['open-report-inbox:诉求工单', 'open-patrol:巡查上报', 'open-visits:民情日志', 'open-figures:我的考核', 'open-notice-feed:查看社区公告']],
  ['grid_leader', ['open-report-inbox:诉求工单', 'open-visits:民情日志', 'open-figures:考核测评', 'open-notice-feed:查看社区公告']],
  ['committee', [
    'open-report-inbox:诉求工单', 'open-visits:民情日志', 'open-figures:考核测评', 'open-service-desk:预约窗口', 'open-service-manage:预约服务',
    'open-election-manage:选举管理', 'open-disclosure-manage-list:公开管理', 'open-disclosure-new:发布公开事项',
    'open-consultation-manage:议题管理',
    'open-notice-manage:公告管理', 'open-notice-compose:发布公告', 'identity-reviews',
  ]],
  ['street', ['open-report-inbox:诉求工单', 'open-visits:民情日志', 'open-figures:考核测评', 'open-notice-manage:公告管理', 'open-notice-compose:发布公告', 'identity-reviews']],
  ['dept', ['open-report-inbox:诉求工单', 'open-figures:我的考核', 'open-notice-feed:查看社区公告']],
  ['admin', ['open-service-desk:预约窗口', 'open-service-manage:预约服务', 'open-election-manage:选举管理', 'open-consultation-manage:议题管理', 'open-notice-feed:查看社区公告']],
  ['auditor', ['open-notice-feed:查看社区公告']],
]

describe('工作台 menus per role', () => {
  it.each(MENUS)('%s', async (role, expected) => {
    const calls = api(() => EMPTY_PAGE)
    signIn([role], 7, ROLE_POLICIES[role])
    render(<WorkbenchPage />)
    expect(entries()).toEqual(expected)
    // The 身份核实 section asks for the list only where it is shown (the API answers 403 elsewhere).
    await screen.findAllByText(/没有/)
    expect(calls.some((c) => route(c).startsWith('/identity-reviews'))).toBe(expected.includes('identity-reviews'))
  })

  it('offers no menu to a resident', () => {
    signIn(['resident'], 7, ROLE_POLICIES.resident)
    render(<WorkbenchPage />)
    expect(entries()).toEqual([])
    expect(screen.getByText('工作台仅供工作人员使用')).toBeTruthy()
  })
})
