import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import ActionButton from '../../../components/ActionButton'
import ListFooter from '../../../components/ListFooter'
import ElectionItem from '../../../components/ElectionItem'
import PageShell from '../../../components/PageShell'
import { Empty, ListState } from '../../../components/StateView'
import { useCursorList, useListPageEvents } from '../../../hooks/useCursorList'
import { listElections } from '../../../services/elections'
import { ELECTION_ADMIN_PAGE, ELECTION_EDIT_PAGE } from '../../../utils/routes'
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
        {list.items.map((e) => <ElectionItem key={e.id} election={e} page={ELECTION_ADMIN_PAGE} className='card election-row' />)}
      </View>
      {list.loaded && list.items.length > 0 ? (
        <ListFooter error={list.error} nextCursor={list.nextCursor} loadingMore={list.loadingMore || list.loading} onMore={() => void list.loadMore()} />
      ) : null}
    </PageShell>
  )
}
