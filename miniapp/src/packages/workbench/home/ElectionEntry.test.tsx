import { fireEvent, render } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import { byId } from '../../../../test/support'
import ElectionEntry from './ElectionEntry'

describe('换届选举 entry', () => {
  it('is shown to committee staff and administrators only, and opens 选举管理', () => {
    const { unmount } = render(<ElectionEntry roles={['grid_worker']} />)
    expect(document.getElementById('election-entry')).toBeNull()
    unmount()
    render(<ElectionEntry roles={['committee']} />)
    fireEvent.click(byId('open-election-manage'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/workbench/elections/index' })
  })
})
