import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import InfoRow from '../../../components/InfoRow'
import PageShell from '../../../components/PageShell'
import Skeleton from '../../../components/Skeleton'
import { Empty, ErrorState } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { getElection, listCandidates, type ElectionDetailDto, type RoundBriefDto } from '../../../services/elections'
import { BALLOT_PAGE, BOARD_PAGE, ELECTION_ROLL_PAGE, RESULTS_PAGE, SCRUTINY_PAGE, withQuery } from '../../../utils/routes'
import '../elections.css'
import { groupTracker } from '../format'
import { savedReceipt } from '../receipt'
import Candidates from './Candidates'
import PhaseTimeline from './PhaseTimeline'
import SignUpForm from './SignUpForm'

const go = (url: string) => void Taro.navigateTo({ url })

/**
 * 选举详情: title, the phase timeline, 选民条件, 选举规则, the contests, whether I am on the roll,
 * the candidates, and the actions the API allows (异议, 报名, 投票, 回执码公示, 结果; 监票 for the
 * election's scrutineers). An archived election shows no actions.
 */
export default function ElectionDetailPage() {
  const id = Number(useRouter().params.id)
  const valid = Number.isInteger(id) && id > 0
  const election = useResource(() => getElection(id), { immediate: valid })
  const candidates = useResource(() => listCandidates(id), { immediate: valid })
  const [signingUp, setSigningUp] = useState(false)
  const reload = () => Promise.all([election.reload(), candidates.reload()]).then(() => undefined)
  // Back from the ballot or the roll page: what changed there (voted, objected) shows.
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current && valid) void reload()
    shown.current = true
  })
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()))

  const e = election.data
  return (
    <PageShell>
      {!valid ? <Empty title='找不到这次选举' hint='链接不完整，请从「议事」里的社区选举打开。' /> : null}
      {valid && election.loading && !e ? <Skeleton kind='detail' /> : null}
      {election.error && !e ? <ErrorState error={election.error} onRetry={reload} /> : null}
      {e ? (
        <View id='election-detail'>
          <Summary e={e} />
          <Actions e={e} signingUp={signingUp} onSignUp={() => setSigningUp(true)} />
          {signingUp && e.allowedActions.signUp && !e.publishedAt ? (
            <SignUpForm election={e} onCancel={() => setSigningUp(false)} onDone={() => { setSigningUp(false); void reload() }} />
          ) : null}
          <PhaseTimeline phases={e.phases} />
          <Rules e={e} />
          <Candidates electionId={e.id} candidates={candidates} archived={!!e.publishedAt} />
        </View>
      ) : null}
    </PageShell>
  )
}

function Summary({ e }: { e: ElectionDetailDto }) {
  return (
    <View className='card' id='election-summary'>
      <View className='item__head'>
        <View className='card__title'>{e.title}</View>
        <View className='tag tag--pending' id='election-phase'>{e.phaseLabel}</View>
      </View>
      <InfoRow label='选举日'>{e.electionDay}</InfoRow>
      {e.description ? <View className='election-text muted'>{e.description}</View> : null}
      {e.publishedAt ? <View className='banner banner--info election-archived' id='election-archived'>本次选举已结束并归档</View> : null}
    </View>
  )
}

function Rules({ e }: { e: ElectionDetailDto }) {
  return (
    <View className='card' id='election-rules'>
      <View className='card__title'>选民条件</View>
      <View className='election-text' id='election-conditions'>{e.conditionsText}</View>
      <View className='card__title'>选举规则</View>
      <View className='election-text' id='election-rules-text'>{e.rulesText}</View>
      <View className='card__title'>选举职位</View>
      {e.contests.map((c) => (
        <InfoRow key={c.id} label={c.name} id={`contest-${c.id}`}>{`应选${c.seats}人`}</InfoRow>
      ))}
    </View>
  )
}

/** What I can do now: only what `allowedActions` allows; reading the board and results is always offered once there. */
function Actions({ e, signingUp, onSignUp }: { e: ElectionDetailDto; signingUp: boolean; onSignUp: () => void }) {
  const archived = !!e.publishedAt
  const a = e.allowedActions
  const finished = e.rounds.filter((r) => r.status === 'closed' || r.status === 'counted')
  const latestFinished = finished[finished.length - 1]
  const hasResults = e.phase === 'published' || e.rounds.some((r) => r.status === 'counted')
  return (
    <View className='card' id='election-actions'>
      <View className='card__title'>我的参与</View>
      <View id='my-roll-status' className={e.onRoll === false ? 'field__error' : undefined}>
        {e.onRoll === null ? '您不在本社区的选民范围内' : e.onRoll ? '您在选民名单上' : '您不在选民名单上'}
      </View>
      <View className='actions'>
        <ActionButton kind='secondary' grow id='go-roll' onClick={() => go(withQuery(ELECTION_ROLL_PAGE, { id: e.id }))}>
          查看选民名单
        </ActionButton>
        {!archived && a.object ? (
          <ActionButton kind='secondary' grow id='go-object' onClick={() => go(withQuery(ELECTION_ROLL_PAGE, { id: e.id, object: 1 }))}>
            对选民名单有异议
          </ActionButton>
        ) : null}
      </View>
      {!archived ? e.rounds.map((r) => <RoundLine key={r.id} electionId={e.id} r={r} canVote={a.vote} />) : null}
      {!archived && a.signUp && !signingUp ? (
        <ActionButton block id='go-signup' onClick={onSignUp}>
          报名参选
        </ActionButton>
      ) : null}
      <View className='actions'>
        {finished.map((r) => (
          <ActionButton key={r.id} kind='secondary' grow id={r === latestFinished ? 'go-board' : `go-board-${r.id}`} onClick={() => go(withQuery(BOARD_PAGE, { id: e.id, round: r.id }))}>
            {finished.length > 1 ? `${r.name}回执码公示` : '查看回执码公示'}
          </ActionButton>
        ))}
        {e.scrutineer
          ? finished.map((r) => (
              <ActionButton key={`scrutiny-${r.id}`} kind='secondary' grow id={`go-scrutiny-${r.id}`} onClick={() => go(withQuery(SCRUTINY_PAGE, { id: e.id, round: r.id }))}>
                {finished.length > 1 ? `监票：核对${r.name}选票` : '监票：核对选票'}
              </ActionButton>
            ))
          : null}
        {hasResults ? (
          <ActionButton kind='secondary' grow id='go-results' onClick={() => go(withQuery(RESULTS_PAGE, { id: e.id }))}>
            查看选举结果
          </ActionButton>
        ) : null}
      </View>
    </View>
  )
}

/**
 * A voting round: its state, 去投票 when it is open and I have not voted, 您已投票 when I have (with
 * 我的回执码 when it was saved on this phone).
 */
function RoundLine({ electionId, r, canVote }: { electionId: number; r: RoundBriefDto; canVote: boolean }) {
  const tracker = r.voted === true ? savedReceipt(electionId, r.id) : undefined
  return (
    <View className='item' id={`round-${r.id}`}>
      <View className='item__head'>
        <View className='item__title'>{r.name}</View>
        <View className='tag tag--pending'>{r.statusLabel}</View>
      </View>
      {r.voted === true ? <View className='banner banner--ok' id={`voted-${r.id}`}>您已投票</View> : null}
      {tracker ? <View className='election-text' id={`my-tracker-${r.id}`}>{`我的回执码：${groupTracker(tracker)}`}</View> : null}
      {r.status === 'open' && r.voted === false && canVote ? (
        <ActionButton block id='go-vote' onClick={() => go(withQuery(BALLOT_PAGE, { id: electionId, round: r.id }))}>
          去投票
        </ActionButton>
      ) : null}
    </View>
  )
}
