import { Input, View } from '@tarojs/components'
import { useEffect, useRef, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import { ErrorState, Loading } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { createRound, getResults, setPaperTotals, type ElectionDetailDto, type RoundResultDto } from '../../../services/elections'
import { useAction } from '../../../hooks/useAction'
import { ActionError, percent } from './shared'
import Chip from '../../../components/Chip'

/**
 * 计票结果 per counted round: turnout and validity, per contest the votes online and on paper and
 * each candidate's outcome (labels from the API); 录入纸质选票 (recounts the round) until
 * publication; 另行选举 for contests left tied or with seats unfilled.
 */
export default function ResultsSection({ election: e, signal, onChanged }: { election: ElectionDetailDto; signal: number; onChanged: () => Promise<void> }) {
  const results = useResource(() => getResults(e.id))
  const first = useRef(true)
  useEffect(() => {
    if (first.current) first.current = false
    else void results.reload()
  }, [signal])

  const rounds = results.data ?? []
  return (
    <View className='card' id='results-section'>
      <View className='card__title'>计票结果</View>
      {results.error ? <ErrorState error={results.error} onRetry={() => void results.reload()} /> : null}
      {!results.data && results.loading ? <Loading /> : null}
      {results.data && rounds.length === 0 ? <View className='muted'>还没有计票结果。</View> : null}
      {rounds.map((r) => <RoundResult key={r.id} election={e} result={r} onChanged={onChanged} />)}
      {e.allowedActions.addRound && results.data ? <AddRound election={e} results={rounds} onChanged={onChanged} /> : null}
    </View>
  )
}

function RoundResult({ election: e, result: r, onChanged }: { election: ElectionDetailDto; result: RoundResultDto; onChanged: () => Promise<void> }) {
  const [entering, setEntering] = useState(false)
  const name = e.rounds.find((x) => x.id === r.id)?.name ?? r.kindLabel
  const canEnterPaper = e.allowedActions.enterPaper && (r.status === 'closed' || r.status === 'counted')
  return (
    <View className='election-result' id={`result-${r.id}`}>
      <View className='section-title'>{name}</View>
      <View className='item__meta' id={`result-${r.id}-turnout`}>
        登记选民 {r.registeredVoters ?? '—'} 人，投票 {r.ballotsCast ?? '—'} 人（其中纸质 {r.paperBallots}），参选率 {percent(r.turnout)}
        {r.valid === null ? '' : r.valid ? '，选举有效' : '，参加投票人数未达要求，选举无效'}
      </View>
      {r.contests.map((c) => (
        <View key={c.contestId} className='item' id={`result-${r.id}-contest-${c.contestId}`}>
          <View className='item__head'>
            <View className='item__title'>{c.name}（应选{c.seats}名）</View>
            <View className='item__meta'>{`当选${c.filled}名`}{c.unfilled ? `，缺额${c.unfilled}名` : ''}{c.tie ? '，末位票数相同' : ''}</View>
          </View>
          {c.candidates.map((cand) => (
            <View key={cand.candidateId} className='election-tally' id={`result-${r.id}-candidate-${cand.candidateId}`}>
              <View className='election-tally__name'>{cand.name}</View>
              <View className='election-tally__votes'>{cand.votes} 票（网上 {cand.onlineVotes}，纸质 {cand.paperVotes}）</View>
              <View className={`tag election-outcome--${cand.outcome}`}>{cand.outcomeLabel}</View>
            </View>
          ))}
        </View>
      ))}
      {canEnterPaper ? (
        entering ? (
          <PaperTotalsForm election={e} result={r} onDone={() => { setEntering(false); void onChanged() }} onCancel={() => setEntering(false)} />
        ) : (
          <ActionButton kind='secondary' block id={`round-${r.id}-paper-totals`} onClick={() => setEntering(true)}>录入纸质选票</ActionButton>
        )
      ) : null}
    </View>
  )
}

/** 录入纸质选票: the paper ballots cast (blank ones included) and each candidate's paper votes. */
function PaperTotalsForm({ election: e, result: r, onDone, onCancel }: { election: ElectionDetailDto; result: RoundResultDto; onDone: () => void; onCancel: () => void }) {
  const [ballots, setBallots] = useState(String(r.paperBallots))
  const [votes, setVotes] = useState<Record<string, string>>(() =>
    Object.fromEntries(r.contests.flatMap((c) => c.candidates.map((cand) => [String(cand.candidateId), String(cand.paperVotes)]))))
  const [error, setError] = useState<string>()
  const action = useAction()
  const isCount = (s: string) => /^\d+$/.test(s.trim())
  const save = async () => {
    if (!isCount(ballots) || Object.values(votes).some((v) => !isCount(v))) return setError('请填写票数（0 或正整数）')
    setError(undefined)
    const body = { ballots: Number(ballots), votes: Object.fromEntries(Object.entries(votes).map(([k, v]) => [k, Number(v)])) }
    const done = await action.run(() => setPaperTotals(e.id, r.id, body), {
      confirm: { title: '保存纸质选票', content: '保存后将重新计票。确定票数无误吗？', confirmText: '保存' },
      done: '已保存并重新计票',
    })
    if (done) onDone()
  }
  return (
    <View className='election-panel' id={`paper-form-${r.id}`}>
      <Field label='纸质选票张数（含空白票）' id='paper-ballots' error={error}>
        <Input className='input' type='number' maxlength={7} value={ballots} onInput={(ev) => setBallots(ev.detail.value)} />
      </Field>
      {r.contests.map((c) => (
        <View key={c.contestId}>
          <View className='section-title'>{c.name}</View>
          {c.candidates.map((cand) => (
            <Field key={cand.candidateId} label={`${cand.name} 的纸质票数`} id={`paper-votes-${cand.candidateId}`}>
              <Input className='input' type='number' maxlength={7} value={votes[String(cand.candidateId)] ?? ''}
                onInput={(ev) => setVotes((v) => ({ ...v, [String(cand.candidateId)]: ev.detail.value }))} />
            </Field>
          ))}
        </View>
      ))}
      <ActionError error={action.error} id='paper-error' />
      <View className='actions'>
        <ActionButton grow id='paper-save' disabled={action.busy} onClick={() => void save()}>保存</ActionButton>
        <ActionButton grow kind='secondary' onClick={onCancel}>取消</ActionButton>
      </View>
    </View>
  )
}

/** 另行选举: the contests of the last counted formal round left tied or with seats unfilled. */
function AddRound({ election: e, results, onChanged }: { election: ElectionDetailDto; results: RoundResultDto[]; onChanged: () => Promise<void> }) {
  const last = results.filter((r) => r.kind === 'formal' && r.status === 'counted').sort((a, b) => b.seq - a.seq)[0]
  const open = (last?.contests ?? []).filter((c) => c.tie || c.unfilled > 0)
  const [picked, setPicked] = useState<number[]>(() => open.map((c) => c.contestId))
  const action = useAction()
  if (open.length === 0) return null
  const toggle = (id: number) => setPicked((p) => (p.includes(id) ? p.filter((x) => x !== id) : [...p, id]))
  const add = async () => {
    if (picked.length === 0) return action.setError('请至少选择一个职位')
    const done = await action.run(() => createRound(e.id, { contestIds: picked }), {
      confirm: { title: '另行选举', content: '将为所选职位安排新一轮投票，创建后请点“开始投票”。确定吗？', confirmText: '创建' },
      done: '已创建',
    })
    if (done) await onChanged()
  }
  return (
    <View className='election-panel' id='add-round-section'>
      <View className='section-title'>另行选举</View>
      <View className='muted'>以下职位有缺额或末位票数相同，可另行选举：</View>
      <View className='chips' role='group'>
        {open.map((c) => (
          <Chip key={c.contestId} id={`add-round-contest-${c.contestId}`} kind='checkbox' active={picked.includes(c.contestId)} onTap={() => toggle(c.contestId)}>
            {c.name}
          </Chip>
        ))}
      </View>
      <ActionError error={action.error} id='add-round-error' />
      <ActionButton block id='add-round' disabled={action.busy} onClick={() => void add()}>创建另行选举</ActionButton>
    </View>
  )
}
