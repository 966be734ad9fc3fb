import { View } from '@tarojs/components'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import { ErrorState, Loading } from '../../../components/StateView'
import { useResource } from '../../../hooks/useResource'
import { addScrutineer, listScrutineers, removeScrutineer, type ElectionDetailDto, type ScrutineerDto } from '../../../services/elections'
import RollPicker from './RollPicker'
import { useAction } from '../../../hooks/useAction'
import { ActionError } from './shared'

/** 监票人: named from the roll (a voter who is not a candidate), removed with a confirmation. */
export default function ScrutineersSection({ election: e }: { election: ElectionDetailDto }) {
  const scrutineers = useResource(() => listScrutineers(e.id))
  const action = useAction()
  const [picking, setPicking] = useState(false)

  const add = async (voterId: number, label: string) => {
    const done = await action.run(() => addScrutineer(e.id, { voterId }), {
      confirm: { title: '添加监票人', content: `确定请${label}担任监票人吗？`, confirmText: '添加' },
      done: '已添加',
    })
    if (done) {
      setPicking(false)
      await scrutineers.reload()
    }
  }
  const remove = async (s: ScrutineerDto) => {
    const done = await action.run(() => removeScrutineer(e.id, s.userId), {
      confirm: { title: '移除监票人', content: `确定不再请${s.name}担任监票人吗？`, confirmText: '移除' },
      done: '已移除',
    })
    if (done) await scrutineers.reload()
  }

  const list = scrutineers.data ?? []
  return (
    <View className='card' id='scrutineers-section'>
      <View className='card__title'>监票人</View>
      {scrutineers.error ? <ErrorState error={scrutineers.error} onRetry={() => void scrutineers.reload()} /> : null}
      {!scrutineers.data && scrutineers.loading ? <Loading /> : null}
      {scrutineers.data && list.length === 0 ? <View className='muted'>还没有监票人。监票人从选民中推选，候选人不能担任。</View> : null}
      <ActionError error={action.error} id='scrutineer-error' />
      {list.map((s) => (
        <View key={s.userId} className='item' id={`scrutineer-${s.userId}`}>
          <View className='item__head'>
            <View className='item__title'>{s.name}</View>
            <View className='item__meta'>{s.buildingLabel}</View>
          </View>
          <ActionButton kind='secondary' id={`scrutineer-${s.userId}-remove`} disabled={action.busy} onClick={() => void remove(s)}>移除</ActionButton>
        </View>
      ))}
      {picking ? (
        <RollPicker electionId={e.id} id='scrutineer-pick' pickText='选为监票人' busy={action.busy} onPick={(v, label) => void add(v, label)} onCancel={() => setPicking(false)} />
      ) : (
        <ActionButton kind='secondary' block id='scrutineer-add' onClick={() => setPicking(true)}>添加监票人</ActionButton>
      )}
    </View>
  )
}
