import Taro from '@tarojs/taro'
import type { MyDataDto } from '../../../services/types'
import { shanghaiParts } from '../../../utils/time'

/** `linlitong-my-data-20261129.json`, dated in Asia/Shanghai. */
export function exportFileName(at: Date = new Date()): string {
  return `linlitong-my-data-${shanghaiParts(at).date.replace(/-/g, '')}.json`
}

/**
 * Hands the resident a copy of everything held about them, as JSON: in the H5 portal a file
 * download (Blob + <a download>), in WeChat (which has no downloads) the clipboard.
 */
export async function exportMyData(data: MyDataDto): Promise<'downloaded' | 'copied'> {
  const json = JSON.stringify(data, null, 2)
  if (process.env.TARO_ENV === 'h5') {
    const url = URL.createObjectURL(new Blob([json], { type: 'application/json;charset=utf-8' }))
    const link = document.createElement('a')
    link.href = url
    link.download = exportFileName()
    document.body.appendChild(link)
    link.click()
    link.remove()
    setTimeout(() => URL.revokeObjectURL(url), 10_000)
    return 'downloaded'
  }
  await Taro.setClipboardData({ data: json })
  return 'copied'
}
