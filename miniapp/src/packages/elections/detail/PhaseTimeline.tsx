import { View } from '@tarojs/components'
import type { ElectionDetailDto } from '../../../services/elections'
import { formatDateTime } from '../../../utils/time'

type PhaseTime = ElectionDetailDto['phases'][number]

/** When a phase ran (opened/closed) or is planned (starts/ends), in plain words. */
function when(p: PhaseTime): string {
  const from = p.openedAt ?? p.startsAt
  const to = p.closedAt ?? p.endsAt
  if (!from && !to) return '时间待定'
  if (p.closedAt) return `${formatDateTime(from)} 至 ${formatDateTime(to)}（已结束）`
  if (p.openedAt) return `${formatDateTime(from)} 开始${to ? `，${formatDateTime(to)} 结束` : ''}`
  return `计划 ${formatDateTime(from)}${to ? ` 至 ${formatDateTime(to)}` : ''}`
}

/** The election's phases in the lawful order, the current one highlighted. */
export default function PhaseTimeline({ phases }: { phases: PhaseTime[] }) {
  return (
    <View className='card' id='phase-timeline' role='list'>
      <View className='card__title'>选举进程</View>
      {phases.map((p) => (
        <View
          key={p.phase}
          id={`phase-${p.phase}`}
          role='listitem'
          aria-current={p.current ? 'step' : undefined}
          className={`phase${p.current ? ' phase--current' : ''}${p.closedAt ? ' phase--done' : ''}`}
        >
          <View className='phase__dot' />
          <View>
            <View className='phase__label'>{p.current ? `${p.label}（进行中）` : p.label}</View>
            <View className='item__meta'>{when(p)}</View>
          </View>
        </View>
      ))}
    </View>
  )
}
