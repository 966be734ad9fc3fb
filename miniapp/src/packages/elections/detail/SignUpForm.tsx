import { Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import PhotoPicker, { type PickedPhoto } from '../../../components/PhotoPicker'
import { asApiError } from '../../../hooks/useResource'
import { signUp, type ElectionDetailDto } from '../../../services/elections'
import type { ApiError } from '../../../services/request'
import { fieldsNamed, formErrors } from '../../../utils/formErrors'
import Chip from '../../../components/Chip'

const STATEMENT_MAX = 1000

/**
 * 报名参选: the contest, a statement (≤ 1000 characters) and an optional photo; asks before
 * sending. The API's field errors are shown under their fields.
 */
export default function SignUpForm({ election, onDone, onCancel }: { election: ElectionDetailDto; onDone: () => void; onCancel: () => void }) {
  const [contestId, setContestId] = useState<number | undefined>(election.contests.length === 1 ? election.contests[0].id : undefined)
  const [statement, setStatement] = useState('')
  const [photos, setPhotos] = useState<PickedPhoto[]>([])
  const [uploading, setUploading] = useState(false)
  const [errors, setErrors] = useState<Record<string, string>>({})
  const [failure, setFailure] = useState<ApiError>()
  const [submitting, setSubmitting] = useState(false)
  const contest = election.contests.find((c) => c.id === contestId)

  const submit = async () => {
    const found: Record<string, string> = {}
    if (!contest) found.contestId = '请选择要竞选的职位'
    if (statement.trim().length > STATEMENT_MAX) found.statement = `竞选陈述不能超过${STATEMENT_MAX}个字`
    setErrors(found)
    setFailure(undefined)
    if (!contest || Object.keys(found).length) return
    const ok = await Taro.showModal({ title: '报名参选', content: `确定报名竞选「${contest.name}」吗？报名后由社区进行资格审查。`, confirmText: '确定报名', cancelText: '再想想' })
    if (!ok.confirm) return
    setSubmitting(true)
    try {
      await signUp(election.id, { contestId: contest.id, statement: statement.trim(), ...(photos[0] ? { photoUploadId: photos[0].id } : {}) })
      void Taro.showToast({ title: '报名已提交，等待资格审查', icon: 'none' })
      onDone()
    } catch (e) {
      const err = asApiError(e)
      const fields = formErrors(err, fieldsNamed(['contestId', 'statement', 'photoUploadId'] as const)) as Record<string, string>
      setErrors(fields)
      if (!Object.keys(fields).length) setFailure(err)
    } finally {
      setSubmitting(false)
    }
  }

  return (
    <View className='card' id='signup-form'>
      <View className='card__title'>报名参选</View>
      <Field label='竞选职位' error={errors.contestId} id='signup-field-contest'>
        <View className='chips' role='radiogroup'>
          {election.contests.map((c) => (
            <Chip key={c.id} id={`signup-contest-${c.id}`} active={c.id === contestId} onTap={() => setContestId(c.id)}>
              {`${c.name}（应选${c.seats}人）`}
            </Chip>
          ))}
        </View>
      </Field>
      <Field label='竞选陈述（选填）' error={errors.statement} hint={`${statement.length}/${STATEMENT_MAX} 字，写写您想为邻居们做什么`} id='signup-field-statement'>
        <Textarea id='signup-statement' className='input' value={statement} maxlength={STATEMENT_MAX} autoHeight placeholder='例如：我在社区住了二十年，愿意……' onInput={(e) => setStatement(e.detail.value)} />
      </Field>
      <Field label='照片（选填，1张）' error={errors.photoUploadId} id='signup-field-photo'>
        <PhotoPicker id='signup-photo' photos={photos} max={1} onChange={setPhotos} onBusyChange={setUploading} />
      </Field>
      {failure ? <View className='banner banner--error' role='alert' id='signup-error'>{failure.message}</View> : null}
      <View className='actions'>
        <ActionButton kind='secondary' grow id='signup-cancel' onClick={onCancel}>
          取消
        </ActionButton>
        <ActionButton grow id='signup-submit' disabled={submitting || uploading} onClick={() => void submit()}>
          {submitting ? '提交中…' : uploading ? '照片上传中…' : '提交报名'}
        </ActionButton>
      </View>
    </View>
  )
}
