import { fireEvent, render } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import { byId, policies } from '../../../../test/support'
import ElectionEntry from './ElectionEntry'

describe('换届选举 entry', () => {
  it('is shown when the API allows elections (committee staff, administrators), and opens 选举管理', () => {
    const { unmount } = render(<ElectionEntry policies={policies('reportInbox', 'patrol', 'bookingDesk')} />)
    expect(document.getElementById('election-entry')).toBeNull()
    unmount()
    render(<ElectionEntry policies={policies('elections')} />)
    fireEvent.click(byId('open-election-manage'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/workbench/elections/index' })
  })
})
