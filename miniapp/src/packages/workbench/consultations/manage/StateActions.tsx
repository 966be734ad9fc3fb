import { Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../../components/ActionButton'
import Field from '../../../../components/Field'
import { asApiError } from '../../../../hooks/useResource'
import { adoptTopic, transitionTopic, type TopicDetailDto } from '../../../../services/consultations'

type Next = TopicDetailDto['nextStates'][number]

/**
 * 推进议题: adopt a resident's proposal, or move the topic to one of the states the API offers
 * (`nextStates`), each after a confirmation; a state that needs a reason (关闭) asks for it first.
 */
export default function StateActions({ topic: t, onChanged }: { topic: TopicDetailDto; onChanged: (t: TopicDetailDto) => void }) {
  const [asking, setAsking] = useState<Next>()
  const [reason, setReason] = useState('')
  const [reasonError, setReasonError] = useState<string>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)

  const run = async (title: string, content: string, act: () => Promise<TopicDetailDto>) => {
    const { confirm } = await Taro.showModal({ title, content, confirmText: '确定', cancelText: '取消' })
    if (!confirm) return
    setBusy(true)
    setError(undefined)
    try {
      onChanged(await act())
      setAsking(undefined)
      setReason('')
      void Taro.showToast({ title: '已更新', icon: 'none' })
    } catch (e) {
      const err = asApiError(e)
      const field = err.fields?.find((f) => f.field === 'reason')
      if (field) setReasonError(field.message)
      else setError(err.message)
    } finally {
      setBusy(false)
    }
  }

  const move = (n: Next) => {
    if (n.needsReason && asking?.state !== n.state) return setAsking(n)
    if (n.needsReason && reason.trim().length < 2) return setReasonError('请写明原因（至少2个字），居民会看到')
    setReasonError(undefined)
    void run(`改为「${n.label}」？`, '议题范围内的居民会收到通知，改变后不能撤回。', () => transitionTopic(t.id, n.state, n.needsReason ? reason.trim() : undefined))
  }

  if (!t.allowedActions.adopt && !(t.allowedActions.transition && t.nextStates.length)) return null
  return (
    <View className='card' id='topic-state-actions'>
      <View className='card__title'>推进议题</View>
      {error ? <View className='banner banner--error' role='alert'>{error}</View> : null}
      {t.allowedActions.adopt ? (
        <ActionButton block id='topic-adopt' disabled={busy}
          onClick={() => void run('采纳这个提议？', '不论支持人数多少，议题都将立即开放讨论。', () => adoptTopic(t.id))}>
          采纳提议，开放讨论
        </ActionButton>
      ) : null}
      {t.allowedActions.transition ? (
        <View className='actions actions--wrap'>
          {t.nextStates.map((n) => (
            <ActionButton key={n.state} grow kind={n.needsReason ? 'danger' : 'primary'} id={`topic-to-${n.state}`} disabled={busy} onClick={() => move(n)}>
              {n.needsReason && asking?.state === n.state ? `确认${n.label}` : `改为${n.label}`}
            </ActionButton>
          ))}
        </View>
      ) : null}
      {asking ? (
        <Field label={`${asking.label}的原因`} error={reasonError} hint='居民会看到这个原因' id='topic-reason-field'>
          <Textarea id='topic-reason' className='textarea textarea--short' value={reason} maxlength={500} autoHeight placeholder='请写明原因' onInput={(e) => setReason(e.detail.value)} />
        </Field>
      ) : null}
    </View>
  )
}
