import { Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import InfoRow from '../../../components/InfoRow'
import { ErrorState, Loading } from '../../../components/StateView'
import { useAction } from '../../../hooks/useAction'
import { useResource } from '../../../hooks/useResource'
import { getOutcome, rateTopic, type RatingInput, type TopicOutcomeDto } from '../../../services/consultations'
import { formatDateTime, formatShortTime } from '../../../utils/time'
import Chip from '../../../components/Chip'

type Rating = RatingInput['rating']

/** 议定结果: the decision, the actions carrying it out with their progress, and residents' ratings (rate once). */
export default function OutcomeCard({ topicId }: { topicId: number }) {
  const loaded = useResource(() => getOutcome(topicId))
  const [rated, setRated] = useState<TopicOutcomeDto>()
  const o = rated ?? loaded.data
  if (!o) return <View className='card' id='outcome-card'>{loaded.error ? <ErrorState error={loaded.error} onRetry={loaded.reload} /> : <Loading />}</View>

  const d = o.decision
  return (
    <View>
      <View className='card' id='outcome-card'>
        <View className='card__title'>议定结果</View>
        {d ? (
          <View id='decision'>
            <InfoRow label='议定方式'>{d.methodLabel}</InfoRow>
            {d.meetingDate ? <InfoRow label='会议日期'>{d.meetingDate}</InfoRow> : null}
            {d.attendees ? <InfoRow label='参会人数'>{d.attendees} 人</InfoRow> : null}
            <View className='topic-background'>{d.resolution}</View>
          </View>
        ) : <View className='muted'>决议还没有公布。</View>}
      </View>
      {o.actions.length ? (
        <View className='card' id='outcome-actions'>
          <View className='card__title'>落实进展</View>
          {o.actions.map((a) => (
            <View key={a.id} className='opinion' id={`action-${a.id}`}>
              <View className='item__head'>
                <View className='item__title'>{a.title}</View>
                <View className={`tag tag--${a.status === 'completed' ? 'approved' : 'pending'}`}>{a.statusLabel}</View>
              </View>
              <View className='muted'>负责人 {a.owner} · 期限 {a.dueDate}{a.completedAt ? ` · ${formatDateTime(a.completedAt)} 完成` : ''}</View>
              {a.updates.map((u) => (
                <View key={u.id} className='topic-timeline__step'>{formatShortTime(u.createdAt)} {u.author}：{u.body}</View>
              ))}
            </View>
          ))}
        </View>
      ) : null}
      {o.ratings.total || o.allowedActions.rate || o.ratings.mine ? <Ratings topicId={topicId} outcome={o} onRated={setRated} /> : null}
    </View>
  )
}

function Ratings({ topicId, outcome: o, onRated }: { topicId: number; outcome: TopicOutcomeDto; onRated: (o: TopicOutcomeDto) => void }) {
  const [rating, setRating] = useState<Rating>()
  const [comment, setComment] = useState('')
  const { busy, error, setError, run } = useAction()
  const r = o.ratings

  const submit = async () => {
    if (!rating) return setError('请先选择满意程度')
    const confirm = { title: '提交评价？', content: '每人只能评价一次，提交后不能修改。', confirmText: '提交', cancelText: '再想想' }
    const rated = await run(() => rateTopic(topicId, { rating, comment: comment.trim() }), { confirm })
    if (rated) onRated(rated)
  }

  return (
    <View className='card' id='ratings'>
      <View className='card__title'>居民评价</View>
      {r.total ? (
        <View className='muted' id='ratings-summary'>
          共 {r.total} 人评价{r.satisfactionRate !== null ? `，满意率 ${r.satisfactionRate}%` : ''}（{r.counts.map((c) => `${c.label} ${c.count}`).join('，')}）
        </View>
      ) : null}
      {r.mine ? <View className='banner banner--ok' id='my-rating'>您的评价：{r.mine.label}{r.mine.comment ? `，${r.mine.comment}` : ''}</View> : null}
      {o.allowedActions.rate && !r.mine ? (
        <View id='rate-form'>
          <View className='chips' role='radiogroup'>
            {r.counts.map((c) => (
              <Chip key={c.rating} id={`rate-${c.rating}`} active={rating === c.rating} onTap={() => setRating(c.rating)}>
                {c.label}
              </Chip>
            ))}
          </View>
          <Field label='想说的话（可不填）' id='rate-comment-field'>
            <Textarea id='rate-comment' className='textarea textarea--short' value={comment} maxlength={500} autoHeight placeholder='对落实情况的看法' onInput={(e) => setComment(e.detail.value)} />
          </Field>
          {error ? <View className='banner banner--error' role='alert'>{error}</View> : null}
          <ActionButton block id='rate-submit' disabled={busy} onClick={() => void submit()}>{busy ? '提交中…' : '提交评价'}</ActionButton>
        </View>
      ) : null}
    </View>
  )
}
