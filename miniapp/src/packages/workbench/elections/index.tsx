import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import ActionButton from '../../../components/ActionButton'
import ListFooter from '../../../components/ListFooter'
import PageShell from '../../../components/PageShell'
import { Empty, ListState } from '../../../components/StateView'
import { useCursorList, useListPageEvents } from '../../../hooks/useCursorList'
import { listElections, type ElectionDto } from '../../../services/elections'
import { ELECTION_ADMIN_PAGE, ELECTION_EDIT_PAGE, withQuery } from '../../../utils/routes'
import '../workbench.css'
import '../election/election.css'

const PAGE_SIZE = 20

/**
 * 选举管理: the elections of the communities in my scope, drafts included, newest first; a tap
 * opens one to manage it, 新建选举 opens an empty draft. Coming back reloads the list.
 */
export default function ElectionManagePage() {
  const list = useCursorList((cursor) => listElections({ limit: PAGE_SIZE, cursor }))
  useListPageEvents(list)

  return (
    <PageShell>
      <ActionButton block id='election-new' onClick={() => void Taro.navigateTo({ url: ELECTION_EDIT_PAGE })}>
        新建选举
      </ActionButton>
      <ListState list={list} empty={<Empty title='还没有选举' hint='点击上方“新建选举”开始。' />} />
      <View id='election-list'>
        {list.items.map((e) => <ElectionRow key={e.id} election={e} />)}
      </View>
      {list.loaded && list.items.length > 0 ? (
        <ListFooter error={list.error} nextCursor={list.nextCursor} loadingMore={list.loadingMore || list.loading} onMore={() => void list.loadMore()} />
      ) : null}
    </PageShell>
  )
}

function ElectionRow({ election }: { election: ElectionDto }) {
  return (
    <View className='card item election-row' id={`election-${election.id}`} role='button'
      onClick={() => void Taro.navigateTo({ url: withQuery(ELECTION_ADMIN_PAGE, { id: election.id }) })}>
      <View className='item__head'>
        <View className='item__title'>{election.title}</View>
        <View className={`tag election-phase election-phase--${election.phase}`}>{election.phaseLabel}</View>
      </View>
      <View className='item__meta'>选举日 {election.electionDay}</View>
    </View>
  )
}
