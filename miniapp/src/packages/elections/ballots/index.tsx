import { View } from '@tarojs/components'
import { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import InfoRow from '../../../components/InfoRow'
import ListFooter from '../../../components/ListFooter'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useCursorList, useListPageEvents } from '../../../hooks/useCursorList'
import { scrutineerBallots, type BallotListDto, type RoundResultDto } from '../../../services/elections'
import '../elections.css'
import { ballotLines, recount, shortBallotId, verdict } from './recount'

const PAGE_SIZE = 100
type Ballot = BallotListDto['ballots'][number]

/**
 * 监票：核对选票 (the election's scrutineers, after the round closed): the round's count, every
 * anonymous ballot (加载更多 by cursor), and a recount of the ballots loaded so far next to the
 * online votes of the count, with the verdict once all are loaded.
 */
export default function ScrutinyPage() {
  const params = useRouter().params
  const id = Number(params.id)
  const roundId = Number(params.round)
  const valid = Number.isInteger(id) && id > 0 && Number.isInteger(roundId) && roundId > 0
  // Every page repeats the round and the ballot count; the list hook keeps the ballots.
  const [head, setHead] = useState<Omit<BallotListDto, 'ballots'>>()
  const list = useCursorList<Ballot>(async (cursor) => {
    const page = await scrutineerBallots(id, roundId, { limit: PAGE_SIZE, cursor })
    setHead({ round: page.list.round, ballotCount: page.list.ballotCount })
    return { items: page.list.ballots, nextCursor: page.nextCursor }
  }, [id, roundId], { immediate: valid })
  useListPageEvents(list)

  const error = head ? undefined : list.error
  const refused = error && (error.code === 'NOT_SCRUTINEER' || error.status === 403)
  const notClosed = error && error.code === 'ROUND_NOT_CLOSED'
  return (
    <PageShell>
      {!valid ? <Empty title='找不到这一轮投票' hint='链接不完整，请从选举详情的「监票：核对选票」打开。' /> : null}
      {valid && list.loading && !head ? <Loading /> : null}
      {refused ? (
        <View id='scrutiny-refused'>
          <Empty title='只有本次选举的监票人可以核对选票' hint={error.message} />
        </View>
      ) : null}
      {notClosed ? (
        <View id='scrutiny-not-closed'>
          <Empty title='这一轮投票还没有结束' hint='投票结束后才能核对选票，请稍后再来。' />
        </View>
      ) : null}
      {error && !refused && !notClosed ? <ErrorState error={error} onRetry={() => void list.reload()} /> : null}
      {head ? (
        <View id='scrutiny'>
          <Totals round={head.round} ballotCount={head.ballotCount} />
          <Recount round={head.round} ballots={list.items} ballotCount={head.ballotCount} complete={list.nextCursor === null} />
          <View className='card' id='scrutiny-ballots'>
            <View className='card__title'>网上选票（不记名，按随机编号排列）</View>
            {list.items.length === 0 ? <Empty title='本轮没有网上选票' /> : null}
            {list.items.map((b) => (
              <View key={b.id} className='item' id={`ballot-${b.id}`}>
                <View className='item__title'>{`选票 ${shortBallotId(b.id)}`}</View>
                {ballotLines(head.round, b).map((l) => (
                  <InfoRow key={l.contestId} label={l.contest}>{l.names}</InfoRow>
                ))}
              </View>
            ))}
            {list.items.length > 0 ? <ListFooter error={list.error} nextCursor={list.nextCursor} loadingMore={list.loadingMore} onMore={() => void list.loadMore()} /> : null}
          </View>
        </View>
      ) : null}
    </PageShell>
  )
}

/** The round's count as published to staff: how many voted, and each candidate's votes. */
function Totals({ round: r, ballotCount }: { round: RoundResultDto; ballotCount: number }) {
  return (
    <View className='card' id='scrutiny-totals'>
      <View className='card__title'>{`${r.name} 计票结果`}</View>
      <InfoRow label='参加投票' id='scrutiny-cast'>{r.ballotsCast === null ? '—' : `${r.ballotsCast}人（其中纸质选票${r.paperBallots}张）`}</InfoRow>
      <InfoRow label='网上选票' id='scrutiny-ballot-count'>{`${ballotCount}张`}</InfoRow>
      {r.contests.map((c) => (
        <View key={c.contestId} id={`scrutiny-contest-${c.contestId}`}>
          <View className='section-title'>{`${c.name}（应选${c.seats}人）`}</View>
          {c.candidates.map((k) => (
            <InfoRow key={k.candidateId} label={k.name}>{`${k.votes}票（网上${k.onlineVotes} + 纸质${k.paperVotes}）`}</InfoRow>
          ))}
        </View>
      ))}
    </View>
  )
}

/** 核对: the ballots loaded so far counted again, per candidate, beside the online votes of the count. */
function Recount({ round, ballots, ballotCount, complete }: { round: RoundResultDto; ballots: Ballot[]; ballotCount: number; complete: boolean }) {
  const rows = recount(round, ballots)
  const v = verdict(rows, ballots.length, ballotCount, complete)
  return (
    <View className='card' id='scrutiny-recount'>
      <View className='card__title'>逐张核对网上选票</View>
      {rows.map((r) => (
        <InfoRow key={`${r.contestId}-${r.candidateId}`} label={r.name} id={`recount-${r.candidateId}`}>
          {`选票上${r.recounted}票 / 计票网上${r.online}票${complete && r.recounted !== r.online ? '（不一致）' : ''}`}
        </InfoRow>
      ))}
      <View className={`banner ${v.ok === null ? 'banner--info' : v.ok ? 'banner--ok' : 'banner--error'}`} role='status' id='recount-verdict'>
        {v.text}
      </View>
    </View>
  )
}
