import { fireEvent, render, screen } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import { byId, signIn } from '../../../test/support'
import ReportPage from './index'

describe('随手拍 tab', () => {
  it('asks a visitor to log in, without calling the API', () => {
    render(<ReportPage />)
    expect(byId('report-login').textContent).toContain('登录后即可上报')
    expect(Taro.request).not.toHaveBeenCalled()
  })

  it('opens the form, 我的诉求 and 社区诉求 in the reports subpackage', () => {
    signIn()
    render(<ReportPage />)
    fireEvent.click(screen.getByText('我要上报'))
    fireEvent.click(screen.getByText('我的诉求'))
    fireEvent.click(screen.getByText('社区诉求'))
    expect(navigatedTo()).toEqual(['/packages/reports/new/index', '/packages/reports/mine/index', '/packages/reports/community/index'])
  })
})

const navigatedTo = () => (Taro.navigateTo as unknown as { mock: { calls: [{ url: string }][] } }).mock.calls.map(([o]) => o.url)
