import { View } from '@tarojs/components'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import { closeRound, markPaperVoter, openRound, type ElectionDetailDto, type RoundBriefDto } from '../../../services/elections'
import { formatDateTime } from '../../../utils/time'
import RollPicker from './RollPicker'
import { useAction } from '../../../hooks/useAction'
import { ActionError } from './shared'

/**
 * 投票轮次: each round's state; while one is open staff register voters who voted on paper at the
 * polling station and end the voting (it is counted at once); a further round waits for 开始投票.
 * The results and paper totals are in ResultsSection.
 */
export default function RoundsSection({ election: e, onChanged }: { election: ElectionDetailDto; onChanged: () => Promise<void> }) {
  return (
    <View className='card' id='rounds-section'>
      <View className='card__title'>投票轮次</View>
      {e.rounds.map((r) => <RoundRow key={r.id} election={e} round={r} onChanged={onChanged} />)}
    </View>
  )
}

function RoundRow({ election: e, round: r, onChanged }: { election: ElectionDetailDto; round: RoundBriefDto; onChanged: () => Promise<void> }) {
  const action = useAction()
  const [picking, setPicking] = useState(false)
  const [marked, setMarked] = useState<string[]>([])

  const mark = async (voterId: number, label: string) => {
    const done = await action.run(() => markPaperVoter(e.id, r.id, voterId), {
      confirm: { title: '登记现场投票', content: `确定${label}已在现场投纸质选票吗？登记后此人不能再在线投票。`, confirmText: '登记' },
      done: '已登记',
    })
    if (done) setMarked((m) => [label, ...m])
  }
  const close = async () => {
    const done = await action.run(() => closeRound(e.id, r.id), {
      confirm: { title: `结束「${r.name}」投票`, content: '结束后不能再投票，系统立即计票。确定结束吗？', confirmText: '结束计票' },
      done: '已计票',
    })
    if (done) await onChanged()
  }
  const open = async () => {
    const done = await action.run(() => openRound(e.id, r.id), {
      confirm: { title: `开始「${r.name}」投票`, content: '开始后选民即可投票。确定开始吗？', confirmText: '开始投票' },
      done: '已开始',
    })
    if (done) await onChanged()
  }

  return (
    <View className='item election-round' id={`round-${r.id}`}>
      <View className='item__head'>
        <View className='item__title'>{r.name}</View>
        <View className={`tag election-round--${r.status}`}>{r.statusLabel}</View>
      </View>
      {r.opensAt || r.closesAt ? <View className='item__meta'>{formatDateTime(r.opensAt)} 至 {formatDateTime(r.closesAt)}</View> : null}
      <ActionError error={action.error} id={`round-${r.id}-error`} />
      {marked.length ? <View className='banner banner--ok' id={`round-${r.id}-marked`}>已登记现场投票：{marked.join('、')}</View> : null}
      {r.status === 'open' && e.allowedActions.markPaper ? (
        picking ? (
          <RollPicker electionId={e.id} id='paper-voter' pickText='登记' busy={action.busy} onPick={(v, label) => void mark(v, label)} onCancel={() => setPicking(false)} />
        ) : (
          <ActionButton kind='secondary' block id={`round-${r.id}-paper`} onClick={() => setPicking(true)}>登记现场投票</ActionButton>
        )
      ) : null}
      {(r.status === 'open' || r.status === 'closed') && e.allowedActions.count ? (
        <ActionButton block id={`round-${r.id}-close`} disabled={action.busy} onClick={() => void close()}>
          {r.status === 'open' ? '结束投票并计票' : '计票'}
        </ActionButton>
      ) : null}
      {r.status === 'scheduled' && e.allowedActions.openRound ? (
        <ActionButton block id={`round-${r.id}-open`} disabled={action.busy} onClick={() => void open()}>开始投票</ActionButton>
      ) : null}
    </View>
  )
}
