import { Input, Picker, Textarea, View } from '@tarojs/components'
import Taro from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../../components/ActionButton'
import Field from '../../../../components/Field'
import PageShell from '../../../../components/PageShell'
import PhotoPicker, { type PickedPhoto } from '../../../../components/PhotoPicker'
import { Empty, ErrorState, Loading } from '../../../../components/StateView'
import { useFormSubmit } from '../../../../hooks/useFormSubmit'
import { useResource } from '../../../../hooks/useResource'
import { createTopic, type CreateTopicInput } from '../../../../services/consultations'
import { getRegionTree } from '../../../../services/regions'
import { DECISION_METHODS } from '../../../../utils/labels'
import { TOPIC_LIMITS } from '../../../../utils/limits'
import { CONSULTATION_ADMIN_PAGE, withQuery } from '../../../../utils/routes'
import { shanghaiIso, shanghaiParts } from '../../../../utils/time'
import Chip from '../../../../components/Chip'
import TargetPicker, { type Target } from '../../compose/TargetPicker'
import '../../workbench.css'

type Method = NonNullable<CreateTopicInput['decisionMethod']>
type Audience = NonNullable<CreateTopicInput['audience']>
type Errors = Partial<Record<'title' | 'background' | 'discussionEndsAt' | 'audience' | 'attachments', string>>
const fieldOf = (f: string): keyof Errors | undefined => {
  if (f === 'title' || f === 'background' || f === 'discussionEndsAt') return f
  if (f === 'audience' || f.startsWith('gridIds') || f.startsWith('buildingIds')) return 'audience'
  if (f.startsWith('attachmentIds')) return 'attachments'
  return undefined
}
const MAX_PHOTOS = TOPIC_LIMITS.attachmentsMax
const WHO: Record<Audience, string> = { community: '全社区居民', grids: '所选网格的居民', buildings: '所选楼栋的居民' }

/**
 * 发起议题: committee staff open a topic for discussion at once: title, background, photos, whom it
 * is for (the whole community, chosen grids or chosen buildings, picked with the notice composer's
 * TargetPicker), the last day of discussion and how it will be decided.
 */
export default function OpenTopicPage() {
  const tree = useResource(getRegionTree)
  const communities = (tree.data ?? []).flatMap((s) => s.children)
  const [picked, setPicked] = useState<number>()
  const communityId = picked ?? communities[0]?.id
  const [title, setTitle] = useState('')
  const [background, setBackground] = useState('')
  const [endsOn, setEndsOn] = useState('')
  const [method, setMethod] = useState<Method>('none')
  const [audience, setAudience] = useState<Audience>('community')
  const [gridIds, setGridIds] = useState<number[]>([])
  const [buildingIds, setBuildingIds] = useState<number[]>([])
  const [photos, setPhotos] = useState<PickedPhoto[]>([])
  const [uploading, setUploading] = useState(false)
  const { busy, errors, setErrors, failure, keyFor, submit: send } = useFormSubmit(fieldOf)

  const submit = async () => {
    if (!communityId) return
    if (title.trim().length < TOPIC_LIMITS.titleMin) return setErrors({ title: `标题至少${TOPIC_LIMITS.titleMin}个字` })
    if (audience === 'grids' && !gridIds.length) return setErrors({ audience: '请至少选择一个网格' })
    if (audience === 'buildings' && !buildingIds.length) return setErrors({ audience: '请至少选择一个楼栋' })
    if (uploading) return setErrors({ attachments: '照片还在上传，请稍候再提交' })
    const { confirm } = await Taro.showModal({ title: '开放讨论？', content: `议题将立即发给${WHO[audience]}，大家可以发表意见。`, confirmText: '开放', cancelText: '取消' })
    if (!confirm) return
    const input: CreateTopicInput = {
      communityId, title: title.trim(), background: background.trim(), audience, decisionMethod: method,
      ...(audience === 'grids' ? { gridIds } : audience === 'buildings' ? { buildingIds } : {}),
      ...(photos.length ? { attachmentIds: photos.map((p) => p.id) } : {}),
      ...(endsOn ? { discussionEndsAt: shanghaiIso(endsOn, '23:59') } : {}),
    }
    await send(async () => {
      const t = await createTopic(input, keyFor(input))
      void Taro.redirectTo({ url: withQuery(CONSULTATION_ADMIN_PAGE, { id: t.id }) })
    })
  }

  if (!tree.data) return <PageShell>{tree.error ? <ErrorState error={tree.error} onRetry={tree.reload} /> : <Loading />}</PageShell>
  if (!communityId) return <PageShell><Empty title='您的管辖范围内没有社区' /></PageShell>
  const community = communities.find((c) => c.id === communityId)
  // TargetPicker edits a target: this community (our chips pick it) and whom in it.
  const target: Target = { communityId, targetType: audience, gridIds, buildingIds }
  const retarget = (patch: Partial<Target>) => {
    if (patch.targetType) setAudience(patch.targetType)
    if (patch.gridIds) setGridIds(patch.gridIds)
    if (patch.buildingIds) setBuildingIds(patch.buildingIds)
    setErrors(({ audience: _, ...rest }) => rest)
  }
  const pickCommunity = (id: number) => {
    setPicked(id)
    setGridIds([])
    setBuildingIds([])
  }
  return (
    <PageShell>
      <View className='card' id='topic-open-form'>
        {communities.length > 1 ? (
          <View className='chips' role='radiogroup'>
            {communities.map((c) => <Chip key={c.id} id={`topic-community-${c.id}`} active={c.id === communityId} onTap={() => pickCommunity(c.id)}>{c.name}</Chip>)}
          </View>
        ) : null}
        <Field label='标题' error={errors.title} hint={`${TOPIC_LIMITS.titleMin}到${TOPIC_LIMITS.titleMax}个字`} id='topic-title-field'>
          <Input id='topic-title' className='input' value={title} maxlength={TOPIC_LIMITS.titleMax} placeholder='例如：小区东门加装充电桩' onInput={(e) => setTitle(e.detail.value)} />
        </Field>
        <Field label='背景说明' error={errors.background} id='topic-background-field'>
          <Textarea id='topic-background' className='textarea' value={background} maxlength={TOPIC_LIMITS.backgroundMax} autoHeight placeholder='情况、方案、费用等' onInput={(e) => setBackground(e.detail.value)} />
        </Field>
        <Field label={`照片（选填，最多${MAX_PHOTOS}张）`} error={errors.attachments} id='topic-photos-field'>
          <PhotoPicker id='topic-photos' photos={photos} max={MAX_PHOTOS} onChange={setPhotos} onBusyChange={setUploading} />
        </Field>
        <Field label='发给谁' error={errors.audience} hint='选择这个议题发给哪些居民' id='topic-audience-field'>
          <TargetPicker form={target} communities={community ? [community] : []} locked={false} onChange={retarget} />
        </Field>
        <Field label='讨论截止日期' error={errors.discussionEndsAt} hint='不选则由居委会手动结束讨论' id='topic-ends-field'>
          <Picker mode='date' value={endsOn} start={shanghaiParts(new Date()).date} onChange={(e) => setEndsOn(String(e.detail.value))}>
            <View className='input picker-value'>{endsOn || '请选择日期'}</View>
          </Picker>
        </Field>
        <Field label='决策方式' id='topic-method-field'>
          <View className='chips' role='radiogroup'>
            {DECISION_METHODS.map((m) => <Chip key={m.value} id={`topic-method-${m.value}`} active={m.value === method} onTap={() => setMethod(m.value)}>{m.label}</Chip>)}
          </View>
        </Field>
        {failure ? <View className='banner banner--error' role='alert'>{failure.message}</View> : null}
        <ActionButton block id='topic-open-submit' disabled={busy || uploading} onClick={() => void submit()}>{busy ? '提交中…' : uploading ? '照片上传中…' : '开放讨论'}</ActionButton>
      </View>
    </PageShell>
  )
}
