import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../../components/ActionButton'
import InfoRow from '../../../../components/InfoRow'
import PageShell from '../../../../components/PageShell'
import { ErrorState, Loading } from '../../../../components/StateView'
import { asApiError, useResource } from '../../../../hooks/useResource'
import { fetchOpinionsCsv, getTopic, type TopicDetailDto } from '../../../../services/consultations'
import { formatDateTime } from '../../../../utils/time'
import Moderation from './Moderation'
import OutcomeAdmin from './OutcomeAdmin'
import StateActions from './StateActions'
import VoteAdmin from './VoteAdmin'
import '../../workbench.css'
import '../consultations.css'

/** Where the vote is set up, watched and closed; where the decision and its actions are managed. */
const VOTE_STATES = ['discussion', 'voting', 'decided', 'in_progress', 'completed']
const OUTCOME_STATES = ['discussion', 'voting', 'decided', 'in_progress', 'completed']

/** 管理议题 (`?id=`): the topic at a glance, moving it on, the vote, the decision and its actions, the opinions to moderate and answer, and the CSV for meetings. */
export default function ConsultationAdminPage() {
  const id = Number(useRouter().params.id)
  const topic = useResource(() => getTopic(id))
  const [changed, setChanged] = useState<TopicDetailDto>()
  // Ending the vote early keeps the topic 表决中 but lets staff decide: the outcome card reloads.
  const [voteEnded, setVoteEnded] = useState(0)
  usePullDownRefresh(() => void topic.reload().then(() => setChanged(undefined)).finally(() => Taro.stopPullDownRefresh()))
  const t = changed ?? topic.data

  if (!t) return <PageShell>{topic.error ? <ErrorState error={topic.error} onRetry={topic.reload} /> : <Loading />}</PageShell>
  return (
    <PageShell>
      <View className='card' id='wb-topic-head'>
        <View className='item__head'>
          <View className='card__title'>{t.title}</View>
          <View className='tag tag--pending' id='wb-topic-state'>{t.stateLabel}</View>
        </View>
        <InfoRow label='来源'>{t.sourceLabel}（{t.author}）</InfoRow>
        <InfoRow label='决策方式'>{t.decisionMethodLabel}</InfoRow>
        <InfoRow label='参与范围'>{t.audienceLabel}</InfoRow>
        {t.state === 'gathering' ? <InfoRow label='支持人数'>{t.supportCount}{t.supportThreshold ? ` / ${t.supportThreshold}` : ''}</InfoRow> : null}
        {t.discussionEndsAt ? <InfoRow label='讨论截止'>{formatDateTime(t.discussionEndsAt)}</InfoRow> : null}
        {t.closedReason ? <InfoRow label='关闭原因'>{t.closedReason}</InfoRow> : null}
        <View className='wb-topic-background'>{t.background}</View>
      </View>
      <StateActions topic={t} onChanged={setChanged} />
      {t.decisionMethod === 'vote' && VOTE_STATES.includes(t.state) ? <VoteAdmin key={`vote-${t.state}`} topic={t} onClosed={() => setVoteEnded((n) => n + 1)} /> : null}
      {t.decisionMethod !== 'none' && OUTCOME_STATES.includes(t.state) ? (
        <OutcomeAdmin key={`outcome-${t.state}-${voteEnded}`} topic={t} onStateChanged={() => void topic.reload().then(() => setChanged(undefined))} />
      ) : null}
      {t.allowedActions.exportOpinions ? <ExportCard topicId={t.id} /> : null}
      {t.state !== 'proposed' && t.state !== 'gathering' ? <Moderation topic={t} /> : null}
    </PageShell>
  )
}

/** 导出意见: in the H5 portal a CSV download for the meeting; WeChat has no downloads, so it points to the PC portal. */
function ExportCard({ topicId }: { topicId: number }) {
  const [busy, setBusy] = useState(false)
  const h5 = process.env.TARO_ENV === 'h5'
  const download = async () => {
    setBusy(true)
    try {
      const csv = await fetchOpinionsCsv(topicId)
      const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }))
      const link = document.createElement('a')
      link.href = url
      link.download = `议题${topicId}-居民意见.csv`
      document.body.appendChild(link)
      link.click()
      link.remove()
      setTimeout(() => URL.revokeObjectURL(url), 10_000)
    } catch (e) {
      void Taro.showToast({ title: asApiError(e).message, icon: 'none' })
    } finally {
      setBusy(false)
    }
  }
  return (
    <View className='card' id='wb-export'>
      <View className='card__title'>导出意见</View>
      {h5 ? (
        <ActionButton block kind='secondary' id='wb-export-csv' disabled={busy} onClick={() => void download()}>{busy ? '导出中…' : '下载全部意见（CSV，可用 Excel 打开）'}</ActionButton>
      ) : (
        <View className='muted' id='wb-export-pc'>请在电脑上打开邻里通管理后台（网页版），在本议题页下载全部意见，供会议使用。</View>
      )}
    </View>
  )
}
