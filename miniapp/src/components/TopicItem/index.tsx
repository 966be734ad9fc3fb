import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import type { TopicDto } from '../../services/consultations'
import { formatDateTime } from '../../utils/time'
import { withQuery } from '../../utils/routes'
import { pressable } from '../../utils/keyboard'

/** The tag look of a state: open ones pending, settled ones approved, ended ones withdrawn. */
const TAG: Record<TopicDto['state'], string> = {
  proposed: 'pending', gathering: 'pending', discussion: 'pending', voting: 'pending',
  decided: 'approved', in_progress: 'approved', completed: 'approved', closed: 'withdrawn', expired: 'withdrawn',
}

/** What a topic is waiting for, in one line (support toward the threshold, or the discussion's end). */
export function topicProgress(t: TopicDto): string {
  if (t.state === 'gathering' && t.supportThreshold) return `已有 ${t.supportCount} 人支持，需 ${t.supportThreshold} 人`
  if (t.state === 'discussion' && t.discussionEndsAt) return `讨论截止 ${formatDateTime(t.discussionEndsAt)}`
  return `${t.sourceLabel} · ${t.decisionMethodLabel}`
}

/**
 * One topic in a list (the 议事 tab, 全部议题, the workbench's 议题管理): title, state (the API's
 * label) and what it waits for; a tap opens `page?id=`.
 */
export default function TopicItem({ topic: t, page }: { topic: TopicDto; page: string }) {
  return (
    <View className='item' id={`topic-${t.id}`} role='link' {...pressable(() => void Taro.navigateTo({ url: withQuery(page, { id: t.id }) }), 'link')}>
      <View className='item__head'>
        <View className='item__title'>{t.title}</View>
        <View className={`tag tag--${TAG[t.state]}`}>{t.stateLabel}</View>
      </View>
      <View className='item__meta'>{topicProgress(t)}</View>
    </View>
  )
}
