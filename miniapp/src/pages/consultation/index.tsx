import { View } from '@tarojs/components'
import Taro, { useDidShow } from '@tarojs/taro'
import { useRef } from 'react'
import ActionButton from '../../components/ActionButton'
import ElectionItem from '../../components/ElectionItem'
import PageShell from '../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../components/StateView'
import { useResource } from '../../hooks/useResource'
import { useSession } from '../../hooks/useSession'
import { listElections } from '../../services/elections'
import { ELECTION_DETAIL_PAGE, ELECTION_LIST_PAGE, LOGIN_PAGE } from '../../utils/routes'

const RECENT = 5

/**
 * 议事: 社区选举 — the current and recent elections of my communities, newest first, each opening
 * its page, and 全部选举. Consultations (协商议事) are not built yet: the card says so.
 */
export default function ConsultationPage() {
  const session = useSession()
  return (
    <PageShell>
      <View className='hero'>
        <View className='hero__title'>议事</View>
      </View>
      {session ? <Elections key={session.user.id} /> : <LoginCard />}
      <View className='card'>
        <Empty title='协商议事尚未开放' hint='社区议题的线上讨论、表决和议定事项跟踪正在建设中。' />
      </View>
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
        <View className='section-head__more link' role='link' id='all-elections' onClick={() => Taro.navigateTo({ url: ELECTION_LIST_PAGE })}>
          全部选举
        </View>
      </View>
      {elections.loading && !elections.data ? <Loading /> : null}
      {elections.error && !elections.data ? <ErrorState error={elections.error} onRetry={elections.reload} /> : null}
      {elections.data && items.length === 0 ? <Empty title='暂无社区选举' hint='社区发布换届选举后，选民登记、候选人和投票都在这里。' /> : null}
      {items.map((e) => (
        <ElectionItem key={e.id} election={e} page={ELECTION_DETAIL_PAGE} />
      ))}
    </View>
  )
}
