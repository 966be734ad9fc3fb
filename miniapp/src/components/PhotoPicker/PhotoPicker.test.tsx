import { act, fireEvent, render, screen, waitFor } from '@testing-library/react'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import { beforeEach, describe, expect, it, vi } from 'vitest'
import { uploadTask } from '../../../test/mocks/taro'
import { byId, signIn } from '../../../test/support'
import { fitWithin } from './compress'
import PhotoPicker, { type PickedPhoto } from '.'

const uploaded = (id: number) => ({ id, url: `/api/v1/files/${String(id).padStart(32, '0')}.jpg`, contentType: 'image/jpeg', width: 8, height: 8, size: 100 })
const file = (path: string, extra: object = {}) => ({ tempFilePath: path, size: 1000, fileType: 'image', width: 800, height: 600, ...extra })

/** The picker inside a form that keeps its photos, reporting them and the busy flag. */
function Form({ initial = [], max, seen }: { initial?: PickedPhoto[]; max?: number; seen: { photos: PickedPhoto[]; busy: boolean[] } }) {
  const [photos, setPhotos] = useState(initial)
  return (
    <PhotoPicker
      photos={photos}
      max={max}
      onChange={(p) => { seen.photos = p; setPhotos(p) }}
      onBusyChange={(b) => seen.busy.push(b)}
    />
  )
}

beforeEach(() => signIn())

describe('PhotoPicker', () => {
  it('takes photos from camera or album, uploads each with its progress, and hands back their ids', async () => {
    vi.mocked(Taro.chooseMedia).mockResolvedValueOnce({ tempFiles: [file('blob:a'), file('blob:b')], type: 'image', errMsg: 'chooseMedia:ok' } as never)
    let release!: () => void
    const gate = new Promise<void>((r) => (release = r))
    vi.mocked(Taro.uploadFile)
      .mockImplementationOnce((() => uploadTask(gate.then(() => ({ statusCode: 201, data: JSON.stringify({ data: uploaded(21) }) })), [40])) as never)
      .mockImplementationOnce((() => uploadTask(Promise.resolve({ statusCode: 201, data: JSON.stringify({ data: uploaded(22) }) }))) as never)
    const seen = { photos: [] as PickedPhoto[], busy: [] as boolean[] }
    render(<Form seen={seen} />)
    fireEvent.click(byId('photo-picker-add'))
    await screen.findByText('上传中 40%')
    expect(vi.mocked(Taro.chooseMedia).mock.calls[0][0]).toMatchObject({ count: 9, mediaType: ['image'], sourceType: ['album', 'camera'] })
    await act(async () => release())
    await waitFor(() => expect(seen.photos.map((p) => p.id)).toEqual([21, 22]))
    expect(document.querySelectorAll('.uploaded-photo')).toHaveLength(2)
    expect(seen.busy).toEqual([false, true, false])
    expect(screen.getByText(/还可加 7 张/)).toBeTruthy()
  })

  it('asks for no more than the room left and stops at the limit', async () => {
    const seen = { photos: [] as PickedPhoto[], busy: [] as boolean[] }
    const { unmount } = render(<Form seen={seen} max={3} initial={[{ id: 1, url: '/f/1.jpg' }]} />)
    vi.mocked(Taro.chooseMedia).mockRejectedValueOnce({ errMsg: 'chooseMedia:fail cancel' })
    fireEvent.click(byId('photo-picker-add'))
    await waitFor(() => expect(Taro.chooseMedia).toHaveBeenCalledWith(expect.objectContaining({ count: 2 })))
    expect(Taro.showModal).not.toHaveBeenCalled()
    unmount()
    render(<Form seen={seen} max={2} initial={[{ id: 1, url: '/f/1.jpg' }, { id: 2, url: '/f/2.jpg' }]} />)
    expect(screen.getByText('已达到2张上限')).toBeTruthy()
  })

  it('explains a refused camera or album permission', async () => {
    vi.mocked(Taro.chooseMedia).mockRejectedValueOnce({ errMsg: 'chooseMedia:fail auth deny' })
    render(<Form seen={{ photos: [], busy: [] }} />)
    fireEvent.click(byId('photo-picker-add'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({ title: '无法使用相机或相册' })))
  })

  it('shows a failed upload on its photo, which a tap removes; 删除 drops an uploaded one', async () => {
    vi.mocked(Taro.chooseMedia).mockResolvedValueOnce({ tempFiles: [file('blob:c')], type: 'image' } as never)
    vi.mocked(Taro.uploadFile).mockImplementationOnce((() => uploadTask(Promise.resolve({
      statusCode: 413, data: JSON.stringify({ error: { code: 'UPLOAD_QUOTA', message: '今日上传已达上限' }, requestId: 'r' }),
    }))) as never)
    const seen = { photos: [] as PickedPhoto[], busy: [] as boolean[] }
    render(<Form seen={seen} initial={[{ id: 5, url: '/f/5.jpg' }]} />)
    fireEvent.click(byId('photo-picker-add'))
    fireEvent.click(await screen.findByText('今日上传已达上限（点此移除）'))
    expect(screen.queryByRole('alert')).toBeNull()
    fireEvent.click(screen.getByLabelText('删除第1张照片'))
    expect(seen.photos).toEqual([])
  })

  it('refuses a file over 5 MB before sending it', async () => {
    vi.mocked(Taro.chooseMedia).mockResolvedValueOnce({ tempFiles: [file('blob:big', { size: 6 * 1024 * 1024, width: 1000, height: 800 })], type: 'image' } as never)
    process.env.TARO_ENV = 'weapp'
    render(<Form seen={{ photos: [], busy: [] }} />)
    fireEvent.click(byId('photo-picker-add'))
    await screen.findByText('图片不能超过5MB（点此移除）')
    expect(Taro.uploadFile).not.toHaveBeenCalled()
  })

  it('enlarges an uploaded photo with the others to swipe through', async () => {
    render(<Form seen={{ photos: [], busy: [] }} initial={[{ id: 1, url: '/f/1.jpg' }, { id: 2, url: '/f/2.jpg' }]} />)
    fireEvent.click(byId('photo-2').querySelector('img')!)
    expect(Taro.previewImage).toHaveBeenCalledWith({ urls: ['/f/1.jpg', '/f/2.jpg'], current: '/f/2.jpg' })
  })
})

describe('PhotoPicker when WeChat says no', () => {
  beforeEach(() => {
    process.env.TARO_ENV = 'weapp'
  })

  it('offers the WeChat settings page for a refused camera or album permission', async () => {
    vi.mocked(Taro.chooseMedia).mockRejectedValueOnce({ errMsg: 'chooseMedia:fail auth deny' })
    render(<Form seen={{ photos: [], busy: [] }} />)
    fireEvent.click(byId('photo-picker-add'))
    await waitFor(() => expect(Taro.openSetting).toHaveBeenCalled())
    expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({
      title: '无法使用相机或相册',
      content: expect.stringContaining('设置 › 相册、摄像头'),
      confirmText: '去设置',
    }))
  })

  it('does not open the settings page when the user declines', async () => {
    vi.mocked(Taro.showModal).mockResolvedValueOnce({ confirm: false, cancel: true } as never)
    vi.mocked(Taro.chooseMedia).mockRejectedValueOnce({ errMsg: 'authorize:fail auth deny' })
    render(<Form seen={{ photos: [], busy: [] }} />)
    fireEvent.click(byId('photo-picker-add'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalled())
    expect(Taro.openSetting).not.toHaveBeenCalled()
  })

  it('explains a refused privacy guide and how to agree next time', async () => {
    vi.mocked(Taro.chooseMedia).mockRejectedValueOnce({ errMsg: 'chooseMedia:fail privacy permission is not authorized' })
    render(<Form seen={{ photos: [], busy: [] }} />)
    fireEvent.click(byId('photo-picker-add'))
    await waitFor(() => expect(Taro.showModal).toHaveBeenCalledWith(expect.objectContaining({
      title: '需要您同意隐私保护指引',
      content: expect.stringContaining('再次点「添加照片」'),
    })))
    expect(Taro.openSetting).not.toHaveBeenCalled()
  })

  it('reports any other failure briefly', async () => {
    vi.mocked(Taro.chooseMedia).mockRejectedValueOnce({ errMsg: 'chooseMedia:fail internal error' })
    render(<Form seen={{ photos: [], busy: [] }} />)
    fireEvent.click(byId('photo-picker-add'))
    await waitFor(() => expect(Taro.showToast).toHaveBeenCalledWith(expect.objectContaining({ title: '暂时无法选择照片，请重试' })))
  })
})

describe('fitWithin', () => {
  it('scales the longest side down to 1600 px, keeping proportions, and never enlarges', () => {
    expect(fitWithin(4000, 3000)).toEqual({ width: 1600, height: 1200 })
    expect(fitWithin(3000, 4000)).toEqual({ width: 1200, height: 1600 })
    expect(fitWithin(1600, 900)).toEqual({ width: 1600, height: 900 })
    expect(fitWithin(800, 600)).toEqual({ width: 800, height: 600 })
  })
})
