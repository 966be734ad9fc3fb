import { Image, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import InfoRow from '../../../components/InfoRow'
import PageShell from '../../../components/PageShell'
import ReportTimeline from '../../../components/ReportTimeline'
import Skeleton from '../../../components/Skeleton'
import { Empty, ErrorState } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { getReport, type ReportDetailDto } from '../../../services/reports'
import { fileUrl } from '../../../services/request'
import { formatDateTime } from '../../../utils/time'
import { StatusTag } from '../ReportItem'
import '../reports.css'
import ResidentActions from './ResidentActions'

/**
 * 诉求详情: status, place, description and photos (tap to enlarge), the whole timeline, and the
 * actions the API's `policies` allow the caller (rate, reopen, supplement, close, 附议).
 */
export default function ReportDetailPage() {
  const id = Number(useRouter().params.id)
  const valid = Number.isInteger(id) && id > 0
  const report = useResource(() => getReport(id), { immediate: valid })
  // The answer of an action replaces the loaded report until the next reload.
  const [changed, setChanged] = useState<ReportDetailDto>()
  const reload = async () => {
    setChanged(undefined)
    await report.reload()
  }
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()))

  const shown = changed ?? report.data
  return (
    <PageShell>
      {!valid ? <Empty title='找不到这条诉求' hint='链接不完整，请从「我的诉求」打开。' /> : null}
      {valid && report.loading && !shown ? <Skeleton kind='detail' /> : null}
      {report.error && !shown ? <ErrorState error={report.error} onRetry={reload} /> : null}
      {shown ? <Detail report={shown} onChanged={setChanged} /> : null}
    </PageShell>
  )
}

function Detail({ report, onChanged }: { report: ReportDetailDto; onChanged: (r: ReportDetailDto) => void }) {
  const urls = report.photos.map((p) => fileUrl(p.url))
  const finished = report.resolvedAt ?? report.closedAt
  return (
    <View id='report-detail'>
      <View className='card'>
        <View className='item__head'>
          <View className='card__title'>{report.category.name}</View>
          <StatusTag status={report.status} label={report.statusLabel} />
        </View>
        {report.isOverdue ? <View className='banner banner--error' id='report-overdue'>{`已超过办理时限${report.escalationLevel > 0 ? `，已升级由${report.escalationLabel}督办` : ''}`}</View> : null}
        <InfoRow label='位置'>{report.location.address || report.place}</InfoRow>
        <InfoRow label='上报时间'>{formatDateTime(report.createdAt)}</InfoRow>
        {report.dueAt && !finished ? <InfoRow label='办理时限'>{formatDateTime(report.dueAt)} 前</InfoRow> : null}
        {finished ? <InfoRow label={report.resolvedAt ? '办结时间' : '关闭时间'}>{formatDateTime(finished)}</InfoRow> : null}
        {report.assignee ? <InfoRow label='办理人'>{report.assignee.name}</InfoRow> : null}
        {report.department ? <InfoRow label='办理部门'>{report.department.name}</InfoRow> : null}
        {report.supporterCount > 0 ? <InfoRow label='附议'>{report.supporterCount}人{report.isSupporter ? '（含我）' : ''}</InfoRow> : null}
        {report.satisfied !== null ? (
          <InfoRow label='评价' id='report-rating'>{`${report.satisfied ? '满意' : '不满意'}${report.ratingComment ? `：${report.ratingComment}` : ''}`}</InfoRow>
        ) : null}
        {report.description ? <View className='report-description' id='report-description'>{report.description}</View> : null}
        {report.visibility === 'public' ? <View className='muted' id='report-public-note'>为保护上报人隐私，这里只显示公开信息。</View> : null}
        {report.photos.length > 0 ? (
          <View className='report-photos' id='report-photos'>
            {report.photos.map((p, i) => (
              <Image
                key={p.id}
                className='report-photo'
                src={urls[i]}
                mode='aspectFill'
                onClick={() => void Taro.previewImage({ urls, current: urls[i] })}
              />
            ))}
          </View>
        ) : null}
      </View>

      <ResidentActions report={report} onChanged={onChanged} />

      <View className='card'>
        <View className='card__title'>办理进度</View>
        <ReportTimeline events={report.timeline} />
      </View>
    </View>
  )
}
