import { fireEvent, render } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import { byId } from '../../../../test/support'
import DisclosureEntry from './DisclosureEntry'

describe('三务公开 entry', () => {
  it('is shown to committee staff only, and opens 公开管理 and 发布', () => {
    for (const roles of [['grid_worker'], ['street'], ['resident']]) {
      const { unmount } = render(<DisclosureEntry roles={roles} />)
      expect(document.getElementById('disclosure-entry')).toBeNull()
      unmount()
    }
    render(<DisclosureEntry roles={['committee']} />)
    fireEvent.click(byId('open-disclosure-manage-list'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/workbench/disclosures/index' })
    fireEvent.click(byId('open-disclosure-new'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/workbench/disclosures/edit/index' })
  })
})
