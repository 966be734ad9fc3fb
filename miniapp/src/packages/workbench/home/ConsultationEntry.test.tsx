import { fireEvent, render } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { describe, expect, it } from 'vitest'
import { byId } from '../../../../test/support'
import ConsultationEntry from './ConsultationEntry'

describe('协商议事 entry', () => {
  it('is shown to committee staff only, and opens 议题管理', () => {
    const { unmount } = render(<ConsultationEntry roles={['grid_worker', 'street']} />)
    expect(document.getElementById('consultation-entry')).toBeNull()
    unmount()
    render(<ConsultationEntry roles={['committee']} />)
    fireEvent.click(byId('open-consultation-manage'))
    expect(Taro.navigateTo).toHaveBeenCalledWith({ url: '/packages/workbench/consultations/index' })
  })
})
