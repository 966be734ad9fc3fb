import { View } from '@tarojs/components'
import ListFooter from '../../../components/ListFooter'
import { Empty, ListState } from '../../../components/StateView'
import { useCursorList } from '../../../hooks/useCursorList'
import { createOpinion, listOpinions, type TopicDetailDto } from '../../../services/consultations'
import OpinionForm from './OpinionForm'
import OpinionItem from './OpinionItem'

const PAGE_SIZE = 20

/** 居民意见: the opinion form (while the topic is open for opinions) and the opinions, newest first, a page at a time. */
export default function Discussion({ topic, onPosted }: { topic: TopicDetailDto; onPosted: () => void }) {
  const list = useCursorList((cursor) => listOpinions(topic.id, { limit: PAGE_SIZE, cursor }), [topic.id])

  return (
    <View className='card' id='discussion'>
      <View className='card__title'>居民意见（{topic.opinionCount}）</View>
      {topic.allowedActions.opine ? (
        <OpinionForm idPrefix='opinion' withStance submitText='发表意见' placeholder='请写下您的看法，文明发言，不超过1000字'
          onSubmit={async (d) => {
            const created = await createOpinion(topic.id, { body: d.body, stance: d.stance })
            list.update((items) => [created, ...items])
            onPosted()
          }} />
      ) : (
        <View className='muted' id='opine-closed'>{topic.state === 'gathering' || topic.state === 'proposed' ? '开放讨论后才能发表意见。' : '现在不在讨论期，不能再发表意见。'}</View>
      )}
      <ListState list={list} empty={<Empty title='还没有意见' hint={topic.allowedActions.opine ? '欢迎第一个发表意见。' : undefined} />} />
      {list.items.map((o) => (
        <OpinionItem key={o.id} topicId={topic.id} opinion={o}
          onChange={(next) => list.update((items) => (next ? items.map((x) => (x.id === o.id ? next : x)) : items.filter((x) => x.id !== o.id)))} />
      ))}
      {list.loaded && list.items.length > 0 ? (
        <ListFooter error={list.error} nextCursor={list.nextCursor} loadingMore={list.loadingMore || list.loading} onMore={() => void list.loadMore()} />
      ) : null}
    </View>
  )
}
