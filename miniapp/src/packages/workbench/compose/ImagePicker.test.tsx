import { fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { signIn } from '../../../../test/support'
import ImagePicker from './ImagePicker'

const pick = () => fireEvent.click(screen.getByRole('button', { name: /添加图片/ }))
const refuse = (errMsg: string) => vi.mocked(Taro.chooseImage).mockRejectedValueOnce({ errMsg })

beforeEach(() => {
  signIn(['committee'])
  process.env.TARO_ENV = 'weapp'
})

describe('ImagePicker when WeChat says no', () => {
  it('stays silent when the user cancels the picker', async () => {
    refuse('chooseImage:fail cancel')
    render(<ImagePicker images={[]} max={9} onChange={() => undefined} />)
    pick()
    await waitFor(() => expect(Taro.chooseImage).toHaveBeenCalled())
    await new Promise((r) => setTimeout(r, 0))
    expect(Taro.showModal).not.toHaveBeenCalled()
    expect(Taro.showToast).not.toHaveBeenCalled()
  })

  it('explains a refused album or camera permission and offers the settings page', async () => {
    refuse('chooseImage:fail auth deny')
    render(<ImagePicker images={[]} max={9} onChange={() => undefined} />)
    pick()
    await waitFor(() => expect(Taro.openSetting).toHaveBeenCalled())
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({
      title: '无法使用相册或相机',
      content: expect.stringContaining('设置 › 相册、摄像头'),
      confirmText: '去设置',
    }))
  })

  it('does not open the settings page when the user declines', async () => {
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true } as never)
    refuse('authorize:fail auth deny')
    render(<ImagePicker images={[]} max={9} onChange={() => undefined} />)
    pick()
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalled())
    expect(Taro.openSetting).not.toHaveBeenCalled()
  })

  it('explains a refused privacy guide and how to agree next time', async () => {
    refuse('chooseImage:fail privacy permission is not authorized')
    render(<ImagePicker images={[]} max={9} onChange={() => undefined} />)
    pick()
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({
      title: '需要您同意隐私保护指引',
      content: expect.stringContaining('再次点「添加图片」'),
    })))
    expect(Taro.openSetting).not.toHaveBeenCalled()
  })

  it('reports any other failure briefly', async () => {
    refuse('chooseImage:fail internal error')
    render(<ImagePicker images={[]} max={9} onChange={() => undefined} />)
    pick()
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '暂时无法选择图片，请重试' })))
  })
})
