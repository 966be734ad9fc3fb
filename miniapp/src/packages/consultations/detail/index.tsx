import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import PageShell from '../../../components/PageShell'
import { ErrorState, Loading } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { getTopic } from '../../../services/consultations'
import Discussion from './Discussion'
import SupportCard from './SupportCard'
import TopicHead from './TopicHead'
import '../consultations.css'

/** States after the discussion, where the vote, the outcome and its follow-up belong. */
const DECIDING = ['voting', 'decided', 'in_progress', 'completed']

/**
 * 议题详情 (`?id=`): the topic, the support it gathers (a proposal), the discussion, and — once the
 * API for it is there — the vote, the outcome and its follow-up.
 */
export default function TopicDetailPage() {
  const id = Number(useRouter().params.id)
  const topic = useResource(() => getTopic(id))
  usePullDownRefresh(() => void topic.reload().finally(() => Taro.stopPullDownRefresh()))
  const t = topic.data

  if (!t) {
    return (
      <PageShell>
        {topic.error ? <ErrorState error={topic.error} onRetry={topic.reload} /> : <Loading />}
      </PageShell>
    )
  }
  return (
    <PageShell>
      <TopicHead topic={t} />
      {t.state === 'gathering' ? <SupportCard topic={t} onSupported={() => void topic.reload()} /> : null}
      {DECIDING.includes(t.state) && t.decisionMethod === 'vote' ? (
        <View className='card' id='vote-soon'>
          <View className='card__title'>居民表决</View>
          <View className='muted'>表决功能即将开放，届时可以在这里投票、查看表决结果和落实进展。</View>
        </View>
      ) : null}
      {t.state !== 'proposed' && t.state !== 'gathering' ? <Discussion topic={t} onPosted={() => void topic.reload()} /> : null}
    </PageShell>
  )
}
