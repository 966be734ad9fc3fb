import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useRouter } from '@tarojs/taro'
import InfoRow from '../../../components/InfoRow'
import NoAccess, { isNoAccess } from '../../../components/NoAccess'
import PageShell from '../../../components/PageShell'
import Skeleton from '../../../components/Skeleton'
import { Empty, ErrorState } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { useShareTimelinePage } from '../../../hooks/useSharePage'
import { getResults, type RoundResultDto } from '../../../services/elections'
import { RESULTS_PAGE } from '../../../utils/routes'
import '../elections.css'
import { percent } from '../format'

type ContestResult = RoundResultDto['contests'][number]

/**
 * 选举结果: per round the turnout and whether it was valid; per contest the votes and who was
 * elected. A public announcement, so it can go to a friend and to 朋友圈; a reader outside the
 * election's community sees 无权查看.
 */
export default function ResultsPage() {
  const id = Number(useRouter().params.id)
  const valid = Number.isInteger(id) && id > 0
  const results = useResource(() => getResults(id), { immediate: valid })
  usePullDownRefresh(() => void results.reload().finally(() => Taro.stopPullDownRefresh()))
  useShareTimelinePage({ page: RESULTS_PAGE, query: { id }, title: '社区选举结果' })
  const rounds = results.data ?? []
  // A contest's id marks its card in the last round that counted it (earlier rounds get the round's id too).
  const lastRoundOf = new Map<number, number>()
  rounds.forEach((r) => r.contests.forEach((c) => lastRoundOf.set(c.contestId, r.id)))
  return (
    <PageShell>
      {!valid ? <Empty title='找不到这次选举' hint='链接不完整，请从选举详情打开。' /> : null}
      {valid && results.loading && !results.data && !results.error ? <Skeleton kind='detail' /> : null}
      {isNoAccess(results.error) ? <NoAccess error={results.error} what='选举结果' onRetry={results.reload} /> : null}
      {results.error && !isNoAccess(results.error) && !results.data ? <ErrorState error={results.error} onRetry={results.reload} /> : null}
      {/* Before publication a resident gets no rounds: that is not a failure. */}
      {!results.error && results.data && rounds.length === 0 ? <Empty title='结果尚未公布' hint='计票结束、社区公布结果后可在这里查看。' /> : null}
      {rounds.map((r) => (
        <View key={r.id} id={`result-round-${r.id}`}>
          <RoundCard r={r} />
          {r.contests.map((c) => (
            <ContestCard key={c.contestId} c={c} id={lastRoundOf.get(c.contestId) === r.id ? `result-contest-${c.contestId}` : `result-contest-${c.contestId}-round-${r.id}`} />
          ))}
        </View>
      ))}
    </PageShell>
  )
}

function RoundCard({ r }: { r: RoundResultDto }) {
  return (
    <View className='card' id={`round-summary-${r.id}`}>
      <View className='card__title'>{r.name}</View>
      <InfoRow label='登记选民'>{r.registeredVoters === null ? '—' : `${r.registeredVoters}人`}</InfoRow>
      <InfoRow label='参加投票'>{r.ballotsCast === null ? '—' : `${r.ballotsCast}人（其中纸质选票${r.paperBallots}张）`}</InfoRow>
      <InfoRow label='投票率' id={`turnout-${r.id}`}>{r.turnout === null ? '—' : percent(r.turnout)}</InfoRow>
      <View id={`validity-${r.id}`} className={`banner ${r.valid === false ? 'banner--error' : r.valid ? 'banner--ok' : 'banner--info'}`}>
        {r.valid === null ? '尚未计票' : r.valid ? '选举有效' : '参加投票人数未过半，选举无效'}
      </View>
    </View>
  )
}

function ContestCard({ c, id }: { c: ContestResult; id: string }) {
  return (
    <View className='card' id={id}>
      <View className='item__head'>
        <View className='card__title'>{c.name}</View>
        <View className='muted'>{`应选${c.seats}人，选出${c.filled}人`}</View>
      </View>
      {c.candidates.map((k) => (
        <View key={k.candidateId} id={`result-candidate-${k.candidateId}`} className={`result-row${k.outcome === 'elected' ? ' result-row--elected' : ''}`}>
          <View className='result-row__name'>
            <View>{k.name}</View>
            <View className='item__meta'>{`网上${k.onlineVotes}票 + 纸质${k.paperVotes}票`}</View>
          </View>
          <View className='result-row__votes'>
            <View>{`${k.votes}票`}</View>
            <View className={`tag tag--${k.outcome === 'elected' ? 'approved' : k.outcome === 'tie' ? 'pending' : 'withdrawn'}`}>{k.outcomeLabel}</View>
          </View>
        </View>
      ))}
      {c.tie ? <View className='banner banner--info' id={`tie-${c.contestId}`}>有候选人得票相同，需另行选举决定</View> : null}
      {c.unfilled > 0 ? <View className='banner banner--info' id={`unfilled-${c.contestId}`}>{`${c.unfilled}个席位未选出`}</View> : null}
    </View>
  )
}
