import { fireEvent, render } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import { byId, policies } from '../../../../test/support'
import DisclosureEntry from './DisclosureEntry'

describe('三务公开 entry', () => {
  it('is shown when the API allows disclosures (committee staff), and opens 公开管理 and 发布', () => {
    for (const offered of [policies('patrol'), policies('composeNotices', 'gridRanking'), policies('fileReport')]) {
      const { unmount } = render(<DisclosureEntry policies={offered} />)
      expect(document.getElementById('disclosure-entry')).toBeNull()
      unmount()
    }
    render(<DisclosureEntry policies={policies('disclosures')} />)
    fireEvent.click(byId('open-disclosure-manage-list'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/workbench/disclosures/index' })
    fireEvent.click(byId('open-disclosure-new'))
    expect(Taro.navigateTo).toHaveBeenLastCalledWith({ url: '/packages/workbench/disclosures/edit/index' })
  })
})
