import { Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useEffect, useState } from 'react'
import ActionButton from '../../../../components/ActionButton'
import Field from '../../../../components/Field'
import { asApiError } from '../../../../hooks/useResource'
import {
  answerDisclosureQuestion, hideDisclosureQuestion, publishDisclosureQuestion, type DisclosureQuestionDto,
} from '../../../../services/disclosures'
import { DISCLOSURE_LIMITS as L } from '../../../../utils/limits'
import { formatDateTime } from '../../../../utils/time'

/**
 * The questions on an item, for the committee: answer a public one (once, public, the asker is
 * told), publish a held or hidden one, hide one with a reason the asker sees. What each question
 * allows comes from the API (`allowedActions`).
 */
export default function QuestionsAdmin({ itemId, questions: initial }: { itemId: number; questions: DisclosureQuestionDto[] }) {
  const [questions, setQuestions] = useState(initial)
  // A reload (pull down, coming back) brings the questions as they now stand.
  useEffect(() => setQuestions(initial), [initial])
  const replace = (q: DisclosureQuestionDto) => setQuestions((all) => all.map((x) => (x.id === q.id ? q : x)))
  return (
    <View className='card' id='questions-admin'>
      <View className='card__title'>居民提问（{questions.length}）</View>
      {questions.length === 0 ? <View className='muted'>还没有居民提问。</View> : null}
      {questions.map((q) => (
        <QuestionAdmin key={q.id} itemId={itemId} q={q} onChanged={replace} />
      ))}
    </View>
  )
}

function QuestionAdmin({ itemId, q, onChanged }: { itemId: number; q: DisclosureQuestionDto; onChanged: (q: DisclosureQuestionDto) => void }) {
  const [answer, setAnswer] = useState('')
  const [reason, setReason] = useState('')
  const [hiding, setHiding] = useState(false)
  const [errors, setErrors] = useState<{ answer?: string; reason?: string; other?: string }>({})
  const [busy, setBusy] = useState(false)

  const run = async (action: () => Promise<DisclosureQuestionDto>, field: 'answer' | 'reason' | 'other') => {
    setBusy(true)
    setErrors({})
    try {
      onChanged(await action())
      setHiding(false)
    } catch (e) {
      const err = asApiError(e)
      setErrors({ [field]: field === 'other' ? err.message : err.fieldMessage('body') ?? err.fieldMessage('reason') ?? err.message })
    } finally {
      setBusy(false)
    }
  }

  const sendAnswer = async () => {
    if (answer.trim().length < 2) return setErrors({ answer: '答复至少2个字' })
    const { confirm } = await Taro.showModal({ title: '发布答复', content: '答复将公开，提问人会收到通知；发布后不能修改。', confirmText: '发布', cancelText: '再看看' })
    if (confirm) await run(() => answerDisclosureQuestion(itemId, q.id, { body: answer.trim() }), 'answer')
  }
  const hide = async () => {
    if (reason.trim().length < 2) return setErrors({ reason: '请写明隐藏原因（至少2个字）' })
    const { confirm } = await Taro.showModal({ title: '隐藏提问', content: '隐藏后其他居民看不到这条提问，提问人会收到通知并看到原因。', confirmText: '隐藏', cancelText: '取消' })
    if (confirm) await run(() => hideDisclosureQuestion(itemId, q.id, { reason: reason.trim() }), 'reason')
  }

  return (
    <View className='item' id={`admin-question-${q.id}`}>
      <View className='item__head'>
        <View className='item__title'>{q.askerName}</View>
        <View className={`tag${q.status === 'published' ? ' tag--approved' : q.status === 'held' ? ' tag--pending' : ' tag--withdrawn'}`}>{q.statusLabel}</View>
      </View>
      <View>{q.body}</View>
      <View className='item__meta'>{formatDateTime(q.createdAt)}{q.statusReason ? ` · ${q.statusReason}` : ''}</View>
      {q.answer ? <View className='banner banner--ok'>已答复：{q.answer}</View> : null}
      {errors.other ? <View className='banner banner--error' role='alert'>{errors.other}</View> : null}
      {q.allowedActions.answer ? (
        <View>
          <Field label='答复（公开）' error={errors.answer} id={`field-answer-${q.id}`}>
            <Textarea id={`answer-body-${q.id}`} className='textarea textarea--short' value={answer} maxlength={L.answerMax} placeholder='请写下答复' onInput={(e) => setAnswer(e.detail.value)} />
          </Field>
          <ActionButton block id={`answer-submit-${q.id}`} disabled={busy} onClick={() => void sendAnswer()}>发布答复</ActionButton>
        </View>
      ) : null}
      <View className='actions'>
        {q.allowedActions.publish ? (
          <ActionButton grow id={`question-publish-${q.id}`} disabled={busy} onClick={() => void run(() => publishDisclosureQuestion(itemId, q.id), 'other')}>
            公开提问
          </ActionButton>
        ) : null}
        {q.allowedActions.hide && !hiding ? (
          <ActionButton kind='danger' grow id={`question-hide-${q.id}`} disabled={busy} onClick={() => setHiding(true)}>隐藏提问</ActionButton>
        ) : null}
      </View>
      {hiding ? (
        <View>
          <Field label='隐藏原因（提问人可见）' error={errors.reason} id={`field-hide-${q.id}`}>
            <Textarea id={`hide-reason-${q.id}`} className='textarea textarea--short' value={reason} maxlength={L.hideReasonMax} placeholder='例如：含有他人隐私' onInput={(e) => setReason(e.detail.value)} />
          </Field>
          <View className='actions'>
            <ActionButton kind='danger' grow id={`hide-submit-${q.id}`} disabled={busy} onClick={() => void hide()}>确认隐藏</ActionButton>
            <ActionButton kind='secondary' grow onClick={() => setHiding(false)}>取消</ActionButton>
          </View>
        </View>
      ) : null}
    </View>
  )
}
