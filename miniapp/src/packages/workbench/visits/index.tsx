import { View } from '@tarojs/components'
import Taro, { usePullDownRefresh, useReachBottom } from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import ListFooter from '../../../components/ListFooter'
import PageShell from '../../../components/PageShell'
import { Empty, ListState } from '../../../components/StateView'
import { useCursorList } from '../../../hooks/useCursorList'
import { useResource } from '../../../hooks/useResource'
import { getMe } from '../../../services/me'
import { getVisitOptions, listDueVisits, listVisits, type DueVisitDto, type VisitDto } from '../../../services/workbench'
import { shanghaiParts } from '../../../utils/time'
import DueList from './DueList'
import { emptyVisit, type VisitForm as Form } from './form'
import VisitForm from './VisitForm'
import '../workbench.css'

const PAGE_SIZE = 20

/**
 * 民情日志: the 五必访 households still to visit this month, 记录走访 (grid workers), and the
 * visit log — a worker's own, a leader's or the community's whole scope (the API decides).
 */
export default function VisitsPage() {
  const me = useResource(getMe)
  const due = useResource(() => listDueVisits())
  const options = useResource(getVisitOptions)
  const log = useCursorList((cursor) => listVisits({ limit: PAGE_SIZE, cursor }), [])
  const [form, setForm] = useState<Form>()
  const today = shanghaiParts(new Date()).date
  const grids = me.data?.grids ?? []
  const canVisit = grids.length > 0

  usePullDownRefresh(() => void Promise.all([due.reload(), log.reload()]).finally(() => Taro.stopPullDownRefresh()))
  useReachBottom(() => void log.loadMore())

  const start = (household?: DueVisitDto['household']) => {
    setForm(emptyVisit(today, household))
    void Taro.pageScrollTo({ scrollTop: 0, duration: 200 }).catch(() => undefined)
  }
  const saved = (v: VisitDto) => {
    setForm(undefined)
    log.update((items) => [v, ...items.filter((x) => x.id !== v.id)])
    void due.reload()
  }

  return (
    <PageShell>
      {options.error && canVisit ? <View className='banner banner--error' role='alert'>{options.error.message}</View> : null}
      {form && options.data ? (
        <VisitForm
          key={`${form.householdId ?? 'new'}`}
          initial={form}
          today={today}
          grids={grids}
          kinds={options.data.kinds}
          onSaved={saved}
          onCancel={() => setForm(undefined)}
        />
      ) : canVisit && options.data ? (
        <ActionButton block id='visit-new' onClick={() => start()}>
          记录走访
        </ActionButton>
      ) : null}

      <View className='section-title'>五必访 · 本月待走访</View>
      <View className='card'>
        <DueList due={due} flags={options.data?.careFlags} canVisit={canVisit} onVisit={start} />
      </View>

      <View className='section-title'>走访记录</View>
      <View className='card' id='visit-log'>
        <ListState list={log} empty={<Empty title='还没有走访记录' hint={canVisit ? '点上方「记录走访」开始。' : undefined} />} />
        {log.items.map((v) => (
          <VisitItem key={v.id} visit={v} />
        ))}
        {log.loaded && log.items.length > 0 ? (
          <ListFooter error={log.error} nextCursor={log.nextCursor} loadingMore={log.loadingMore || log.loading} onMore={() => void log.loadMore()} />
        ) : null}
      </View>
    </PageShell>
  )
}

function VisitItem({ visit }: { visit: VisitDto }) {
  return (
    <View className='item' id={`visit-${visit.id}`}>
      <View className='item__head'>
        <View className='item__title'>{visit.household.address}</View>
        <View className='tag tag--approved'>{visit.kindLabel}</View>
      </View>
      <View className='inbox-item__excerpt'>{visit.notes}</View>
      {visit.followUps ? <View className='item__meta'>后续：{visit.followUps}</View> : null}
      <View className='item__meta'>
        {visit.visitedOn} · {visit.worker.name} · {visit.household.grid.name}
      </View>
    </View>
  )
}
