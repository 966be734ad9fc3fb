import { Input, Picker, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../../components/ActionButton'
import Field from '../../../../components/Field'
import InfoRow from '../../../../components/InfoRow'
import { ErrorState, Loading } from '../../../../components/StateView'
import { asApiError, useResource } from '../../../../hooks/useResource'
import {
  addAction, completeAction, getOutcome, postProgress, recordDecision, type TopicDetailDto, type TopicOutcomeDto,
} from '../../../../services/consultations'
import { formErrors } from '../../../../utils/formErrors'
import { formatShortTime, shanghaiParts } from '../../../../utils/time'

type Outcome = TopicOutcomeDto
const errorsOf = (e: unknown, names: string[]) => {
  const err = asApiError(e)
  const fields = formErrors(err, (f) => (names.includes(f) ? f : undefined)) as Record<string, string>
  return { fields, message: Object.keys(fields).length ? undefined : err.message }
}

/**
 * 议定与落实 (staff): record the decision (a meeting's, or the vote's outcome), add the actions that
 * carry it out, post their progress and mark them done — each irreversible step after a confirmation.
 * `onStateChanged` reloads the topic (a decision, the first action and the last completion move it on).
 */
export default function OutcomeAdmin({ topic, onStateChanged }: { topic: TopicDetailDto; onStateChanged: () => void }) {
  const loaded = useResource(() => getOutcome(topic.id))
  const [changed, setChanged] = useState<Outcome>()
  const o = changed ?? loaded.data
  if (!o) return <View className='card' id='wb-outcome'>{loaded.error ? <ErrorState error={loaded.error} onRetry={loaded.reload} /> : <Loading />}</View>
  const update = (next: Outcome) => {
    setChanged(next)
    if (next.state !== o.state) onStateChanged()
  }
  if (!o.decision && !o.allowedActions.decide) return null

  return (
    <View className='card' id='wb-outcome'>
      <View className='card__title'>议定与落实</View>
      {o.decision ? (
        <View id='wb-decision'>
          <InfoRow label='议定方式'>{o.decision.methodLabel}</InfoRow>
          {o.decision.meetingDate ? <InfoRow label='会议日期'>{o.decision.meetingDate}</InfoRow> : null}
          {o.decision.attendees ? <InfoRow label='参会人数'>{o.decision.attendees} 人</InfoRow> : null}
          <View className='wb-topic-background'>{o.decision.resolution}</View>
        </View>
      ) : null}
      {o.allowedActions.decide ? <DecisionForm topic={topic} onSaved={update} /> : null}
      {o.actions.map((a) => (
        <View key={a.id} className='wb-opinion' id={`wb-action-${a.id}`}>
          <View className='item__head'>
            <View className='item__title'>{a.title}</View>
            <View className={`tag tag--${a.status === 'completed' ? 'approved' : 'pending'}`} id={`wb-action-${a.id}-status`}>{a.statusLabel}</View>
          </View>
          <View className='item__meta'>负责人 {a.owner} · 期限 {a.dueDate}</View>
          {a.updates.map((u) => <View key={u.id} className='item__meta'>{formatShortTime(u.createdAt)} {u.author}：{u.body}</View>)}
          {o.allowedActions.updateActions && a.status !== 'completed' ? <ActionProgress topicId={topic.id} actionId={a.id} onSaved={update} /> : null}
        </View>
      ))}
      {o.allowedActions.addAction ? <ActionForm topicId={topic.id} onSaved={update} /> : null}
      {o.ratings.total ? (
        <View id='wb-ratings'>
          <View className='muted'>居民评价 {o.ratings.total} 人{o.ratings.satisfactionRate !== null ? `，满意率 ${o.ratings.satisfactionRate}%` : ''}</View>
          {o.ratings.comments.map((c, i) => <View key={i} className='item__meta'>{c.author}（{c.label}）：{c.comment}</View>)}
        </View>
      ) : null}
    </View>
  )
}

function DecisionForm({ topic, onSaved }: { topic: TopicDetailDto; onSaved: (o: Outcome) => void }) {
  const meeting = topic.decisionMethod === 'meeting'
  const [date, setDate] = useState('')
  const [attendees, setAttendees] = useState('')
  const [resolution, setResolution] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string>()
  const save = async () => {
    if (resolution.trim().length < 2) return setErrors({ resolution: '请填写决议内容（至少2个字）' })
    const { confirm } = await Taro.showModal({ title: '公布决议？', content: '议题将变为「已议定」，并通知居民，不能撤回。', confirmText: '公布', cancelText: '取消' })
    if (!confirm) return
    setErrors({})
    setError(undefined)
    try {
      onSaved(await recordDecision(topic.id, { resolution: resolution.trim(), ...(meeting && date ? { meetingDate: date } : {}), ...(meeting && attendees ? { attendees: Number(attendees) } : {}) }))
    } catch (e) {
      const r = errorsOf(e, ['meetingDate', 'attendees', 'resolution'])
      setErrors(r.fields)
      setError(r.message)
    }
  }
  return (
    <View id='wb-decision-form'>
      {meeting ? (
        <View>
          <Field label='会议日期' error={errors.meetingDate} id='wb-decision-date-field'>
            <Picker mode='date' value={date} onChange={(e) => setDate(String(e.detail.value))}><View className='input picker-value'>{date || '请选择日期'}</View></Picker>
          </Field>
          <Field label='参会人数' error={errors.attendees} id='wb-decision-attendees-field'>
            <Input id='wb-decision-attendees' className='input' type='number' value={attendees} onInput={(e) => setAttendees(e.detail.value)} />
          </Field>
        </View>
      ) : null}
      <Field label={meeting ? '会议决议' : '表决结果'} error={errors.resolution} id='wb-decision-resolution-field'>
        <Textarea id='wb-decision-resolution' className='textarea textarea--short' value={resolution} maxlength={2000} autoHeight placeholder='居民将看到的决议内容' onInput={(e) => setResolution(e.detail.value)} />
      </Field>
      {error ? <View className='banner banner--error' role='alert'>{error}</View> : null}
      <ActionButton block id='wb-decision-save' onClick={() => void save()}>公布决议</ActionButton>
    </View>
  )
}

function ActionForm({ topicId, onSaved }: { topicId: number; onSaved: (o: Outcome) => void }) {
  const [title, setTitle] = useState('')
  const [owner, setOwner] = useState('')
  const [due, setDue] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [error, setError] = useState<string>()
  const save = async () => {
    if (!due) return setErrors({ dueDate: '请选择完成期限' })
    setErrors({})
    setError(undefined)
    try {
      onSaved(await addAction(topicId, { title: title.trim(), owner: owner.trim(), dueDate: due }))
      setTitle('')
      setOwner('')
      setDue('')
    } catch (e) {
      const r = errorsOf(e, ['title', 'owner', 'dueDate'])
      setErrors(r.fields)
      setError(r.message)
    }
  }
  return (
    <View id='wb-action-form'>
      <View className='topic-subtitle'>添加议定事项</View>
      <Field label='事项' error={errors.title} id='wb-action-title-field'>
        <Input id='wb-action-title' className='input' value={title} maxlength={200} placeholder='例如：安装充电桩' onInput={(e) => setTitle(e.detail.value)} />
      </Field>
      <Field label='负责人' error={errors.owner} id='wb-action-owner-field'>
        <Input id='wb-action-owner' className='input' value={owner} maxlength={64} placeholder='例如：物业王经理' onInput={(e) => setOwner(e.detail.value)} />
      </Field>
      <Field label='完成期限' error={errors.dueDate} id='wb-action-due-field'>
        <Picker mode='date' value={due} start={shanghaiParts(new Date()).date} onChange={(e) => setDue(String(e.detail.value))}><View className='input picker-value'>{due || '请选择日期'}</View></Picker>
      </Field>
      {error ? <View className='banner banner--error' role='alert'>{error}</View> : null}
      <ActionButton block kind='secondary' id='wb-action-add' onClick={() => void save()}>添加事项</ActionButton>
    </View>
  )
}

function ActionProgress({ topicId, actionId, onSaved }: { topicId: number; actionId: number; onSaved: (o: Outcome) => void }) {
  const [body, setBody] = useState('')
  const [error, setError] = useState<string>()
  const run = async (act: () => Promise<Outcome>) => {
    setError(undefined)
    try {
      onSaved(await act())
      setBody('')
    } catch (e) {
      setError(asApiError(e).fields?.[0]?.message ?? asApiError(e).message)
    }
  }
  const post = () => (body.trim() ? void run(() => postProgress(topicId, actionId, { body: body.trim() })) : setError('请填写进展'))
  const complete = async () => {
    const { confirm } = await Taro.showModal({ title: '这项已完成？', content: '标记完成后通知居民，不能撤回。全部完成后议题变为「已完成」。', confirmText: '已完成', cancelText: '取消' })
    if (confirm) void run(() => completeAction(topicId, actionId))
  }
  return (
    <View>
      <Field label='进展' error={error} id={`wb-action-${actionId}-progress-field`}>
        <Textarea id={`wb-action-${actionId}-progress`} className='textarea textarea--short' value={body} maxlength={1000} autoHeight placeholder='居民会收到通知' onInput={(e) => setBody(e.detail.value)} />
      </Field>
      <View className='actions'>
        <ActionButton grow kind='secondary' id={`wb-action-${actionId}-post`} onClick={post}>发布进展</ActionButton>
        <ActionButton grow id={`wb-action-${actionId}-complete`} onClick={() => void complete()}>标记完成</ActionButton>
      </View>
    </View>
  )
}
