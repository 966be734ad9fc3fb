import { Input, Picker, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../../components/ActionButton'
import Field from '../../../../components/Field'
import InfoRow from '../../../../components/InfoRow'
import { ErrorState, Loading } from '../../../../components/StateView'
import { useFormSubmit } from '../../../../hooks/useFormSubmit'
import { asApiError, useResource } from '../../../../hooks/useResource'
import { closeVote, getVote, setUpVote, type SetUpVoteInput, type TopicDetailDto, type TopicVoteDto } from '../../../../services/consultations'
import { VOTE_KINDS, VOTE_UNITS } from '../../../../utils/labels'
import { formatDateTime, shanghaiIso, shanghaiParts } from '../../../../utils/time'
import Chip from '../../../../components/Chip'

type Kind = SetUpVoteInput['kind']
type Unit = NonNullable<SetUpVoteInput['unit']>
/** The choices of the set-up form (a set-up vote then carries the API's `kindLabel` and `unitLabel`). */
const KINDS: { value: Kind; label: string }[] = VOTE_KINDS
const UNITS: { value: Unit; label: string }[] = VOTE_UNITS
type Errors = Partial<Record<'choices' | 'maxChoices' | 'closesAt' | 'quorumPercent', string>>
const fieldOf = (f: string): keyof Errors | undefined => (['choices', 'maxChoices', 'closesAt', 'quorumPercent'].includes(f) ? (f as keyof Errors) : f.startsWith('choices') ? 'choices' : undefined)

/**
 * 表决设置 (staff): set the vote up while in discussion, watch the live totals, end it early after
 * confirming (`onClosed` then lets the page show the decision form).
 */
export default function VoteAdmin({ topic, onClosed }: { topic: TopicDetailDto; onClosed?: () => void }) {
  const loaded = useResource(() => getVote(topic.id))
  const [changed, setChanged] = useState<TopicVoteDto>()
  const [editing, setEditing] = useState(false)
  const v = changed ?? loaded.data
  const noVote = loaded.error?.code === 'NO_VOTE'

  const close = async () => {
    const { confirm } = await Taro.showModal({ title: '提前结束投票？', content: '结束后居民不能再投票，不能重新开始。', confirmText: '结束', cancelText: '取消' })
    if (!confirm) return
    try {
      setChanged(await closeVote(topic.id))
      onClosed?.()
    } catch (e) {
      void Taro.showToast({ title: asApiError(e).message, icon: 'none' })
    }
  }

  if (!v && !noVote) return <View className='card' id='wb-vote'>{loaded.error ? <ErrorState error={loaded.error} onRetry={loaded.reload} /> : <Loading />}</View>
  const canSetUp = topic.state === 'discussion' && (noVote || v?.allowedActions.setUp)
  return (
    <View className='card' id='wb-vote'>
      <View className='card__title'>居民表决</View>
      {!v ? <View className='muted' id='wb-vote-none'>还没有设置投票。请在讨论期间设置好，议题改为「表决中」时开始投票。</View> : (
        <View>
          <InfoRow label='状态' id='wb-vote-status'>{v.statusLabel}</InfoRow>
          <InfoRow label='方式'>{v.kindLabel}{v.kind === 'multiple' ? `，最多${v.maxChoices}项` : ''} · {v.unitLabel}</InfoRow>
          {v.closesAt ? <InfoRow label='截止'>{formatDateTime(v.closesAt)}</InfoRow> : null}
          {v.choices.map((c) => <InfoRow key={c.id} label={c.label} id={`wb-vote-choice-${c.id}`}>{c.count === null ? '—' : `${c.count} 票`}</InfoRow>)}
          {v.ballotsCount !== null ? (
            <View className='muted'>共 {v.ballotsCount} 票{v.turnoutPercent !== null ? `，投票率 ${v.turnoutPercent}%` : ''}{v.quorumReached === null ? '' : v.quorumReached ? '，达到有效比例' : '，未达到有效比例'}</View>
          ) : null}
          {v.allowedActions.close ? <ActionButton block kind='danger' id='wb-vote-close' onClick={() => void close()}>提前结束投票</ActionButton> : null}
        </View>
      )}
      {canSetUp && !editing ? <ActionButton block kind='secondary' id='wb-vote-edit' onClick={() => setEditing(true)}>{v ? '修改投票设置' : '设置投票'}</ActionButton> : null}
      {canSetUp && editing ? <VoteForm topicId={topic.id} vote={v} onSaved={(saved) => { setChanged(saved); setEditing(false) }} onCancel={() => setEditing(false)} /> : null}
    </View>
  )
}

function VoteForm({ topicId, vote, onSaved, onCancel }: { topicId: number; vote?: TopicVoteDto; onSaved: (v: TopicVoteDto) => void; onCancel: () => void }) {
  const [kind, setKind] = useState<Kind>(vote?.kind ?? 'approve')
  const [choices, setChoices] = useState(vote && vote.kind !== 'approve' ? vote.choices.map((c) => c.label).join('\n') : '')
  const [maxChoices, setMaxChoices] = useState(vote?.kind === 'multiple' ? String(vote.maxChoices) : '2')
  const [unit, setUnit] = useState<Unit>(vote?.unit ?? 'per_resident')
  const [closesOn, setClosesOn] = useState(vote?.closesAt ? shanghaiParts(vote.closesAt).date : '')
  const [quorum, setQuorum] = useState(String(vote?.quorumPercent ?? 0))
  const { busy, errors, setErrors, failure, submit } = useFormSubmit(fieldOf)

  const save = async () => {
    if (!closesOn) return setErrors({ closesAt: '请选择投票截止日期' })
    const lines = choices.split('\n').map((s) => s.trim()).filter(Boolean)
    const input: SetUpVoteInput = {
      kind, unit, closesAt: shanghaiIso(closesOn, '23:59'), quorumPercent: Number(quorum) || 0,
      ...(kind === 'approve' ? {} : { choices: lines }), ...(kind === 'multiple' ? { maxChoices: Number(maxChoices) } : {}),
    }
    await submit(async () => onSaved(await setUpVote(topicId, input)))
  }

  return (
    <View id='wb-vote-form'>
      <Field label='表决方式'>
        <View className='chips' role='radiogroup'>{KINDS.map((k) => <Chip key={k.value} id={`wb-vote-kind-${k.value}`} active={k.value === kind} onTap={() => setKind(k.value)}>{k.label}</Chip>)}</View>
      </Field>
      {kind !== 'approve' ? (
        <Field label='选项（每行一个）' error={errors.choices} id='wb-vote-choices-field'>
          <Textarea id='wb-vote-choices' className='textarea textarea--short' value={choices} maxlength={2000} autoHeight placeholder={'装在东门\n装在西门'} onInput={(e) => setChoices(e.detail.value)} />
        </Field>
      ) : null}
      {kind === 'multiple' ? (
        <Field label='最多选几项' error={errors.maxChoices} id='wb-vote-max-field'>
          <Input id='wb-vote-max' className='input' type='number' value={maxChoices} onInput={(e) => setMaxChoices(e.detail.value)} />
        </Field>
      ) : null}
      <Field label='投票单位'>
        <View className='chips' role='radiogroup'>{UNITS.map((u) => <Chip key={u.value} id={`wb-vote-unit-${u.value}`} active={u.value === unit} onTap={() => setUnit(u.value)}>{u.label}</Chip>)}</View>
      </Field>
      <Field label='投票截止日期' error={errors.closesAt} id='wb-vote-closes-field'>
        <Picker mode='date' value={closesOn} start={shanghaiParts(new Date()).date} onChange={(e) => setClosesOn(String(e.detail.value))}>
          <View className='input picker-value'>{closesOn || '请选择日期'}</View>
        </Picker>
      </Field>
      <Field label='有效比例（%）' error={errors.quorumPercent} hint='投票人数占范围内居民（或户数）的比例，达到才有效；0 表示不限' id='wb-vote-quorum-field'>
        <Input id='wb-vote-quorum' className='input' type='number' value={quorum} onInput={(e) => setQuorum(e.detail.value)} />
      </Field>
      {failure ? <View className='banner banner--error' role='alert'>{failure.message}</View> : null}
      <View className='actions'>
        <ActionButton grow kind='secondary' id='wb-vote-cancel' onClick={onCancel}>取消</ActionButton>
        <ActionButton grow id='wb-vote-save' disabled={busy} onClick={() => void save()}>{busy ? '保存中…' : '保存设置'}</ActionButton>
      </View>
    </View>
  )
}
