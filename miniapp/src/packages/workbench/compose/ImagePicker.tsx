import { Image, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useRef, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import { asApiError } from '../../../hooks/useResource'
import { fileUrl } from '../../../services/request'
import { uploadImage, uploadRejection } from '../../../services/upload'
import { explainRefusal, refusalOf } from '../../../utils/permissions'
import type { FormImage } from './form'

const PICK_PHOTOS = { what: '相册或相机', setting: '相册、摄像头', action: '添加图片' }

type Pending = { key: string; path: string; progress: number; error?: string }

/**
 * Images of a notice: choose (album, or camera in WeChat), upload each with its progress, remove.
 * `images` are the uploaded ones, in order; the form sends their ids.
 */
export default function ImagePicker({ images, max, onChange }: { images: FormImage[]; max: number; onChange: (images: FormImage[]) => void }) {
  const [pending, setPending] = useState<Pending[]>([])
  const latest = useRef(images)
  latest.current = images
  const room = max - images.length - pending.filter((p) => !p.error).length

  const upload = async (p: Pending) => {
    try {
      const done = await uploadImage(p.path, (progress) => setPending((all) => all.map((x) => (x.key === p.key ? { ...x, progress } : x))))
      setPending((all) => all.filter((x) => x.key !== p.key))
      onChange([...latest.current, { id: done.id, url: done.url }])
    } catch (e) {
      setPending((all) => all.map((x) => (x.key === p.key ? { ...x, error: asApiError(e).message } : x)))
    }
  }

  const choose = async () => {
    if (room <= 0) return
    let chosen: Taro.chooseImage.SuccessCallbackResult
    try {
      chosen = await Taro.chooseImage({
        count: room,
        sizeType: ['compressed'],
        sourceType: process.env.TARO_ENV === 'weapp' ? ['album', 'camera'] : ['album'],
      })
    } catch (e) {
      // A cancelled pick stays silent; a refused permission or privacy guide is explained.
      const refusal = refusalOf((e as { errMsg?: string } | undefined)?.errMsg)
      if (refusal === 'privacy' || refusal === 'denied') await explainRefusal(refusal, PICK_PHOTOS)
      else if (refusal === 'other') Taro.showToast({ title: '暂时无法选择图片，请重试', icon: 'none' })
      return
    }
    const files = chosen.tempFiles?.length ? chosen.tempFiles : chosen.tempFilePaths.map((path) => ({ path, size: 0 }))
    const fresh: Pending[] = []
    for (const [i, f] of files.slice(0, room).entries()) {
      const problem = uploadRejection(f as { size?: number; type?: string })
      fresh.push({ key: `${Date.now()}-${i}`, path: f.path, progress: 0, error: problem ?? undefined })
    }
    setPending((all) => [...all, ...fresh])
    for (const p of fresh) if (!p.error) await upload(p)
  }

  const remove = (id: number) => onChange(images.filter((i) => i.id !== id))
  const dismiss = (key: string) => setPending((all) => all.filter((x) => x.key !== key))

  return (
    <View id='image-picker'>
      <View className='image-grid'>
        {images.map((img) => (
          <View key={img.id} className='image-grid__cell uploaded-image' id={`image-${img.id}`}>
            <Image className='image-grid__item' src={fileUrl(img.url)} mode='aspectFill' />
            <View className='image-grid__remove' role='button' aria-label='删除这张图片' onClick={() => remove(img.id)}>
              删除
            </View>
          </View>
        ))}
        {pending.map((p) => (
          <View key={p.key} className='image-grid__cell image-grid__cell--pending'>
            <Image className='image-grid__item image-grid__item--dim' src={p.path} mode='aspectFill' />
            {p.error ? (
              <View className='image-grid__error' role='alert' onClick={() => dismiss(p.key)}>
                {p.error}（点此移除）
              </View>
            ) : (
              <View className='image-grid__progress'>
                <View className='progress'>
                  <View className='progress__bar' style={{ width: `${p.progress}%` }} />
                </View>
                <View className='item__meta'>上传中 {p.progress}%</View>
              </View>
            )}
          </View>
        ))}
      </View>
      {room > 0 ? (
        <ActionButton kind='secondary' id='add-images' onClick={() => void choose()}>
          添加图片（还可加 {room} 张）
        </ActionButton>
      ) : (
        <View className='field__hint'>已达到{max}张上限</View>
      )}
    </View>
  )
}
