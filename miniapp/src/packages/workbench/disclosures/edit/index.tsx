import { Input, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useState } from 'react'
import ActionButton from '../../../../components/ActionButton'
import Field from '../../../../components/Field'
import PageShell from '../../../../components/PageShell'
import PhotoPicker from '../../../../components/PhotoPicker'
import { ErrorState, Loading } from '../../../../components/StateView'
import { useFormSubmit } from '../../../../hooks/useFormSubmit'
import { useResource } from '../../../../hooks/useResource'
import {
  correctDisclosure, createDisclosure, DISCLOSURE_CATEGORIES, getDisclosure, type DisclosureDetailDto,
} from '../../../../services/disclosures'
import { communitiesOf, getRegionTree, type CommunityChoice } from '../../../../services/regions'
import { DISCLOSURE_LIMITS as L } from '../../../../utils/limits'
import { DISCLOSURE_DETAIL_PAGE, withQuery } from '../../../../utils/routes'
import Chip from '../../../../components/Chip'
import {
  emptyForm, formFieldOf, formFromDetail, MAX_PHOTOS, toCorrectInput, toCreateInput, validateForm, type DisclosureForm, type FormErrors,
} from '../form'
import LinesEditor from '../LinesEditor'
import '../../workbench.css'
import '../disclosures.css'

/** 发布公开事项, or with `?id=` 更正 that item (the form starts from it; a reason is required). */
export default function DisclosureEditPage() {
  const { params } = useRouter()
  const id = params.id ? Number(params.id) : undefined
  const tree = useResource(getRegionTree, { immediate: !id })
  const existing = useResource(() => getDisclosure(id!), { immediate: Boolean(id) })
  const failed = id ? existing.error : tree.error
  const ready = id ? existing.data : tree.data

  return (
    <PageShell>
      {failed ? <ErrorState error={failed} onRetry={() => void (id ? existing.reload() : tree.reload())} /> : null}
      {!failed && !ready ? <Loading /> : null}
      {!failed && ready ? <EditForm existing={existing.data} communities={tree.data ? communitiesOf(tree.data) : []} /> : null}
    </PageShell>
  )
}

function EditForm({ existing, communities }: { existing?: DisclosureDetailDto; communities: CommunityChoice[] }) {
  const correcting = Boolean(existing)
  const [form, setForm] = useState<DisclosureForm>(() => (existing ? formFromDetail(existing) : emptyForm(communities.length === 1 ? communities[0].id : undefined)))
  const { busy: saving, errors, failure, keyFor, submit: send, check } = useFormSubmit(formFieldOf)
  const [uploading, setUploading] = useState(false)
  const patch = (p: Partial<DisclosureForm>) => setForm((f) => ({ ...f, ...p }))

  const submit = async () => {
    if (saving || uploading) return
    if (!check(validateForm(form, correcting))) return
    const { confirm } = await Taro.showModal(correcting
      ? { title: '发布更正', content: '更正后将发布新版本，原版本保留并标为「已更正」，居民都能看到更正原因。', confirmText: '发布更正', cancelText: '再看看' }
      : { title: '公开发布', content: '发布后本社区居民即可看到。公开内容不能删除，只能更正或撤回。', confirmText: '发布', cancelText: '再看看' })
    if (!confirm) return
    await send(async () => {
      let saved: DisclosureDetailDto
      if (existing) {
        saved = await correctDisclosure(existing.id, toCorrectInput(form))
      } else {
        const input = toCreateInput(form)
        saved = await createDisclosure(input, keyFor(input))
      }
      Taro.showToast({ title: correcting ? '更正已发布' : '已公开', icon: 'success' })
      await Taro.redirectTo({ url: withQuery(DISCLOSURE_DETAIL_PAGE, { id: saved.id }) })
    })
  }

  return (
    <View id='disclosure-form'>
      <View className='hero'>
        <View className='hero__title'>{existing ? '更正公开事项' : '发布公开事项'}</View>
        <View className='hero__sub'>{existing ? `更正第 ${existing.versionNo} 版：${existing.title}` : '党务、居务、财务公开，收支以元填写'}</View>
      </View>
      {failure ? <View className='banner banner--error' role='alert' id='disclosure-form-error'>{failure.message}</View> : null}

      <View className='card'>
        {!existing && communities.length > 1 ? (
          <Field label='社区' error={errors.communityId} id='field-community'>
            <View className='chips' role='radiogroup'>
              {communities.map((c) => (
                <Chip key={c.id} id={`community-${c.id}`} active={c.id === form.communityId} onTap={() => patch({ communityId: c.id })}>{c.name}</Chip>
              ))}
            </View>
          </Field>
        ) : errors.communityId ? <View className='field__error' role='alert'>{errors.communityId}</View> : null}
        {!existing ? (
          <Field label='类别' error={errors.category} id='field-category'>
            <View className='chips' role='radiogroup'>
              {DISCLOSURE_CATEGORIES.map((c) => (
                <Chip key={c.value} id={`category-${c.value}`} active={c.value === form.category} onTap={() => patch({ category: c.value })}>{c.label}</Chip>
              ))}
            </View>
          </Field>
        ) : null}
        <Field label='标题' error={errors.title} id='field-title'>
          <Input id='disclosure-title' className='input' value={form.title} maxlength={L.titleMax} placeholder='例如：2026年10月财务收支' onInput={(e) => patch({ title: e.detail.value })} />
        </Field>
        <Field label='期间' error={errors.period} id='field-period' hint='填年份 2026、季度 2026-Q3 或月份 2026-10'>
          <Input id='disclosure-period' className='input' value={form.period} maxlength={7} placeholder='例如：2026-10' onInput={(e) => patch({ period: e.detail.value })} />
        </Field>
        <Field label='正文' error={errors.body} id='field-body'>
          <Textarea id='disclosure-body' className='textarea' value={form.body} maxlength={L.bodyMax} autoHeight placeholder='说明公开的内容' onInput={(e) => patch({ body: e.detail.value })} />
        </Field>
      </View>

      <View className='card'>
        <View className='card__title'>收支明细</View>
        <LinesEditor lines={form.lines} errors={errors} onChange={(lines) => patch({ lines })} />
      </View>

      <View className='card'>
        <Field label={`附件图片（最多${MAX_PHOTOS}张）`} error={errors.attachments} id='field-attachments'>
          <PhotoPicker id='disclosure-photos' photos={form.photos} max={MAX_PHOTOS} sources={['album', 'camera']} onBusyChange={setUploading} onChange={(photos) => patch({ photos })} />
        </Field>
      </View>

      {existing ? (
        <View className='card'>
          <Field label='更正原因（居民可见）' error={errors.reason} id='field-reason'>
            <Textarea id='correction-reason' className='textarea textarea--short' value={form.reason} maxlength={L.reasonMax} placeholder='例如：路灯维修金额录入错误' onInput={(e) => patch({ reason: e.detail.value })} />
          </Field>
        </View>
      ) : null}

      <ActionButton block id='disclosure-submit' disabled={saving || uploading} onClick={() => void submit()}>
        {saving ? '提交中…' : uploading ? '图片上传中…' : existing ? '发布更正' : '公开发布'}
      </ActionButton>
    </View>
  )
}
