import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useRef } from 'react'
import ActionButton from '../../components/ActionButton'
import ElectionItem from '../../components/ElectionItem'
import TopicItem from '../../components/TopicItem'
import PageShell from '../../components/PageShell'
import Skeleton from '../../components/Skeleton'
import { Empty, ErrorState } from '../../components/StateView'
import { useResource } from '../../hooks/useResource'
import { useSession } from '../../hooks/useSession'
import { listTopics } from '../../services/consultations'
import { listElections } from '../../services/elections'
import {
  CONSULTATION_DETAIL_PAGE, CONSULTATION_LIST_PAGE, CONSULTATION_PROPOSE_PAGE, ELECTION_DETAIL_PAGE, ELECTION_LIST_PAGE, LOGIN_PAGE,
} from '../../utils/routes'
import { pressable } from '../../utils/keyboard'

const RECENT = 5

/**
 * 议事: 社区选举 — the current and recent elections of my communities, newest first, each opening
 * its page, and 全部选举; 协商议事 — the recent topics with their state, 全部议题 and 我要提议.
 */
export default function ConsultationPage() {
  const session = useSession()
  return (
    <PageShell>
      <View className='hero'>
        <View className='hero__title'>议事</View>
      </View>
      {session ? <Elections key={session.user.id} /> : <LoginCard />}
      {session ? <Topics key={`topics-${session.user.id}`} /> : null}
    </PageShell>
  )
}

function LoginCard() {
  return (
    <View className='card' id='elections-login'>
      <View className='card__title'>社区选举</View>
      <View className='muted'>登录后可以查看本社区的换届选举：选民名单、候选人，并在网上投票。</View>
      <View className='actions'>
        <ActionButton grow id='elections-login-button' onClick={() => Taro.navigateTo({ url: LOGIN_PAGE })}>
          登录
        </ActionButton>
      </View>
    </View>
  )
}

function Elections() {
  const elections = useResource(() => listElections({ limit: RECENT }))
  // Back from an election's page: its phase may have moved on.
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void elections.reload()
    shown.current = true
  })
  const items = elections.data?.items ?? []

  return (
    <View className='card' id='elections-section'>
      <View className='section-head'>
        <View className='card__title'>社区选举</View>
        <View className='section-head__more link' role='link' id='all-elections' {...pressable(() => Taro.navigateTo({ url: ELECTION_LIST_PAGE }), 'link')}>
          全部选举
        </View>
      </View>
      {elections.loading && !elections.data ? <Skeleton rows={2} /> : null}
      {elections.error && !elections.data ? <ErrorState error={elections.error} onRetry={elections.reload} /> : null}
      {elections.data && items.length === 0 ? <Empty title='暂无社区选举' hint='社区发布换届选举后，选民登记、候选人和投票都在这里。' /> : null}
      {items.map((e) => (
        <ElectionItem key={e.id} election={e} page={ELECTION_DETAIL_PAGE} />
      ))}
    </View>
  )
}

function Topics() {
  const topics = useResource(() => listTopics({ limit: RECENT }))
  // Back from a topic or a proposal: states and support may have changed.
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void topics.reload()
    shown.current = true
  })
  const items = topics.data?.items ?? []

  return (
    <View className='card' id='topics-section'>
      <View className='section-head'>
        <View className='card__title'>协商议事</View>
        <View className='section-head__more link' role='link' id='all-topics' {...pressable(() => Taro.navigateTo({ url: CONSULTATION_LIST_PAGE }), 'link')}>
          全部议题
        </View>
      </View>
      {topics.loading && !topics.data ? <Skeleton rows={2} /> : null}
      {topics.error && !topics.data ? <ErrorState error={topics.error} onRetry={topics.reload} /> : null}
      {topics.data && items.length === 0 ? <Empty title='暂无议题' hint='居委会开放讨论的议题和居民的提议都在这里。您也可以提出自己的议题。' /> : null}
      {items.map((t) => (
        <TopicItem key={t.id} topic={t} page={CONSULTATION_DETAIL_PAGE} />
      ))}
      <View className='actions'>
        <ActionButton grow kind='secondary' id='propose-topic' onClick={() => Taro.navigateTo({ url: CONSULTATION_PROPOSE_PAGE })}>
          我要提议
        </ActionButton>
      </View>
    </View>
  )
}
