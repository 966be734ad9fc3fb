import { fireEvent, render } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import { byId, policies } from '../../../../test/support'
import ConsultationEntry from './ConsultationEntry'

describe('协商议事 entry', () => {
  it('is shown when the API allows consultations (committee staff, administrators), and opens 议题管理', () => {
    const { unmount } = render(<ConsultationEntry policies={policies('patrol', 'composeNotices', 'elections')} />)
    expect(document.getElementById('consultation-entry')).toBeNull()
    unmount()
    render(<ConsultationEntry policies={policies('consultations')} />)
    fireEvent.click(byId('open-consultation-manage'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/workbench/consultations/index' })
  })
})
