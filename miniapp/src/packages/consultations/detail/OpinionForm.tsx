import { Textarea, View } from '@tarojs/components'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import { asApiError } from '../../../hooks/useResource'
import type { OpinionDto } from '../../../services/consultations'
import { formErrors } from '../../../utils/formErrors'
import Chip from '../../../components/Chip'

type Stance = NonNullable<OpinionDto['stance']>
/** The stances a resident may take (the API sends each opinion's own `stanceLabel`). */
const STANCES: { value: Stance; name: string }[] = [
  { value: 'for', name: '赞成' },
  { value: 'against', name: '反对' },
  { value: 'other', name: '其他' },
]

export type OpinionDraft = { body: string; stance: Stance | null }

/**
 * The opinion form: a stance (optional, not for replies) and the text. `onSubmit` sends it; the
 * API's message for the text (422) appears under the field, anything else above the button.
 */
export default function OpinionForm(props: {
  idPrefix: string
  initial?: OpinionDraft
  withStance: boolean
  submitText: string
  placeholder: string
  onSubmit: (draft: OpinionDraft) => Promise<unknown>
  onCancel?: () => void
}) {
  const [draft, setDraft] = useState<OpinionDraft>(props.initial ?? { body: '', stance: null })
  const [bodyError, setBodyError] = useState<string>()
  const [error, setError] = useState<string>()
  const [busy, setBusy] = useState(false)
  const p = props.idPrefix

  const submit = async () => {
    if (!draft.body.trim()) return setBodyError('请先写下您的意见')
    setBusy(true)
    setBodyError(undefined)
    setError(undefined)
    try {
      await props.onSubmit({ body: draft.body.trim(), stance: draft.stance })
      setDraft({ body: '', stance: null })
    } catch (e) {
      const err = asApiError(e)
      const fields = formErrors(err, (f) => (f === 'body' ? 'body' : undefined))
      if (fields.body) setBodyError(fields.body)
      else setError(err.message)
    } finally {
      setBusy(false)
    }
  }

  return (
    <View className='opinion-form' id={`${p}-form`}>
      {props.withStance ? (
        <View className='chips' id={`${p}-stance`} role='radiogroup'>
          {STANCES.map((s) => {
            const on = draft.stance === s.value
            return (
              <Chip key={s.value} id={`${p}-stance-${s.value}`} active={on} onTap={() => setDraft({ ...draft, stance: on ? null : s.value })}>
                {s.name}
              </Chip>
            )
          })}
        </View>
      ) : null}
      <Field label='内容' error={bodyError} id={`${p}-body-field`}>
        <Textarea id={`${p}-body`} className='textarea' value={draft.body} maxlength={1000} autoHeight placeholder={props.placeholder}
          onInput={(e) => setDraft({ ...draft, body: e.detail.value })} />
      </Field>
      {error ? <View className='banner banner--error' role='alert'>{error}</View> : null}
      <View className='actions'>
        {props.onCancel ? <ActionButton kind='secondary' grow id={`${p}-cancel`} onClick={props.onCancel}>取消</ActionButton> : null}
        <ActionButton grow id={`${p}-submit`} disabled={busy} onClick={() => void submit()}>{busy ? '提交中…' : props.submitText}</ActionButton>
      </View>
    </View>
  )
}
