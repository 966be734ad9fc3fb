import { View } from '@tarojs/components'
import Taro, { useDidShow, usePullDownRefresh, useRouter } from '@tarojs/taro'
import { useRef, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import InfoRow from '../../../components/InfoRow'
import PageShell from '../../../components/PageShell'
import Skeleton from '../../../components/Skeleton'
import { ErrorState } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { closePhase, getElection, openPhase, publishElection, type ElectionDetailDto } from '../../../services/elections'
import { formatDateTime } from '../../../utils/time'
import { ELECTION_EDIT_PAGE, withQuery } from '../../../utils/routes'
import CandidatesSection from './CandidatesSection'
import ResultsSection from './ResultsSection'
import RollSection from './RollSection'
import RoundsSection from './RoundsSection'
import ScrutineersSection from './ScrutineersSection'
import { useAction } from '../../../hooks/useAction'
import { ActionError } from './shared'
import '../workbench.css'
import './election.css'

/** Phases before candidates exist (报名 opens them). */
const BEFORE_NOMINATION = ['draft', 'conditions', 'registration']

/**
 * 管理选举 (`?id=`): the election's phase and timeline, then the sections its phase and the
 * caller's allowed actions open — the roll and objections, candidates, voting rounds and the
 * count, scrutineers, publication. Once published it is archived: read-only, with the results.
 */
export default function ElectionAdminPage() {
  const { params } = useRouter()
  const id = Number(params.id)
  const detail = useResource(() => getElection(id))
  // Results change with every count and paper entry: sections bump this to reload them.
  const [resultsSignal, setResultsSignal] = useState(0)
  const shown = useRef(false)
  useDidShow(() => {
    if (shown.current) void detail.reload()
    shown.current = true
  })
  usePullDownRefresh(() => void detail.reload().finally(() => Taro.stopPullDownRefresh()))

  const e = detail.data
  if (!e) {
    return (
      <PageShell>
        {detail.error ? <ErrorState error={detail.error} onRetry={() => void detail.reload()} /> : <Skeleton kind='detail' />}
      </PageShell>
    )
  }
  const changed = () => {
    setResultsSignal((n) => n + 1)
    return detail.reload()
  }
  const archived = Boolean(e.publishedAt)
  return (
    <PageShell>
      <View className='hero' id='election-head'>
        <View className='hero__title'>{e.title}</View>
        <View className='hero__sub'>
          <View className={`tag election-phase election-phase--${e.phase}`} id='election-phase'>{e.phaseLabel}</View>
          <View>选举日 {e.electionDay}</View>
        </View>
      </View>
      {detail.error ? <View className='banner banner--error' role='alert'>{detail.error.message}</View> : null}
      {archived ? (
        <View className='banner banner--ok' id='election-archived'>已公布并归档（{formatDateTime(e.publishedAt)}），不能再修改。</View>
      ) : null}

      <Overview election={e} />
      {!archived ? <PhaseSection election={e} onChanged={changed} /> : null}
      {e.allowedActions.manageRoll || e.rollClosedAt ? <RollSection election={e} onChanged={changed} /> : null}
      {/* keyed by phase: opening 资格审查 reloads the candidates with their review actions */}
      {!BEFORE_NOMINATION.includes(e.phase) ? <CandidatesSection key={e.phase} election={e} /> : null}
      {e.rounds.length > 0 ? <RoundsSection election={e} onChanged={changed} /> : null}
      {e.rounds.some((r) => r.status === 'counted' || r.status === 'closed') ? <ResultsSection election={e} signal={resultsSignal} onChanged={changed} /> : null}
      {e.allowedActions.manageScrutineers ? <ScrutineersSection election={e} /> : null}
      {e.allowedActions.publish ? <PublishSection election={e} onChanged={changed} /> : null}
    </PageShell>
  )
}

/** The rules, contests and the timeline of phases (scheduled, opened, closed). */
function Overview({ election: e }: { election: ElectionDetailDto }) {
  return (
    <View className='card' id='election-overview'>
      <InfoRow label='选民条件'>{e.conditionsText}</InfoRow>
      <InfoRow label='职位'>{e.contests.map((c) => `${c.name}${c.seats}名`).join('、')}</InfoRow>
      <InfoRow label='选举规则'>{e.rulesText}</InfoRow>
      {e.description ? <InfoRow label='说明'>{e.description}</InfoRow> : null}
      {e.allowedActions.update ? (
        <ActionButton kind='secondary' block id='election-edit' onClick={() => void Taro.navigateTo({ url: withQuery(ELECTION_EDIT_PAGE, { id: e.id }) })}>
          修改草稿
        </ActionButton>
      ) : null}
      <View className='card__title election-timeline__title'>进度</View>
      <View className='election-timeline' id='election-timeline'>
        {e.phases.map((p) => (
          <View key={p.phase} className={`election-timeline__step${p.current ? ' election-timeline__step--current' : ''}${p.openedAt ? ' election-timeline__step--done' : ''}`}
            id={`phase-${p.phase}`}>
            <View className='item__title'>{p.label}{p.current ? '（当前）' : ''}</View>
            <View className='item__meta'>{phaseTimes(p)}</View>
          </View>
        ))}
      </View>
    </View>
  )
}

function phaseTimes(p: ElectionDetailDto['phases'][number]): string {
  const parts: string[] = []
  if (p.openedAt) parts.push(`${formatDateTime(p.openedAt)} 开启`)
  if (p.closedAt) parts.push(`${formatDateTime(p.closedAt)} 结束`)
  if (!p.openedAt && p.startsAt) parts.push(`计划 ${formatDateTime(p.startsAt)} 至 ${formatDateTime(p.endsAt)}`)
  return parts.join('，') || '未开启'
}

/** 开启下一阶段 (announced to every resident) and 提前结束本阶段. */
function PhaseSection({ election: e, onChanged }: { election: ElectionDetailDto; onChanged: () => Promise<void> }) {
  const action = useAction()
  const current = e.phases.find((p) => p.current)
  const nextLabel = e.phases.find((p) => p.phase === e.nextPhase)?.label
  const canClose = e.allowedActions.closePhase
  if (!(e.allowedActions.openNext && e.nextPhase) && !canClose) return null
  const open = async () => {
    const done = await action.run(() => openPhase(e.id, e.nextPhase!), {
      confirm: { title: `开启「${nextLabel}」`, content: '开启后将通知本社区全体居民，且不能退回上一阶段。', confirmText: '开启' },
      done: '已开启',
    })
    if (done) await onChanged()
  }
  const close = async () => {
    const done = await action.run(() => closePhase(e.id, current!.phase), {
      confirm: { title: `提前结束「${current!.label}」`, content: '结束后本阶段的操作将停止，直到开启下一阶段。', confirmText: '结束' },
      done: '已结束',
    })
    if (done) await onChanged()
  }
  return (
    <View className='card' id='phase-section'>
      <View className='card__title'>阶段</View>
      <ActionError error={action.error} id='phase-error' />
      <View className='actions'>
        {e.allowedActions.openNext && e.nextPhase ? (
          <ActionButton grow id='open-next' disabled={action.busy} onClick={() => void open()}>开启下一阶段：{nextLabel}</ActionButton>
        ) : null}
        {canClose ? (
          <ActionButton grow kind='secondary' id='close-phase' disabled={action.busy} onClick={() => void close()}>提前结束本阶段</ActionButton>
        ) : null}
      </View>
    </View>
  )
}

/** 公布结果: the election is then archived and read-only. */
function PublishSection({ election: e, onChanged }: { election: ElectionDetailDto; onChanged: () => Promise<void> }) {
  const action = useAction()
  const publish = async () => {
    const done = await action.run(() => publishElection(e.id), {
      confirm: { title: '公布选举结果', content: '公布后选举归档，不能再修改。确定公布吗？', confirmText: '公布' },
      done: '已公布',
    })
    if (done) await onChanged()
  }
  return (
    <View className='card' id='publish-section'>
      <View className='card__title'>公布结果</View>
      <View className='muted'>计票已完成。公布后居民可以看到结果，选举归档，不能再修改。</View>
      <ActionError error={action.error} id='publish-error' />
      <ActionButton block id='publish' disabled={action.busy} onClick={() => void publish()}>公布结果</ActionButton>
    </View>
  )
}
