import { fireEvent, render } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import ReportEntry from './ReportEntry'

const ids = () => Array.from(document.querySelectorAll('#report-entry [id^="open-"]'), (e) => `${e.id}:${e.textContent}`)

describe('工作台 网格治理 entries', () => {
  it('gives a grid worker the inbox, patrol, the visit log and own figures', () => {
    render(<ReportEntry roles={['grid_worker']} />)
    expect(ids()).toEqual(['open-report-inbox:诉求工单', 'open-patrol:巡查上报', 'open-visits:民情日志', 'open-figures:我的考核'])
    fireEvent.click(document.getElementById('open-patrol')!)
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/workbench/patrol/index' })
  })

  it('gives leaders and community staff the ranking, and no patrol', () => {
    render(<ReportEntry roles={['committee']} />)
    expect(ids()).toEqual(['open-report-inbox:诉求工单', 'open-visits:民情日志', 'open-figures:考核测评'])
  })

  it('gives a department handler the inbox only', () => {
    render(<ReportEntry roles={['dept']} />)
    expect(ids()).toEqual(['open-report-inbox:诉求工单'])
  })

  it('shows nothing to staff who never handle reports', () => {
    render(<ReportEntry roles={['admin']} />)
    expect(document.getElementById('report-entry')).toBeNull()
  })
})
