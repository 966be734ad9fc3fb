import { Input, View } from '@tarojs/components'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import ListFooter from '../../../components/ListFooter'
import { Empty, ListState } from '../../../components/StateView'
import { useCursorList } from '../../../hooks/useCursorList'
import { readRoll, type RollEntryDto } from '../../../services/elections'

/**
 * Picks one entry of the election's roll: by its number (as written on the paper roll at the
 * polling station) or from the list, filtered by building. Used to register a paper voter and to
 * name a scrutineer.
 */
export default function RollPicker(props: { electionId: number; id: string; pickText: string; busy?: boolean; onPick: (voterId: number, label: string) => void; onCancel: () => void }) {
  const [typed, setTyped] = useState('')
  const [typedError, setTypedError] = useState<string>()
  const [building, setBuilding] = useState('')
  const [filter, setFilter] = useState<string>()
  const list = useCursorList((cursor) => readRoll(props.electionId, { limit: 20, cursor, building: filter }), [filter])
  const pickTyped = () => {
    if (!/^\d+$/.test(typed.trim())) return setTypedError('请填写名单上的编号（数字）')
    setTypedError(undefined)
    props.onPick(Number(typed.trim()), `编号 ${typed.trim()}`)
  }
  const label = (v: RollEntryDto) => `${v.maskedName}（${v.buildingLabel}）`
  return (
    <View className='election-panel' id={props.id}>
      <Field label='选民名单编号' error={typedError} id={`${props.id}-number`}>
        <View className='election-filter'>
          <Input className='input' type='number' maxlength={12} value={typed} onInput={(e) => setTyped(e.detail.value)} />
          <ActionButton id={`${props.id}-submit`} disabled={props.busy} onClick={pickTyped}>{props.pickText}</ActionButton>
        </View>
      </Field>
      <View className='muted'>或从名单中选择：</View>
      <View className='election-filter'>
        <Input className='input' id={`${props.id}-building`} value={building} maxlength={64} placeholder='楼栋，例如 3栋' onInput={(e) => setBuilding(e.detail.value)} />
        <ActionButton kind='secondary' onClick={() => setFilter(building.trim() || undefined)}>查看</ActionButton>
      </View>
      <ListState list={list} empty={<Empty title='没有找到选民' />} />
      {list.items.map((v) => (
        <View key={v.id} className='item election-voter'>
          <View className='item__head'>
            <View className='item__title'>{v.maskedName}</View>
            <View className='item__meta'>{v.buildingLabel} · 编号 {v.id}</View>
          </View>
          <ActionButton kind='secondary' id={`${props.id}-${v.id}`} disabled={props.busy} onClick={() => props.onPick(v.id, label(v))}>{props.pickText}</ActionButton>
        </View>
      ))}
      {list.loaded && list.items.length > 0 ? (
        <ListFooter error={list.error} nextCursor={list.nextCursor} loadingMore={list.loadingMore || list.loading} onMore={() => void list.loadMore()} />
      ) : null}
      <ActionButton kind='secondary' block onClick={props.onCancel}>取消</ActionButton>
    </View>
  )
}
