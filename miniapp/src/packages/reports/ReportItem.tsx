import { View } from '@tarojs/components'
import type { ReportPublicDto, ReportSummaryDto } from '../../services/reports'
import { formatShortTime } from '../../utils/time'
import { pressable } from '../../utils/keyboard'

const DONE = ['resolved', 'closed']
const FAILED = ['unsatisfied', 'closed_unfixed', 'rejected']

/** The status tag: the API's label, coloured by the state (open ones amber, done green, failed red). */
export function StatusTag({ status, label }: { status: string; label: string }) {
  const tone = DONE.includes(status) ? 'ok' : FAILED.includes(status) ? 'danger' : 'warn'
  return <View className={`status-pill status-pill--${tone} report-status`}>{label}</View>
}

/**
 * One report in a list: category, status, what (my own reports) and where, when, supporters;
 * a public summary (社区诉求) has no excerpt. Tapping opens the detail.
 */
export default function ReportItem({ report, onOpen }: { report: ReportSummaryDto | ReportPublicDto; onOpen: (id: number) => void }) {
  const mine = 'excerpt' in report ? report : null
  return (
    <View
      className={`item report-item${mine?.isOverdue ? ' report-item--overdue' : ''}`}
      id={`report-${report.id}`}
      role='link'
      {...pressable(() => onOpen(report.id), 'link')}
    >
      <View className='item__head'>
        <View className='item__title'>{report.category.name}</View>
        <StatusTag status={report.status} label={report.statusLabel} />
      </View>
      {mine ? <View className='report-item__excerpt'>{mine.excerpt}</View> : null}
      <View className='item__meta'>
        {report.place} · {formatShortTime(report.createdAt)}
        {report.supporterCount > 0 ? ` · ${report.supporterCount}人附议` : ''}
        {mine && !mine.isMine ? ' · 我附议的' : ''}
      </View>
    </View>
  )
}
