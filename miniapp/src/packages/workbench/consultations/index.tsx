import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import ListFooter from '../../../components/ListFooter'
import PageShell from '../../../components/PageShell'
import { Empty, ListState } from '../../../components/StateView'
import TopicItem from '../../../components/TopicItem'
import { useCursorList, useListPageEvents } from '../../../hooks/useCursorList'
import { listTopics, type TopicState } from '../../../services/consultations'
import { CONSULTATION_ADMIN_PAGE, CONSULTATION_OPEN_PAGE } from '../../../utils/routes'
import Chip from '../../../components/Chip'
import '../workbench.css'

const PAGE_SIZE = 20

/** Filters for staff: proposals waiting for support or adoption first, then the open and settled ones. */
const FILTERS: { key: string; name: string; state?: TopicState }[] = [
  { key: 'all', name: '全部' },
  { key: 'gathering', name: '征集中', state: 'gathering' },
  { key: 'discussion', name: '讨论中', state: 'discussion' },
  { key: 'voting', name: '表决中', state: 'voting' },
  { key: 'decided', name: '已议定', state: 'decided' },
  { key: 'in_progress', name: '落实中', state: 'in_progress' },
]

/** 议题管理: the topics of my community by state; a tap opens one to manage it, 发起议题 opens the form. */
export default function ConsultationManagePage() {
  const [filter, setFilter] = useState('all')
  const state = FILTERS.find((f) => f.key === filter)?.state
  const list = useCursorList((cursor) => listTopics({ limit: PAGE_SIZE, cursor, state }), [state])
  useListPageEvents(list)

  return (
    <PageShell>
      <ActionButton block id='topic-new' onClick={() => void Taro.navigateTo({ url: CONSULTATION_OPEN_PAGE })}>
        发起议题
      </ActionButton>
      <View className='chips chips--scroll' id='wb-topic-filter' role='radiogroup'>
        {FILTERS.map((f) => (
          <Chip key={f.key} id={`wb-topic-filter-${f.key}`} active={f.key === filter} onTap={() => setFilter(f.key)}>{f.name}</Chip>
        ))}
      </View>
      <View className='card' id='wb-topic-list'>
        <ListState list={list} empty={<Empty title='还没有议题' hint='点击上方「发起议题」开放讨论；居民的提议也会出现在这里。' />} />
        {list.items.map((t) => <TopicItem key={t.id} topic={t} page={CONSULTATION_ADMIN_PAGE} />)}
        {list.loaded && list.items.length > 0 ? (
          <ListFooter error={list.error} nextCursor={list.nextCursor} loadingMore={list.loadingMore || list.loading} onMore={() => void list.loadMore()} />
        ) : null}
      </View>
    </PageShell>
  )
}
