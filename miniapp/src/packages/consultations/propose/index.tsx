import { Input, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import PageShell from '../../../components/PageShell'
import PhotoPicker, { type PickedPhoto } from '../../../components/PhotoPicker'
import { Empty, ErrorState, Loading } from '../../../components/StateView'
import { useFormSubmit } from '../../../hooks/useFormSubmit'
import { useResource } from '../../../hooks/useResource'
import { createTopic, type CreateTopicInput } from '../../../services/consultations'
import { listMyBindings } from '../../../services/households'
import { TOPIC_LIMITS } from '../../../utils/limits'
import { BINDING_PAGE, CONSULTATION_DETAIL_PAGE, withQuery } from '../../../utils/routes'
import Chip from '../../../components/Chip'
import '../consultations.css'

type Errors = Partial<Record<'title' | 'background' | 'attachments', string>>
const fieldOf = (f: string): keyof Errors | undefined => (f === 'title' || f === 'background' ? f : f.startsWith('attachmentIds') ? 'attachments' : undefined)
const MAX_PHOTOS = TOPIC_LIMITS.attachmentsMax

/**
 * 我要提议: a resident proposes a topic to the whole community of a household they are bound to.
 * Photos may go with it. It then has 30 days to gather the support the community requires before it is discussed.
 */
export default function ProposePage() {
  const bindings = useResource(listMyBindings)
  const communities = [...new Map((bindings.data ?? []).filter((b) => b.status === 'approved').map((b) => [b.household.community.id, b.household.community])).values()]
  const [picked, setPicked] = useState<number>()
  const communityId = picked ?? communities[0]?.id
  const [title, setTitle] = useState('')
  const [background, setBackground] = useState('')
  const [photos, setPhotos] = useState<PickedPhoto[]>([])
  const [uploading, setUploading] = useState(false)
  // A retry of the same proposal after a lost answer reuses its key and does not propose it twice.
  const { busy, errors, setErrors, failure, keyFor, submit: send } = useFormSubmit(fieldOf)

  const submit = async () => {
    if (title.trim().length < TOPIC_LIMITS.titleMin) return setErrors({ title: `标题至少${TOPIC_LIMITS.titleMin}个字` })
    if (uploading) return setErrors({ attachments: '照片还在上传，请稍候再提交' })
    const { confirm } = await Taro.showModal({ title: '提交这个提议？', content: '提交后全社区居民都能看到，并在30天内征集支持。', confirmText: '提交', cancelText: '再改改' })
    if (!confirm || !communityId) return
    const input: CreateTopicInput = {
      communityId, title: title.trim(), background: background.trim(), audience: 'community',
      ...(photos.length ? { attachmentIds: photos.map((p) => p.id) } : {}),
    }
    await send(async () => {
      const t = await createTopic(input, keyFor(input))
      void Taro.redirectTo({ url: withQuery(CONSULTATION_DETAIL_PAGE, { id: t.id }) })
    })
  }

  if (!bindings.data) {
    return <PageShell>{bindings.error ? <ErrorState error={bindings.error} onRetry={bindings.reload} /> : <Loading />}</PageShell>
  }
  if (!communityId) {
    return (
      <PageShell>
        <View className='card' id='propose-needs-binding'>
          <Empty title='请先绑定房屋' hint='绑定本社区的房屋并通过审核后，才能向社区提出议题。' />
          <View className='actions'>
            <ActionButton grow id='propose-bind' onClick={() => Taro.navigateTo({ url: BINDING_PAGE })}>去绑定房屋</ActionButton>
          </View>
        </View>
      </PageShell>
    )
  }
  return (
    <PageShell>
      <View className='card' id='propose-explain'>
        <View className='card__title'>提议怎样变成议题</View>
        <View className='muted'>1. 您的提议面向全社区公开，邻居们可以点「我支持」。</View>
        <View className='muted'>2. 30天内支持人数达到社区规定的人数，就开放讨论；居委会也可以直接采纳。</View>
        <View className='muted'>3. 30天内没有达到人数的，提议结束，不再讨论。</View>
      </View>
      <View className='card' id='propose-form'>
        {communities.length > 1 ? (
          <View className='chips' id='propose-community' role='radiogroup'>
            {communities.map((c) => (
              <Chip key={c.id} id={`propose-community-${c.id}`} active={c.id === communityId} onTap={() => setPicked(c.id)}>
                {c.name}
              </Chip>
            ))}
          </View>
        ) : (
          <View className='muted'>提给：{communities[0].name}（全社区）</View>
        )}
        <Field label='标题' error={errors.title} hint={`${TOPIC_LIMITS.titleMin}到${TOPIC_LIMITS.titleMax}个字，说清楚想议什么`} id='propose-title-field'>
          <Input id='propose-title' className='input' value={title} maxlength={TOPIC_LIMITS.titleMax} placeholder='例如：在3号楼旁加装休息座椅' onInput={(e) => setTitle(e.detail.value)} />
        </Field>
        <Field label='背景说明' error={errors.background} hint={`为什么要议、您的想法，不超过${TOPIC_LIMITS.backgroundMax}字`} id='propose-background-field'>
          <Textarea id='propose-background' className='textarea' value={background} maxlength={TOPIC_LIMITS.backgroundMax} autoHeight placeholder='请写下情况和建议' onInput={(e) => setBackground(e.detail.value)} />
        </Field>
        <Field label={`照片（选填，最多${MAX_PHOTOS}张）`} error={errors.attachments} id='propose-photos-field'>
          <PhotoPicker id='propose-photos' photos={photos} max={MAX_PHOTOS} onChange={setPhotos} onBusyChange={setUploading} />
        </Field>
        {failure ? <View className='banner banner--error' role='alert'>{failure.message}</View> : null}
        <View className='actions'>
          <ActionButton grow id='propose-submit' disabled={busy || uploading} onClick={() => void submit()}>{busy ? '提交中…' : uploading ? '照片上传中…' : '提交提议'}</ActionButton>
        </View>
      </View>
    </PageShell>
  )
}
