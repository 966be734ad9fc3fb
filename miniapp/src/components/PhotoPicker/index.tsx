import { Image, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useRef, useState } from 'react'
import { asApiError } from '../../hooks/useResource'
import { fileUrl } from '../../services/request'
import { uploadImage, uploadRejection } from '../../services/upload'
import { explainRefusal, refusalOf } from '../../utils/permissions'
import ActionButton from '../ActionButton'
import { compressPhoto, type LocalPhoto } from './compress'
import { pressable } from '../../utils/keyboard'
import './PhotoPicker.css'

/** An uploaded photo: the upload id the form sends and the URL to show it. */
export type PickedPhoto = { id: number; url: string }

type Source = 'album' | 'camera'
type Pending = { key: string; path: string; progress: number; error?: string }

const ASKED = { what: '相机或相册', setting: '相册、摄像头', action: '添加照片' }
let serial = 0

/**
 * Photos of a report or of a handler's answer: take with the camera or choose from the album
 * (`Taro.chooseMedia`), shrunk to ≤ 1600 px in H5 before sending, uploaded one by one with
 * each photo's progress; tap to enlarge, 删除 to remove. A refused camera/album permission is
 * explained (utils/permissions). `onBusyChange` tells the form while uploads are running.
 */
export default function PhotoPicker({ photos, onChange, max = 9, sources = ['album', 'camera'], onBusyChange, id = 'photo-picker' }: {
  photos: PickedPhoto[]
  onChange: (photos: PickedPhoto[]) => void
  max?: number
  sources?: Source[]
  onBusyChange?: (busy: boolean) => void
  id?: string
}) {
  const [pending, setPending] = useState<Pending[]>([])
  const latest = useRef(photos)
  latest.current = photos
  const room = max - photos.length - pending.filter((p) => !p.error).length
  const busy = pending.some((p) => !p.error)

  useEffect(() => {
    onBusyChange?.(busy)
  }, [busy])

  const patch = (key: string, change: Partial<Pending> | null) =>
    setPending((all) => (change ? all.map((x) => (x.key === key ? { ...x, ...change } : x)) : all.filter((x) => x.key !== key)))

  const upload = async (p: Pending, photo: LocalPhoto) => {
    try {
      const ready = process.env.TARO_ENV === 'h5' ? await compressPhoto(photo) : photo
      const problem = uploadRejection(ready)
      if (problem) return patch(p.key, { error: problem })
      const done = await uploadImage(ready.path, (progress) => patch(p.key, { progress }))
      patch(p.key, null)
      // The next upload may finish before the parent re-renders: keep the list current here.
      latest.current = [...latest.current, { id: done.id, url: done.url }]
      onChange(latest.current)
    } catch (e) {
      patch(p.key, { error: asApiError(e).message })
    }
  }

  const choose = async () => {
    if (room <= 0) return
    let chosen: Taro.chooseMedia.SuccessCallbackResult
    try {
      chosen = await Taro.chooseMedia({ count: room, mediaType: ['image'], sourceType: sources, sizeType: ['compressed'] })
    } catch (e) {
      // A cancelled pick stays silent; a refused permission or privacy guide is explained.
      const refusal = refusalOf((e as { errMsg?: string } | undefined)?.errMsg)
      if (refusal === 'privacy' || refusal === 'denied') await explainRefusal(refusal, ASKED)
      else if (refusal === 'other') Taro.showToast({ title: '暂时无法选择照片，请重试', icon: 'none' })
      return
    }
    const files = (chosen.tempFiles ?? []).slice(0, room).map((f) => {
      const h5 = f as typeof f & { width?: number; height?: number; originalFileObj?: { type?: string } }
      const type = h5.originalFileObj?.type ?? (f.fileType && f.fileType.includes('/') ? f.fileType : undefined)
      return { path: f.tempFilePath, size: f.size, type, width: h5.width, height: h5.height } satisfies LocalPhoto
    })
    const fresh = files.map((f) => ({ key: `photo-${++serial}`, path: f.path, progress: 0 }))
    setPending((all) => [...all, ...fresh])
    for (const [i, p] of fresh.entries()) await upload(p, files[i])
  }

  const preview = (url: string) => Taro.previewImage({ urls: photos.map((p) => fileUrl(p.url)), current: fileUrl(url) })

  return (
    <View id={id} className='photo-picker'>
      <View className='image-grid'>
        {photos.map((p, i) => (
          <View key={p.id} className='image-grid__cell uploaded-photo' id={`photo-${p.id}`}>
            <Image className='image-grid__item' src={fileUrl(p.url)} mode='aspectFill' onClick={() => void preview(p.url)} />
            <View className='image-grid__remove' role='button' aria-label={`删除第${i + 1}张照片`} {...pressable(() => onChange(photos.filter((x) => x.id !== p.id)))}>
              删除
            </View>
          </View>
        ))}
        {pending.map((p) => (
          <View key={p.key} className='image-grid__cell image-grid__cell--pending pending-photo'>
            <Image className='image-grid__item image-grid__item--dim' src={p.path} mode='aspectFill' />
            {p.error ? (
              <View className='image-grid__error' role='alert' onClick={() => patch(p.key, null)}>
                {p.error}（点此移除）
              </View>
            ) : (
              <View className='image-grid__progress' aria-live='polite'>
                <View className='photo-picker__bar'>
                  <View className='photo-picker__fill' style={{ width: `${p.progress}%` }} />
                </View>
                <View className='item__meta'>上传中 {p.progress}%</View>
              </View>
            )}
          </View>
        ))}
      </View>
      {room > 0 ? (
        <ActionButton kind='secondary' className='photo-picker__add' id={`${id}-add`} onClick={() => void choose()}>
          {sources.length === 1 && sources[0] === 'camera' ? '拍照' : '拍照或从相册选择'}（还可加 {room} 张）
        </ActionButton>
      ) : (
        <View className='field__hint'>已达到{max}张上限</View>
      )}
    </View>
  )
}
