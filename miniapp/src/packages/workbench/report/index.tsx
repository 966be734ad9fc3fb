import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import PageShell from '../../../components/PageShell'
import ReportTimeline from '../../../components/ReportTimeline'
import Skeleton from '../../../components/Skeleton'
import { ErrorState } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { getReport, type ReportDetailDto } from '../../../services/reports'
import ActionPanel from './ActionPanel'
import ReportCard from './ReportCard'
import '../workbench.css'

/**
 * 诉求办理 (`?id=`): the report as its handler sees it, the buttons its `policies` allow, and the
 * timeline. An action's answer (the updated report) replaces what is shown at once.
 */
export default function ReportHandlePage() {
  const { params } = useRouter()
  const id = Number(params.id)
  const loaded = useResource(() => getReport(id), { immediate: id > 0 })
  const [updated, setUpdated] = useState<ReportDetailDto>()
  const reload = async () => {
    await loaded.reload()
    setUpdated(undefined)
  }
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()))

  const report = updated ?? loaded.data
  if (!(id > 0)) {
    return (
      <PageShell>
        <View className='banner banner--error' role='alert'>链接中缺少诉求编号，请从诉求工单打开。</View>
      </PageShell>
    )
  }
  return (
    <PageShell>
      {!report && loaded.error ? <ErrorState error={loaded.error} onRetry={() => void reload()} /> : null}
      {!report && !loaded.error ? <Skeleton kind='detail' /> : null}
      {report ? (
        <View id='report-handle'>
          <ReportCard report={report} now={new Date()} />
          <ActionPanel report={report} onChanged={setUpdated} onStale={() => void reload()} />
          <View className='card'>
            <View className='card__title'>办理记录</View>
            <ReportTimeline events={report.timeline} />
          </View>
        </View>
      ) : null}
    </PageShell>
  )
}
