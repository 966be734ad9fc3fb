import { Input, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import { asApiError } from '../../../hooks/useResource'
import { fileObjection, type CreateObjectionInput, type RollEntryDto } from '../../../services/elections'
import type { ApiError } from '../../../services/request'
import { fieldsNamed, formErrors } from '../../../utils/formErrors'
import Chip from '../../../components/Chip'

/** The three things a resident may object to, as the form offers them. */
export const OBJECTION_CHOICES = [
  { kind: 'self', label: '我应登记而未登记' },
  { kind: 'other', label: '他人应登记而未登记' },
  { kind: 'ineligible', label: '某人不应登记' },
] as const
export type ObjectionChoice = (typeof OBJECTION_CHOICES)[number]['kind']

const REASON_MIN = 2
const REASON_MAX = 500

/** The body the API takes for each choice. */
export function objectionBody(kind: ObjectionChoice, reason: string, subjectText: string, subject?: RollEntryDto): CreateObjectionInput {
  if (kind === 'ineligible') return { kind: 'ineligible', subjectVoterId: subject?.id, reason }
  if (kind === 'other') return { kind: 'missing', subjectText, reason }
  return { kind: 'missing', reason }
}

/**
 * 对选民名单有异议: what is wrong (me missing, someone else missing, someone who should not be
 * on it — picked from the roll below), a reason of 2–500 characters, a confirmation, then sent.
 */
export default function ObjectionForm({ electionId, kind, onKind, picked, onFiled }: {
  electionId: number
  kind: ObjectionChoice
  onKind: (kind: ObjectionChoice) => void
  picked?: RollEntryDto
  onFiled: () => void
}) {
  const [subjectText, setSubjectText] = useState('')
  const [reason, setReason] = useState('')
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [failure, setFailure] = useState<ApiError>()
  const [submitting, setSubmitting] = useState(false)

  const submit = async () => {
    const found: Record<string, string> = {}
    const why = reason.trim()
    const who = subjectText.trim()
    if (why.length < REASON_MIN) found.reason = `请写明理由，至少${REASON_MIN}个字`
    if (why.length > REASON_MAX) found.reason = `理由不能超过${REASON_MAX}个字`
    if (kind === 'other' && who.length < 2) found.subjectText = '请写明是谁、住在哪里，例如：王芳，3栋2单元101'
    if (kind === 'ineligible' && !picked) found.subjectVoterId = '请在下方选民名单中点「选这位」'
    setErrors(found)
    setFailure(undefined)
    if (Object.keys(found).length) return
    const ok = await Taro.showModal({ title: '提交异议', content: '异议提交后由社区选举工作人员核实处理，确定提交吗？', confirmText: '确定提交', cancelText: '再想想' })
    if (!ok.confirm) return
    setSubmitting(true)
    try {
      await fileObjection(electionId, objectionBody(kind, why, who, picked))
      setReason('')
      setSubjectText('')
      void Taro.showToast({ title: '异议已提交', icon: 'none' })
      onFiled()
    } catch (e) {
      const err = asApiError(e)
      const fields = formErrors(err, fieldsNamed(['reason', 'subjectText', 'subjectVoterId', 'kind'] as const)) as Record<string, string>
      setErrors(fields)
      if (!Object.keys(fields).length) setFailure(err)
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <View className='card' id='objection-form'>
      <View className='card__title'>对选民名单有异议</View>
      <Field label='异议内容' error={errors.kind} id='objection-field-kind'>
        <View className='chips' role='radiogroup'>
          {OBJECTION_CHOICES.map((c) => (
            <Chip key={c.kind} id={`objection-kind-${c.kind}`} active={c.kind === kind} onTap={() => onKind(c.kind)}>
              {c.label}
            </Chip>
          ))}
        </View>
      </Field>
      {kind === 'other' ? (
        <Field label='应登记的人' error={errors.subjectText} hint='写姓名和住址，例如：王芳，3栋2单元101' id='objection-field-subject'>
          <Input id='objection-subject' className='input' value={subjectText} maxlength={100} placeholder='姓名，楼栋单元门牌' onInput={(e) => setSubjectText(e.detail.value)} />
        </Field>
      ) : null}
      {kind === 'ineligible' ? (
        <Field label='不应登记的人' error={errors.subjectVoterId} id='objection-field-voter'>
          <View id='objection-picked'>{picked ? `${picked.maskedName}（${picked.buildingLabel}）` : '还没有选择，请在下方选民名单中点「选这位」'}</View>
        </Field>
      ) : null}
      <Field label='理由' error={errors.reason} hint={`${reason.length}/${REASON_MAX} 字`} id='objection-field-reason'>
        <Textarea id='objection-reason' className='input' value={reason} maxlength={REASON_MAX} autoHeight placeholder='请说明情况，例如：我在本社区居住满一年，已满18周岁' onInput={(e) => setReason(e.detail.value)} />
      </Field>
      {failure ? <View className='banner banner--error' role='alert' id='objection-error'>{failure.message}</View> : null}
      <ActionButton block id='objection-submit' disabled={submitting} onClick={() => void submit()}>
        {submitting ? '提交中…' : '提交异议'}
      </ActionButton>
    </View>
  )
}
