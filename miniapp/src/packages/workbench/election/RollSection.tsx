import { Input, View } from '@tarojs/components'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import ListFooter from '../../../components/ListFooter'
import { Empty, ListState } from '../../../components/StateView'
import { useCursorList } from '../../../hooks/useCursorList'
import {
  addVoter, buildRoll, closeRoll, readRoll, removeVoter, type ElectionDetailDto, type RollBuildDto, type VoterDto,
} from '../../../services/elections'
import ObjectionsList from './ObjectionsList'
import { useAction } from '../../../hooks/useAction'
import { ActionError, ReasonPanel } from './shared'

const PAGE_SIZE = 50

/**
 * 选民名单: build it from the rule, the published roll by building, 移出 with a reason, 补登 with a
 * reason (and the API's warnings), the objections, and 确定选民名单. Read-only once the roll is closed.
 */
export default function RollSection({ election: e, onChanged }: { election: ElectionDetailDto; onChanged: () => Promise<void> }) {
  const manage = e.allowedActions.manageRoll
  const [building, setBuilding] = useState('')
  const [filter, setFilter] = useState<string>()
  const list = useCursorList((cursor) => readRoll(e.id, { limit: PAGE_SIZE, cursor, building: filter }), [filter])
  const action = useAction()
  const [built, setBuilt] = useState<RollBuildDto>()
  const [removing, setRemoving] = useState<number>()
  const [adding, setAdding] = useState(false)
  const [added, setAdded] = useState<VoterDto>()

  const build = async () => {
    const result = await action.run(() => buildRoll(e.id), { done: '名单已生成' })
    if (result) {
      setBuilt(result)
      await list.reload()
    }
  }
  const remove = async (voterId: number, reason: string) => {
    const done = await action.run(() => removeVoter(e.id, voterId, reason), {
      confirm: { title: '移出选民名单', content: '移出后此人不能投票，原因会告知本人。确定移出吗？', confirmText: '移出' },
      done: '已移出',
    })
    if (done) {
      setRemoving(undefined)
      list.update((items) => items.filter((v) => v.id !== voterId))
    }
  }
  const add = async (reason: string, userId?: number) => {
    const voter = await action.run(() => addVoter(e.id, { userId: userId!, reason }), { done: '已补登' })
    if (voter) {
      setAdded(voter)
      setAdding(false)
      await list.reload()
    }
  }
  const close = async () => {
    const done = await action.run(() => closeRoll(e.id), {
      confirm: { title: '确定选民名单', content: '确定后名单不能再修改，居民不能再提异议。确定吗？', confirmText: '确定名单' },
      done: '名单已确定',
    })
    if (done) await onChanged()
  }

  return (
    <View className='card' id='roll-section'>
      <View className='card__title'>选民名单{e.rollClosedAt ? '（已确定）' : ''}</View>
      <ActionError error={action.error} id='roll-error' />
      {manage ? (
        <View className='actions'>
          <ActionButton grow id='roll-build' disabled={action.busy} onClick={() => void build()}>按条件生成选民名单</ActionButton>
          <ActionButton grow kind='secondary' id='voter-add' onClick={() => setAdding(!adding)}>补登选民</ActionButton>
        </View>
      ) : null}
      {built ? (
        <View className='banner banner--ok' id='roll-build-result'>
          新登记 {built.added} 人，名单共 {built.onRoll} 人。未登记：未完成实名核验 {built.skipped.unverified} 人，未满年龄 {built.skipped.underAge} 人。
        </View>
      ) : null}
      {adding ? (
        <ReasonPanel id='add-reason' label='补登原因' placeholder='例如：户籍在本社区，名单生成后才完成实名核验' confirmId='add-confirm' confirmText='补登'
          busy={action.busy} user={{ id: 'add-user', electionId: e.id, label: '补登的居民', required: true }}
          onSubmit={(reason, userId) => void add(reason, userId)} onCancel={() => setAdding(false)} />
      ) : null}
      {added?.warnings?.length ? (
        <View className='banner banner--info' id='add-warnings'>
          已补登 {added.maskedName}。请注意：{added.warnings.join('；')}
        </View>
      ) : null}

      <View className='election-filter'>
        <Input className='input' id='roll-building' value={building} maxlength={64} placeholder='按楼栋查看，例如 3栋' onInput={(ev) => setBuilding(ev.detail.value)} />
        <ActionButton kind='secondary' id='roll-filter' onClick={() => setFilter(building.trim() || undefined)}>查看</ActionButton>
      </View>
      <ListState list={list} empty={<Empty title={filter ? `${filter}没有登记的选民` : '名单还是空的'} hint={manage ? '点击“按条件生成选民名单”。' : undefined} />} />
      <View id='roll-list'>
        {list.items.map((v) => (
          <View key={v.id} className='item election-voter' id={`voter-${v.id}`}>
            <View className='item__head'>
              <View className='item__title'>{v.maskedName}</View>
              <View className='item__meta'>{v.buildingLabel} · 编号 {v.id}</View>
            </View>
            {manage && removing !== v.id ? (
              <ActionButton kind='secondary' id={`voter-remove-${v.id}`} onClick={() => setRemoving(v.id)}>移出</ActionButton>
            ) : null}
            {manage && removing === v.id ? (
              <ReasonPanel id='remove-reason' label='移出原因' placeholder='例如：已迁出本社区' confirmId='remove-confirm' confirmText='确定移出' danger
                busy={action.busy} onSubmit={(reason) => void remove(v.id, reason)} onCancel={() => setRemoving(undefined)} />
            ) : null}
          </View>
        ))}
      </View>
      {list.loaded && list.items.length > 0 ? (
        <ListFooter error={list.error} nextCursor={list.nextCursor} loadingMore={list.loadingMore || list.loading} onMore={() => void list.loadMore()} />
      ) : null}

      <ObjectionsList election={e} onResolved={() => void list.reload()} />

      {manage ? (
        <ActionButton block id='roll-close' disabled={action.busy} onClick={() => void close()}>确定选民名单</ActionButton>
      ) : null}
    </View>
  )
}
