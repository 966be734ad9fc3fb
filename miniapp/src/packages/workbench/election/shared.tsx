import { Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import PersonPicker from './PersonPicker'

/** The API's refusal of an action, shown where the action is. */
export function ActionError({ error, id }: { error?: string; id?: string }) {
  return error ? <View className='banner banner--error' role='alert' id={id}>{error}</View> : null
}

/**
 * An inline panel asking for a required text (移出原因, 不通过的原因, 处理意见…): the text in a
 * field with `id` (the e2e fills `#<id> textarea`), an optional number, 确定 and 取消.
 */
export function ReasonPanel(props: {
  id: string
  label: string
  placeholder?: string
  confirmId: string
  confirmText: string
  busy?: boolean
  danger?: boolean
  /** A person picked as well (补登, an upheld objection about someone else): found by name or house, or a user number typed. */
  user?: { id: string; electionId: number; label: string; hint?: string; required: boolean }
  onSubmit: (text: string, userId?: number) => void
  onCancel: () => void
}) {
  const [text, setText] = useState('')
  const [userId, setUserId] = useState<number>()
  const [errors, setErrors] = useState<{ text?: string; user?: string }>({})
  const submit = () => {
    const found: { text?: string; user?: string } = {}
    if (text.trim().length < 2) found.text = `请填写${props.label}（至少2个字）`
    if (props.user?.required && userId === undefined) found.user = `请查找并点选${props.user.label}（也可填用户编号）`
    setErrors(found)
    if (found.text || found.user) return
    props.onSubmit(text.trim(), props.user ? userId : undefined)
  }
  return (
    <View className='election-panel'>
      {props.user ? (
        <PersonPicker electionId={props.user.electionId} id={props.user.id} label={props.user.label} hint={props.user.hint} error={errors.user} onChange={setUserId} />
      ) : null}
      <Field label={props.label} error={errors.text} id={props.id}>
        <Textarea className='textarea textarea--short' value={text} maxlength={500} autoHeight placeholder={props.placeholder} onInput={(e) => setText(e.detail.value)} />
      </Field>
      <View className='actions'>
        <ActionButton grow kind={props.danger ? 'danger' : 'primary'} id={props.confirmId} disabled={props.busy} onClick={submit}>
          {props.confirmText}
        </ActionButton>
        <ActionButton grow kind='secondary' onClick={props.onCancel}>取消</ActionButton>
      </View>
    </View>
  )
}

/** A ratio as a percentage for people: 0.6234 → 62.3%. */
export function percent(x: number | null): string {
  return x === null ? '—' : `${Math.round(x * 1000) / 10}%`
}
