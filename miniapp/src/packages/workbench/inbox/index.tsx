import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import CursorItems from '../../../components/ListFooter/CursorItems'
import PageShell from '../../../components/PageShell'
import SubscribeCard from '../../../components/SubscribeCard'
import { Empty } from '../../../components/StateView'
import { useCursorList, useListPageEvents } from '../../../hooks/useCursorList'
import { useResource } from '../../../hooks/useResource'
import { getRegionTree } from '../../../services/regions'
import { listInboxReports, listReportCategories } from '../../../services/reports'
import { REPORT_HANDLE_PAGE, withQuery } from '../../../utils/routes'
import Chip from '../../../components/Chip'
import { inboxQuery, STATE_FILTERS, type InboxFilter } from './deadline'
import InboxItem from './InboxItem'
import '../workbench.css'

const PAGE_SIZE = 20

/** The current time, renewed every minute so 「剩余 …」 stays true while the page is open. */
function useMinuteClock(): Date {
  const [now, setNow] = useState(() => new Date())
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), 60_000)
    return () => clearInterval(timer)
  }, [])
  return now
}

/**
 * 诉求工单: what I handle or supervise, soonest deadline first (the API's order and scope), with
 * filters by state, category and grid. A filter starts the list over; coming back from a report
 * loads again so a handled one moves.
 */
export default function InboxPage() {
  const [filter, setFilter] = useState<InboxFilter>({ state: 'open' })
  const list = useCursorList(
    (cursor) => listInboxReports({ ...inboxQuery(filter), limit: PAGE_SIZE, cursor }),
    [filter.state, filter.categoryId, filter.gridId],
  )
  const categories = useResource(listReportCategories)
  const tree = useResource(getRegionTree)
  const grids = (tree.data ?? []).flatMap((s) => s.children.flatMap((c) => c.children))
  const now = useMinuteClock()

  // Coming back (from a detail or a form) loads again, so changes appear.
  useListPageEvents(list)

  const patch = (p: Partial<InboxFilter>) => setFilter((f) => ({ ...f, ...p }))
  const open = (id: number) => Taro.navigateTo({ url: withQuery(REPORT_HANDLE_PAGE, { id }) })
  const filtered = filter.state !== 'open' || filter.categoryId || filter.gridId

  return (
    <PageShell>
      <View className='chips filter-row' id='inbox-state-filter' role='radiogroup' aria-label='状态'>
        {STATE_FILTERS.map((s) => (
          <Chip key={s.value} id={`inbox-state-${s.value}`} active={filter.state === s.value} onTap={() => patch({ state: s.value })}>
            {s.label}
          </Chip>
        ))}
      </View>
      {categories.data?.length ? (
        <View className='chips filter-row filter-row--scroll' id='inbox-category-filter' role='radiogroup' aria-label='类别'>
          <Chip id='inbox-category-all' active={!filter.categoryId} onTap={() => patch({ categoryId: undefined })}>
            全部类别
          </Chip>
          {categories.data.map((c) => (
            <Chip key={c.id} id={`inbox-category-${c.id}`} active={filter.categoryId === c.id} onTap={() => patch({ categoryId: c.id })}>
              {c.name}
            </Chip>
          ))}
        </View>
      ) : null}
      {grids.length > 1 ? (
        <View className='chips filter-row filter-row--scroll' id='inbox-grid-filter' role='radiogroup' aria-label='网格'>
          <Chip id='inbox-grid-all' active={!filter.gridId} onTap={() => patch({ gridId: undefined })}>
            全部网格
          </Chip>
          {grids.map((g) => (
            <Chip key={g.id} id={`inbox-grid-${g.id}`} active={filter.gridId === g.id} onTap={() => patch({ gridId: g.id })}>
              {g.name}
            </Chip>
          ))}
        </View>
      ) : null}

      <View className='card' id='inbox-list'>
        <CursorItems
          list={list}
          empty={
            <Empty
              title={filtered ? '没有符合条件的工单' : '暂无待办工单'}
              hint={filtered ? '换个筛选条件试试，或点「全部」。' : '新的诉求派发给您后会显示在这里，下拉可刷新。'}
            />
          }
        >
          {(r) => <InboxItem key={r.id} report={r} now={now} onOpen={open} />}
        </CursorItems>
      </View>
      <SubscribeCard compact topic='report' />
    </PageShell>
  )
}
