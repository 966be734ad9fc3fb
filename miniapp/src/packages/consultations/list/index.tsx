import { View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import CursorItems from '../../../components/ListFooter/CursorItems'
import PageShell from '../../../components/PageShell'
import SubscribeCard from '../../../components/SubscribeCard'
import { Empty } from '../../../components/StateView'
import TopicItem from '../../../components/TopicItem'
import { useCursorList, useListPageEvents } from '../../../hooks/useCursorList'
import { listTopics, type TopicState } from '../../../services/consultations'
import { CONSULTATION_DETAIL_PAGE, CONSULTATION_PROPOSE_PAGE } from '../../../utils/routes'
import Chip from '../../../components/Chip'
import '../consultations.css'

const PAGE_SIZE = 20

/** The tabs: a name for where a topic stands, and the state the API filters by (none: 全部). */
const TABS: { key: string; name: string; state?: TopicState }[] = [
  { key: 'gathering', name: '征集中', state: 'gathering' },
  { key: 'discussion', name: '讨论中', state: 'discussion' },
  { key: 'voting', name: '表决中', state: 'voting' },
  { key: 'decided', name: '已议定', state: 'decided' },
  { key: 'all', name: '全部' },
]

/** 全部议题: the topics for me by where they stand, newest first, 加载更多 by cursor, pull down to refresh. */
export default function TopicListPage() {
  const [tab, setTab] = useState('all')
  const state = TABS.find((t) => t.key === tab)?.state
  const list = useCursorList((cursor) => listTopics({ limit: PAGE_SIZE, cursor, state }), [state])
  useListPageEvents(list)

  return (
    <PageShell>
      <View className='chips chips--scroll' id='topic-tabs' role='radiogroup'>
        {TABS.map((t) => (
          <Chip key={t.key} id={`topic-tab-${t.key}`} active={t.key === tab} onTap={() => setTab(t.key)}>
            {t.name}
          </Chip>
        ))}
      </View>
      <View className='card' id='topic-list'>
        <CursorItems list={list} empty={<Empty title='暂无议题' hint={state ? '这一类里还没有议题，点上方「全部」可查看所有议题。' : '居委会开放讨论的议题和居民的提议都会显示在这里。'} />}>
          {(t) => <TopicItem key={t.id} topic={t} page={CONSULTATION_DETAIL_PAGE} />}
        </CursorItems>
      </View>
      <View className='actions'>
        <ActionButton grow id='list-propose' onClick={() => Taro.navigateTo({ url: CONSULTATION_PROPOSE_PAGE })}>
          我要提议
        </ActionButton>
      </View>
      <SubscribeCard compact topic='consultation' />
    </PageShell>
  )
}
