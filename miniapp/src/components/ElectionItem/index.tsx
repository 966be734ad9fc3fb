import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { ElectionDto } from '../../services/elections'
import { withQuery } from '../../utils/routes'
import { pressable } from '../../utils/keyboard'

/**
 * One election in a list (the 议事 tab, 选举列表, the workbench's 选举管理): title, phase (the API's
 * label) and election day; a tap opens `page?id=`. `className` adds the list's own look (e.g. `card`).
 */
export default function ElectionItem({ election: e, page, className = '' }: { election: ElectionDto; page: string; className?: string }) {
  return (
    <View className={`item ${className}`.trim()} id={`election-${e.id}`} role='link' {...pressable(() => void Taro.navigateTo({ url: withQuery(page, { id: e.id }) }), 'link')}>
      <View className='item__head'>
        <View className='item__title'>{e.title}</View>
        <View className={`tag tag--pending election-phase election-phase--${e.phase}`}>{e.phaseLabel}</View>
      </View>
      <View className='item__meta'>选举日 {e.electionDay}</View>
    </View>
  )
}
