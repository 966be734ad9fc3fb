import { Image, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import InfoRow from '../../../components/InfoRow'
import type { TopicDetailDto } from '../../../services/consultations'
import { fileUrl } from '../../../services/request'
import { formatDateTime } from '../../../utils/time'

/** A topic's title, state, background, attachments and the dates of its course so far. */
export default function TopicHead({ topic: t }: { topic: TopicDetailDto }) {
  const urls = t.attachments.map((a) => fileUrl(a.url))
  const steps: { key: string; text: string; at: string | null; current?: boolean }[] = [
    { key: 'created', text: `${t.sourceLabel}（${t.author}）`, at: t.createdAt },
    ...(t.discussionStartsAt ? [{ key: 'discussion', text: '开始讨论', at: t.discussionStartsAt }] : []),
    ...(t.discussionEndsAt ? [{ key: 'ends', text: '讨论截止', at: t.discussionEndsAt }] : []),
    { key: 'now', text: `现在：${t.stateLabel}`, at: t.stateChangedAt, current: true },
  ]
  return (
    <View className='card' id='topic-head'>
      <View className='item__head'>
        <View className='card__title'>{t.title}</View>
        <View className='tag tag--pending' id='topic-state'>{t.stateLabel}</View>
      </View>
      <InfoRow label='决策方式'>{t.decisionMethodLabel}</InfoRow>
      <InfoRow label='参与范围'>{t.audienceLabel}</InfoRow>
      {t.closedReason ? <View className='banner banner--info' id='topic-closed-reason'>关闭原因：{t.closedReason}</View> : null}
      <View className='topic-subtitle'>背景说明</View>
      <View className='topic-background' id='topic-background'>{t.background || '（未填写）'}</View>
      {urls.length ? (
        <View className='topic-attachments' id='topic-attachments'>
          {urls.map((u, i) => (
            <Image key={u} className='topic-attachments__img' src={u} mode='aspectFill' onClick={() => void Taro.previewImage({ urls, current: urls[i] })} />
          ))}
        </View>
      ) : null}
      <View className='topic-subtitle'>进展</View>
      <View className='topic-timeline' id='topic-timeline'>
        {steps.map((s) => (
          <View key={s.key} className={`topic-timeline__step${s.current ? ' topic-timeline__step--current' : ''}`}>
            {s.text}{s.at ? ` · ${formatDateTime(s.at)}` : ''}
          </View>
        ))}
      </View>
    </View>
  )
}
