import { View } from '@tarojs/components'
import type { ReportSummaryDto } from '../../../services/reports'
import { formatShortTime } from '../../../utils/time'
import { deadlineOf } from './deadline'
import { pressable } from '../../../utils/keyboard'

/**
 * One row of 诉求工单: category and state, the excerpt, the place and who holds it, and the
 * deadline line — red with 「已超期」 when late, amber in its last 30 minutes.
 */
export default function InboxItem({ report, now, onOpen }: { report: ReportSummaryDto; now: Date; onOpen: (id: number) => void }) {
  const deadline = deadlineOf(report, now)
  const holder = report.department?.name ?? report.assignee?.name
  return (
    <View
      id={`inbox-item-${report.id}`}
      className={`item inbox-item${deadline?.tone === 'overdue' ? ' inbox-item--overdue' : ''}`}
      role='link'
      {...pressable(() => onOpen(report.id), 'link')}
    >
      <View className='item__head'>
        <View className='item__title'>{report.category.name}</View>
        <View className={`tag tag--report-${report.status}`}>{report.statusLabel}</View>
      </View>
      <View className='inbox-item__excerpt'>{report.excerpt}</View>
      <View className='item__meta'>
        {report.place} · {report.grid.name}
        {holder ? ` · ${holder}` : ''}
      </View>
      <View className='inbox-item__foot'>
        {deadline ? (
          <View className={`deadline deadline--${deadline.tone}`} id={`inbox-deadline-${report.id}`}>
            {deadline.text}
          </View>
        ) : (
          <View className='item__meta'>{formatShortTime(report.createdAt, now)}</View>
        )}
        {report.escalationLevel > 0 ? <View className='tag tag--escalated'>{report.escalationLabel}督办</View> : null}
      </View>
    </View>
  )
}
