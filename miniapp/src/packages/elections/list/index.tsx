import { View } from '@tarojs/components'
import CursorItems from '../../../components/ListFooter/CursorItems'
import PageShell from '../../../components/PageShell'
import SubscribeCard from '../../../components/SubscribeCard'
import { Empty } from '../../../components/StateView'
import { useCursorList, useListPageEvents } from '../../../hooks/useCursorList'
import { listElections } from '../../../services/elections'
import '../elections.css'
import ElectionItem from '../../../components/ElectionItem'
import { ELECTION_DETAIL_PAGE } from '../../../utils/routes'

const PAGE_SIZE = 20

/** 社区选举: every election of my communities, newest first, 加载更多 by cursor, pull down to refresh. */
export default function ElectionListPage() {
  const list = useCursorList((cursor) => listElections({ limit: PAGE_SIZE, cursor }))
  useListPageEvents(list)
  return (
    <PageShell>
      <View className='card' id='election-list'>
        <CursorItems list={list} empty={<Empty title='暂无社区选举' hint='社区发布换届选举后会显示在这里，下拉可刷新。' />}>
          {(e) => <ElectionItem key={e.id} election={e} page={ELECTION_DETAIL_PAGE} />}
        </CursorItems>
      </View>
      <SubscribeCard compact topic='election' />
    </PageShell>
  )
}
