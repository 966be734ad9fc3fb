import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ApiError } from '../../services/request'

/**
 * The banner above a versioned workbench form when the API refused it: on a version conflict it
 * names what was changed (`subject`, e.g. 这项服务) and offers 重新加载 after a confirmation (the
 * edits on the page are lost); any other refusal shows its message. Ids: `<idPrefix>-conflict`,
 * `<idPrefix>-reload`, `<idPrefix>-error`.
 */
export default function FormFailure({ failure, idPrefix, subject, onReload }: {
  failure: ApiError | undefined
  idPrefix: string
  subject: string
  onReload: () => Promise<void>
}) {
  if (!failure) return null
  if (failure.code !== 'VERSION_CONFLICT') {
    return <View className='banner banner--error' role='alert' id={`${idPrefix}-error`}>{failure.message}</View>
  }
  const reload = async () => {
    const { confirm } = await Taro.showModal({ title: '重新加载', content: '将载入他人保存的最新内容，您在本页的修改会丢失。', confirmText: '重新加载', cancelText: '取消' })
    if (confirm) await onReload()
  }
  return (
    <View className='banner banner--error' role='alert' id={`${idPrefix}-conflict`}>
      <View>{subject}已被他人修改。为避免覆盖他人的修改，请重新加载后再编辑。</View>
      <View className='link' id={`${idPrefix}-reload`} onClick={() => void reload()}>重新加载</View>
    </View>
  )
}
