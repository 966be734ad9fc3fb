import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import ActionButton from '../../../components/ActionButton'
import NoAccess, { isNoAccess } from '../../../components/NoAccess'
import PageShell from '../../../components/PageShell'
import Skeleton from '../../../components/Skeleton'
import { ErrorState } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { useSharePage } from '../../../hooks/useSharePage'
import { getTopic } from '../../../services/consultations'
import { CONSULTATION_ADMIN_PAGE, CONSULTATION_DETAIL_PAGE, withQuery } from '../../../utils/routes'
import Discussion from './Discussion'
import OutcomeCard from './OutcomeCard'
import SupportCard from './SupportCard'
import TopicHead from './TopicHead'
import VoteCard from './VoteCard'
import '../consultations.css'

/** States with a vote to show (method vote), and those with a decision and its follow-up. */
const VOTED = ['voting', 'decided', 'in_progress', 'completed']
const SETTLED = ['decided', 'in_progress', 'completed']

/**
 * 议题详情 (`?id=`): the topic, the support it gathers (a proposal), the vote (method vote), the
 * decision with its actions and ratings, and the discussion. It can be sent to a friend (not to
 * 朋友圈: a topic is for its community); a reader outside its audience sees 无权查看.
 */
export default function TopicDetailPage() {
  const id = Number(useRouter().params.id)
  const topic = useResource(() => getTopic(id))
  usePullDownRefresh(() => void topic.reload().finally(() => Taro.stopPullDownRefresh()))
  useSharePage({ page: CONSULTATION_DETAIL_PAGE, query: { id }, title: topic.data ? `议事：${topic.data.title}` : undefined })
  const t = topic.data

  if (!t) {
    return (
      <PageShell>
        {isNoAccess(topic.error) ? <NoAccess error={topic.error} what='议题' onRetry={topic.reload} /> : null}
        {topic.error && !isNoAccess(topic.error) ? <ErrorState error={topic.error} onRetry={topic.reload} /> : null}
        {topic.error ? null : <Skeleton kind='detail' />}
      </PageShell>
    )
  }
  return (
    <PageShell>
      <TopicHead topic={t} />
      {t.allowedActions.moderate || t.allowedActions.transition ? (
        <ActionButton block kind='secondary' id='topic-manage' onClick={() => void Taro.navigateTo({ url: withQuery(CONSULTATION_ADMIN_PAGE, { id: t.id }) })}>
          在工作台管理这个议题
        </ActionButton>
      ) : null}
      {t.state === 'gathering' ? <SupportCard topic={t} onSupported={() => void topic.reload()} /> : null}
      {t.decisionMethod === 'vote' && VOTED.includes(t.state) ? <VoteCard key={`vote-${t.state}`} topicId={t.id} communityId={t.communityId} /> : null}
      {SETTLED.includes(t.state) ? <OutcomeCard key={`outcome-${t.state}`} topicId={t.id} /> : null}
      {t.state !== 'proposed' && t.state !== 'gathering' ? <Discussion topic={t} onPosted={() => void topic.reload()} /> : null}
    </PageShell>
  )
}
