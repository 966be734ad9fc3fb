import { Textarea, View } from '@tarojs/components'
import { useEffect, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import { asApiError } from '../../../hooks/useResource'
import { askDisclosureQuestion, type DisclosureDetailDto, type DisclosureQuestionDto } from '../../../services/disclosures'
import { formatDateTime } from '../../../utils/time'
import { DISCLOSURE_LIMITS } from '../../../utils/limits'

const MAX = DISCLOSURE_LIMITS.questionMax

/**
 * 居民问答: the questions the caller may see (public ones; their own held or hidden ones with the
 * reason) and, for residents of the community, 我要提问. A question the content check holds is
 * kept and shown as 「您的提问待审核」; one it refuses (422) shows the API's message under the field.
 */
export default function Questions({ item }: { item: DisclosureDetailDto }) {
  const [questions, setQuestions] = useState(item.questions)
  // A reload (pull down) brings the questions as they now stand.
  useEffect(() => setQuestions(item.questions), [item.questions])
  const [text, setText] = useState('')
  const [error, setError] = useState<string>()
  const [sending, setSending] = useState(false)
  const [notice, setNotice] = useState<string>()

  const ask = async () => {
    if (sending) return
    const body = text.trim()
    if (body.length < DISCLOSURE_LIMITS.questionMin) return setError(`问题至少${DISCLOSURE_LIMITS.questionMin}个字`)
    setSending(true)
    setError(undefined)
    setNotice(undefined)
    try {
      const q = await askDisclosureQuestion(item.id, { body })
      setQuestions((all) => [...all, q])
      setText('')
      setNotice(q.status === 'held' ? '您的提问待审核，审核通过后其他居民才能看到。' : '提问已公开，社区答复后会通知您。')
    } catch (e) {
      const err = asApiError(e)
      setError(err.fieldMessage('body') ?? err.message)
    } finally {
      setSending(false)
    }
  }

  return (
    <View className='card' id='disclosure-questions'>
      <View className='card__title'>居民问答</View>
      {questions.length === 0 ? <View className='muted'>还没有人提问。</View> : null}
      {questions.map((q) => (
        <Question key={q.id} q={q} />
      ))}
      {item.allowedActions.ask ? (
        <View id='ask-form'>
          <Field label='我要提问' error={error} id='field-question' hint={`${text.trim().length}/${MAX}，社区工作人员会公开答复`}>
            <Textarea
              id='question-body'
              className='disclosure-textarea'
              value={text}
              maxlength={MAX}
              placeholder='对这条公开内容有疑问？请写下来'
              onInput={(e) => setText(e.detail.value)}
            />
          </Field>
          {notice ? <View className='banner banner--ok' id='ask-notice'>{notice}</View> : null}
          <ActionButton block id='question-submit' disabled={sending} onClick={() => void ask()}>
            {sending ? '提交中…' : '提交问题'}
          </ActionButton>
        </View>
      ) : null}
    </View>
  )
}

function Question({ q }: { q: DisclosureQuestionDto }) {
  return (
    <View className='question' id={`question-${q.id}`}>
      <View className='item__meta'>{q.askerName}{q.isMine ? '（我）' : ''} · {formatDateTime(q.createdAt)}</View>
      <View>{q.body}</View>
      {q.isMine && q.status === 'held' ? <View className='tag tag--pending'>您的提问待审核</View> : null}
      {q.status === 'hidden' ? <View className='tag tag--withdrawn'>{q.statusLabel}{q.statusReason ? `：${q.statusReason}` : ''}</View> : null}
      {q.answer ? (
        <View className='question__answer'>
          <View className='item__title'>社区答复</View>
          <View>{q.answer}</View>
          {q.answeredAt ? <View className='item__meta'>{formatDateTime(q.answeredAt)}</View> : null}
        </View>
      ) : q.status === 'published' ? (
        <View className='item__meta'>等待社区答复</View>
      ) : null}
    </View>
  )
}
