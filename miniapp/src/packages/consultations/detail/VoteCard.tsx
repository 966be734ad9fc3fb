import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import { ErrorState, Loading } from '../../../components/StateView'
import { asApiError, useResource } from '../../../hooks/useResource'
import { castVote, getVote, type TopicVoteDto } from '../../../services/consultations'
import { listMyBindings } from '../../../services/households'
import { formatDateTime } from '../../../utils/time'
import Chip from '../../../components/Chip'

/**
 * 居民表决: the vote's rules and window, my (my home's) ballot, the choices to vote with (one, or up
 * to `maxChoices`) and a confirmation before the ballot is cast; the totals once they are visible.
 */
export default function VoteCard({ topicId, communityId }: { topicId: number; communityId: number }) {
  const loaded = useResource(() => getVote(topicId))
  const [cast, setCast] = useState<TopicVoteDto>()
  const v = cast ?? loaded.data

  if (!v) {
    if (loaded.error?.code === 'NO_VOTE') {
      return <View className='card' id='vote-card'><View className='card__title'>居民表决</View><View className='muted'>投票规则还没有公布，请留意社区通知。</View></View>
    }
    return <View className='card' id='vote-card'>{loaded.error ? <ErrorState error={loaded.error} onRetry={loaded.reload} /> : <Loading />}</View>
  }
  const labelOf = (id: number) => v.choices.find((c) => c.id === id)?.label ?? ''
  return (
    <View className='card' id='vote-card'>
      <View className='item__head'>
        <View className='card__title'>居民表决</View>
        <View className='tag tag--pending' id='vote-status'>{v.statusLabel}</View>
      </View>
      <View className='muted'>{v.kindLabel}{v.kind === 'multiple' ? `（最多选${v.maxChoices}项）` : ''} · {v.unitLabel}</View>
      {v.closesAt ? <View className='muted'>{v.opensAt ? `${formatDateTime(v.opensAt)} 至 ` : '截止 '}{formatDateTime(v.closesAt)}</View> : null}
      {v.myBallot ? (
        <View className='banner banner--ok' id='my-ballot'>
          {v.myBallot.castByMe ? '您' : `您家的${v.myBallot.castBy}`}已投票：{v.myBallot.choiceIds.map(labelOf).join('、')}
        </View>
      ) : null}
      {v.allowedActions.cast && !v.myBallot ? <Ballot topicId={topicId} communityId={communityId} vote={v} onCast={setCast} /> : null}
      {v.resultsVisible ? <Results vote={v} /> : null}
    </View>
  )
}

function Ballot({ topicId, communityId, vote: v, onCast }: { topicId: number; communityId: number; vote: TopicVoteDto; onCast: (v: TopicVoteDto) => void }) {
  const [picked, setPicked] = useState<number[]>([])
  // One ballot per household: a resident of several homes in the community says which one votes.
  const bindings = useResource(listMyBindings, { immediate: v.unit === 'per_household' })
  const homes = (bindings.data ?? []).filter((b) => b.status === 'approved' && b.household.community.id === communityId).map((b) => b.household)
  const [home, setHome] = useState<number>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const many = v.kind === 'multiple'

  const toggle = (id: number) => {
    setError(undefined)
    if (!many) return setPicked([id])
    if (picked.includes(id)) return setPicked(picked.filter((x) => x !== id))
    if (picked.length >= v.maxChoices) return setError(`最多只能选${v.maxChoices}项`)
    setPicked([...picked, id])
  }
  const submit = async () => {
    if (!picked.length) return setError('请先选择')
    if (homes.length > 1 && !home) return setError('请选择代表哪一户投票')
    const names = v.choices.filter((c) => picked.includes(c.id)).map((c) => c.label).join('、')
    const { confirm } = await Taro.showModal({ title: '确认投票', content: `您选择了：${names}。投票后不能修改。`, confirmText: '投票', cancelText: '再想想' })
    if (!confirm) return
    setBusy(true)
    try {
      onCast(await castVote(topicId, { choiceIds: picked, ...(homes.length > 1 && home ? { householdId: home } : {}) }))
      void Taro.showToast({ title: '投票成功', icon: 'none' })
    } catch (e) {
      setError(asApiError(e).message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View id='vote-ballot'>
      {homes.length > 1 ? (
        <View>
          <View className='muted'>每户一票，请选择代表哪一户投票：</View>
          <View className='chips' role='radiogroup' id='vote-home'>
            {homes.map((h) => (
              <Chip key={h.id} id={`vote-home-${h.id}`} active={home === h.id} onTap={() => setHome(h.id)}>
                {h.address}
              </Chip>
            ))}
          </View>
        </View>
      ) : null}
      <View className='chips' role={many ? 'group' : 'radiogroup'}>
        {v.choices.map((c) => {
          const on = picked.includes(c.id)
          return (
            <Chip key={c.id} id={`vote-choice-${c.id}`} kind={many ? 'checkbox' : 'radio'} active={on} onTap={() => toggle(c.id)}>
              {c.label}
            </Chip>
          )
        })}
      </View>
      {error ? <View className='banner banner--error' role='alert' id='vote-error'>{error}</View> : null}
      <ActionButton block id='vote-submit' disabled={busy} onClick={() => void submit()}>{busy ? '提交中…' : '投票'}</ActionButton>
    </View>
  )
}

function Results({ vote: v }: { vote: TopicVoteDto }) {
  return (
    <View id='vote-results'>
      <View className='topic-subtitle'>表决结果</View>
      {v.choices.map((c) => (
        <View key={c.id} className='row' id={`vote-result-${c.id}`}>
          <View className='row__label'>{c.label}</View>
          <View className='row__value'>{c.count ?? 0} 票</View>
        </View>
      ))}
      {v.ballotsCount !== null ? (
        <View className='muted'>
          共 {v.ballotsCount} 票{v.eligibleCount !== null ? `，应投 ${v.eligibleCount}` : ''}{v.turnoutPercent !== null ? `，投票率 ${v.turnoutPercent}%` : ''}
          {v.quorumReached === null ? '' : v.quorumReached ? '，达到有效比例' : `，未达到有效比例（${v.quorumPercent}%）`}
        </View>
      ) : null}
      {v.outcome ? <View className='banner banner--info' id='vote-outcome'>{v.outcome}</View> : null}
    </View>
  )
}
