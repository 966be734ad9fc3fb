import { Image, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import InfoRow from '../../../components/InfoRow'
import type { ReportDetailDto } from '../../../services/reports'
import { fileUrl } from '../../../services/request'
import { formatDateTime } from '../../../utils/time'
import { deadlineOf } from '../inbox/deadline'

/**
 * What the handler needs to act on a report: state and deadline (red when overdue), the
 * resident's words and photos, the place, who filed it (masked), who holds it and the deadlines.
 */
export default function ReportCard({ report, now }: { report: ReportDetailDto; now: Date }) {
  const deadline = deadlineOf(report, now)
  const urls = report.photos.map((p) => fileUrl(p.url))
  return (
    <View className={`card report-card${deadline?.tone === 'overdue' ? ' report-card--overdue' : ''}`} id='report-card'>
      <View className='item__head'>
        <View className='card__title'>{report.category.name}</View>
        <View className={`tag tag--report-${report.status}`} id='report-status'>{report.statusLabel}</View>
      </View>
      {deadline || report.escalationLevel > 0 ? (
        <View className='inbox-item__foot'>
          {deadline ? <View className={`deadline deadline--${deadline.tone}`} id='report-deadline'>{deadline.text}</View> : null}
          {report.escalationLevel > 0 ? <View className='tag tag--escalated'>{report.escalationLabel}督办</View> : null}
        </View>
      ) : null}
      {report.description ? <View className='report-card__text' id='report-description'>{report.description}</View> : null}
      {urls.length ? (
        <View className='timeline__photos report-card__photos'>
          {urls.map((u, i) => (
            <Image key={report.photos[i].id} className='timeline__photo' src={u} mode='aspectFill' onClick={() => void Taro.previewImage({ urls, current: u })} />
          ))}
        </View>
      ) : null}
      <InfoRow label='位置'>{report.location.address}</InfoRow>
      {report.reporter ? (
        <InfoRow label='反映人' id='report-reporter'>
          {report.reporter.phoneMasked ? `${report.reporter.name} ${report.reporter.phoneMasked}` : report.reporter.name}
        </InfoRow>
      ) : null}
      <InfoRow label='网格'>{report.grid.name}</InfoRow>
      {report.department ? <InfoRow label='承办部门'>{report.department.name}</InfoRow> : null}
      <InfoRow label='承办人' id='report-assignee'>{report.assignee?.name ?? '待分派'}</InfoRow>
      <InfoRow label='提交时间'>{formatDateTime(report.createdAt)}</InfoRow>
      {report.status === 'submitted' ? <InfoRow label='受理时限'>{formatDateTime(report.acceptDueAt)}</InfoRow> : null}
      {report.status === 'submitted' || report.status === 'accepted' ? <InfoRow label='办结时限'>{formatDateTime(report.resolveDueAt)}</InfoRow> : null}
      {report.pausedAt ? <InfoRow label='等待补充'>{`自 ${formatDateTime(report.pausedAt)} 起计时暂停`}</InfoRow> : null}
      {report.supporterCount > 0 ? <InfoRow label='附议'>{`${report.supporterCount} 人`}</InfoRow> : null}
      {report.satisfied !== null ? (
        <InfoRow label='居民评价' id='report-rating'>
          {`${report.satisfied ? '满意' : '不满意'}${report.ratingComment ? `：${report.ratingComment}` : ''}`}
        </InfoRow>
      ) : null}
    </View>
  )
}
