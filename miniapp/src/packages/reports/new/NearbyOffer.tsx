import { View } from '@tarojs/components'
import ActionButton from '../../../components/ActionButton'
import type { ReportPublicDto } from '../../../services/reports'
import { formatShortTime } from '../../../utils/time'
import { StatusTag } from '../ReportItem'

/**
 * Shown before a new report when open reports of the same category are near the chosen place:
 * 附议 one of them (the handler then sees one report with more supporters), or file anyway.
 */
export default function NearbyOffer({ reports, busyId, onSecond, onSubmitAnyway, submitting }: {
  reports: ReportPublicDto[]
  busyId?: number
  onSecond: (id: number) => void
  onSubmitAnyway: () => void
  submitting: boolean
}) {
  return (
    <View className='card report-nearby' id='nearby-offer' role='region' aria-label='附近的相同问题'>
      <View className='card__title'>附近已有相同的问题</View>
      <View className='muted'>如果是同一个问题，点「附议」即可：您会和上报人一起收到办理进度，网格员也能看到有多少居民关心它。</View>
      {reports.map((r) => (
        <View key={r.id} className='report-nearby__item' id={`nearby-${r.id}`}>
          <View className='item__head'>
            <View className='item__title'>{r.category.name}</View>
            <StatusTag status={r.status} label={r.statusLabel} />
          </View>
          <View className='item__meta'>{r.place} · {formatShortTime(r.createdAt)} 上报 · {r.supporterCount}人附议</View>
          <ActionButton kind='secondary' block id={`second-${r.id}`} disabled={busyId !== undefined || submitting} onClick={() => onSecond(r.id)}>
            {busyId === r.id ? '附议中…' : '附议这个问题'}
          </ActionButton>
        </View>
      ))}
      <ActionButton block className='report-action' id='submit-anyway' disabled={submitting || busyId !== undefined} onClick={onSubmitAnyway}>
        {submitting ? '提交中…' : '不是同一个问题，继续提交'}
      </ActionButton>
    </View>
  )
}
