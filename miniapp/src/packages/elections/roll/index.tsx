import { Input, View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom, useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import ListFooter from '../../../components/ListFooter'
import PageShell from '../../../components/PageShell'
import { Empty, ErrorState, ListState, Loading } from '../../../components/StateView'
import { useCursorList } from '../../../hooks/useCursorList'
import { useResource } from '../../../hooks/useResource'
import { getElection, listObjections, myRollEntry, readRoll, type ObjectionDto, type RollEntryDto } from '../../../services/elections'
import type { ApiError } from '../../../services/request'
import '../elections.css'
import ObjectionForm, { type ObjectionChoice } from './ObjectionForm'
import { pressable } from '../../../utils/keyboard'

const PAGE_SIZE = 50

/**
 * 选民名单: whether I am on it (and why not, when removed), my objections and their outcome, the
 * objection form while objections are open, and the published roll (masked names) by building.
 */
export default function RollPage() {
  const params = useRouter().params
  const id = Number(params.id)
  const valid = Number.isInteger(id) && id > 0
  const election = useResource(() => getElection(id), { immediate: valid })
  const me = useResource(() => myRollEntry(id), { immediate: valid })
  const objections = useResource(() => listObjections(id), { immediate: valid })
  const [typed, setTyped] = useState('')
  const [building, setBuilding] = useState('')
  const roll = useCursorList((cursor) => readRoll(id, { limit: PAGE_SIZE, cursor, building: building || undefined }), [building], { immediate: valid })
  const [kind, setKind] = useState<ObjectionChoice>('self')
  const [picked, setPicked] = useState<RollEntryDto>()
  const reload = () => Promise.all([election.reload(), me.reload(), objections.reload(), roll.reload()]).then(() => undefined)
  usePullDownRefresh(() => void reload().finally(() => Taro.stopPullDownRefresh()))
  useReachBottom(() => void roll.loadMore())

  const canObject = !!election.data?.allowedActions.object && !election.data.publishedAt
  const picking = canObject && kind === 'ineligible'
  // Opened by 对选民名单有异议: bring the form into view once it is there.
  useEffect(() => {
    if (canObject && params.object === '1') void Taro.pageScrollTo({ selector: '#objection-form', duration: 300 })
  }, [canObject])
  if (!valid) return <PageShell><Empty title='找不到这次选举' hint='链接不完整，请从选举详情打开。' /></PageShell>
  return (
    <PageShell>
      <View className='card' id='my-roll'>
        {me.loading && !me.data ? <Loading /> : null}
        {me.error && !me.data ? <ErrorState error={me.error} onRetry={me.reload} /> : null}
        {me.data ? (
          <View>
            <View className='card__title' id='my-roll-status'>{me.data.onRoll ? '您在选民名单上' : '您不在选民名单上'}</View>
            {me.data.voter && !me.data.onRoll && me.data.voter.removedReason ? <View className='field__error' id='my-roll-reason'>移出原因：{me.data.voter.removedReason}</View> : null}
            {me.data.voter ? <View className='item__meta'>{`${me.data.voter.maskedName} · ${me.data.voter.buildingLabel} · ${me.data.voter.sourceLabel}`}</View> : null}
            {!me.data.onRoll && canObject ? <View className='muted'>如果您符合选民条件，可以在下面提出「我应登记而未登记」的异议。</View> : null}
          </View>
        ) : null}
      </View>

      {canObject ? (
        <ObjectionForm electionId={id} kind={kind} onKind={setKind} picked={picked} onFiled={() => { setPicked(undefined); void objections.reload() }} />
      ) : null}

      <MyObjections objections={objections.data} error={objections.error} onRetry={objections.reload} />

      <View className='card' id='roll-list'>
        <View className='card__title'>选民名单（姓名已部分隐藏）</View>
        <View className='actions'>
          <Input id='roll-building' className='input' value={typed} placeholder='按楼栋查找，例如 3栋' onInput={(e) => setTyped(e.detail.value)} />
          <ActionButton kind='secondary' id='roll-building-submit' onClick={() => setBuilding(typed.trim())}>
            查找
          </ActionButton>
        </View>
        {building ? <View className='link' role='button' id='roll-building-clear' {...pressable(() => { setTyped(''); setBuilding('') })}>{`正在看「${building}」，点这里看全部`}</View> : null}
        {picking ? <View className='banner banner--info'>请在名单中找到不应登记的人，点「选这位」。</View> : null}
        <ListState list={roll} empty={<Empty title={building ? `「${building}」没有登记的选民` : '选民名单还没有公布'} />} />
        {roll.items.map((v) => (
          <View key={v.id} className='item' id={`roll-entry-${v.id}`}>
            <View className='item__head'>
              <View className='item__title'>{v.maskedName}</View>
              <View className='item__meta'>{v.buildingLabel}</View>
            </View>
            {picking ? (
              <ActionButton kind={picked?.id === v.id ? 'primary' : 'secondary'} id={`pick-voter-${v.id}`} onClick={() => setPicked(v)}>
                {picked?.id === v.id ? '已选这位' : '选这位'}
              </ActionButton>
            ) : null}
          </View>
        ))}
        {roll.loaded && roll.items.length > 0 ? (
          <ListFooter error={roll.error} nextCursor={roll.nextCursor} loadingMore={roll.loadingMore || roll.loading} onMore={() => void roll.loadMore()} />
        ) : null}
      </View>
    </PageShell>
  )
}

/** My objections with their state and, once handled, the outcome. */
function MyObjections({ objections, error, onRetry }: { objections?: ObjectionDto[]; error?: ApiError; onRetry: () => void }) {
  if (error && !objections) return <View className='card'><ErrorState error={error} onRetry={onRetry} /></View>
  if (!objections?.length) return null
  return (
    <View className='card' id='my-objections'>
      <View className='card__title'>我提出的异议</View>
      {objections.map((o) => (
        <View key={o.id} className='item' id={`objection-${o.id}`}>
          <View className='item__head'>
            <View className='item__title'>{o.subject ? `${o.kindLabel}：${o.subject.maskedName}（${o.subject.buildingLabel}）` : o.subjectText ? `${o.kindLabel}：${o.subjectText}` : `${o.kindLabel}：本人`}</View>
            <View className={`tag tag--${o.status === 'upheld' ? 'approved' : o.status === 'dismissed' ? 'rejected' : 'pending'}`}>{o.statusLabel}</View>
          </View>
          <View className='election-text'>理由：{o.reason}</View>
          {o.resolution ? <View className='item__meta'>处理意见：{o.resolution}</View> : null}
        </View>
      ))}
    </View>
  )
}
