import { fireEvent, render } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import { policies } from '../../../../test/support'
import ReportEntry from './ReportEntry'

const ids = () => Array.from(document.querySelectorAll('#report-entry [id^="open-"]'), (e) => `${e.id}:${e.textContent}`)

// Which roles get which policies is the API's table (me.policy.test.ts); here, what each policy offers.
describe('工作台 网格治理 entries', () => {
  it('gives a grid worker the inbox, patrol, the visit log and own figures', () => {
    render(<ReportEntry policies={policies('reportInbox', 'patrol', 'visits', 'ownFigures')} />)
    expect(ids()).toEqual(['open-report-inbox:诉求工单', 'open-patrol:巡查上报', 'open-visits:民情日志', 'open-figures:我的考核'])
    fireEvent.click(document.getElementById('open-patrol')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/workbench/patrol/index' })
  })

  it('gives leaders and community staff the ranking, and no patrol', () => {
    render(<ReportEntry policies={policies('reportInbox', 'visits', 'gridRanking')} />)
    expect(ids()).toEqual(['open-report-inbox:诉求工单', 'open-visits:民情日志', 'open-figures:考核测评'])
  })

  it('gives a department handler the inbox and own figures', () => {
    render(<ReportEntry policies={policies('reportInbox', 'ownFigures')} />)
    expect(ids()).toEqual(['open-report-inbox:诉求工单', 'open-figures:我的考核'])
  })

  it('shows nothing to staff who never handle reports', () => {
    render(<ReportEntry policies={policies('workbench', 'bookingDesk', 'elections')} />)
    expect(document.getElementById('report-entry')).toBeNull()
  })
})
