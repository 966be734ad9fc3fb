import { Input, Picker, Textarea, View } from '@tarojs/components'
import Taro, { useRouter } from '@tarojs/taro'
import { useEffect, useState } from 'react'
import ActionButton from '../../../components/ActionButton'
import Field from '../../../components/Field'
import PageShell from '../../../components/PageShell'
import PhotoPicker from '../../../components/PhotoPicker'
import { ErrorState, Loading } from '../../../components/StateView'
import { scrollToFormError, useFormSubmit } from '../../../hooks/useFormSubmit'
import { useResource } from '../../../hooks/useResource'
import { createNotice, getNotice, publishNotice, updateNotice } from '../../../services/notices'
import { getRegionTree } from '../../../services/regions'
import type { NoticeDetailDto } from '../../../services/types'
import { NOTICE_CATEGORIES } from '../../../utils/labels'
import { NOTICE_DETAIL_PAGE, NOTICE_MANAGE_PAGE, withQuery } from '../../../utils/routes'
import { formatDateTime, shanghaiParts } from '../../../utils/time'
import { isLossless } from './body'
import {
  emptyForm, formFromNotice, MAX_IMAGES, publishAfterSave, TITLE_MAX, toCreateInput, toUpdateInput, validateNoticeForm,
  type FormErrors, type NoticeForm, type PublishMode,
} from './form'
import RevisionHistory from './RevisionHistory'
import TargetPicker from './TargetPicker'
import Chip from '../../../components/Chip'
import FormFailure from '../FormFailure'
import SwitchRow from '../SwitchRow'
import '../workbench.css'

const COMPOSE_FIELDS: readonly string[] = ['title', 'body', 'target', 'publishAt', 'pinnedUntil', 'expiresAt', 'images']
/** The form field an API field belongs to (`imageIds.2` → the images). */
function composeFieldOf(apiField: string): keyof FormErrors | undefined {
  const key = apiField.split('.')[0]
  const name = key === 'imageIds' ? 'images' : key
  return COMPOSE_FIELDS.includes(name) ? (name as keyof FormErrors) : undefined
}

/** 发布公告 / 编辑公告 (`?id=` edits; an edited notice shows its 修改记录 below the form). */
export default function ComposePage() {
  const { params } = useRouter()
  const id = params.id ? Number(params.id) : undefined
  const tree = useResource(getRegionTree)
  const existing = useResource(() => getNotice(id!), { immediate: Boolean(id) })

  const communities = (tree.data ?? []).flatMap((s) => s.children)
  const ready = tree.data && (!id || existing.data)
  const failed = tree.error ?? existing.error

  return (
    <PageShell>
      {failed ? <ErrorState error={failed} onRetry={() => void (tree.error ? tree.reload() : existing.reload())} /> : null}
      {!failed && !ready ? <Loading /> : null}
      {!failed && ready ? (
        <ComposeForm key={existing.data?.version ?? 'new'} communities={communities} existing={existing.data} onReload={existing.reload} />
      ) : null}
    </PageShell>
  )
}

type Community = Parameters<typeof TargetPicker>[0]['communities'][number]

const MODES: { value: PublishMode; label: string }[] = [
  { value: 'now', label: '立即发布' },
  { value: 'schedule', label: '定时发布' },
  { value: 'draft', label: '存为草稿' },
]

function ComposeForm({ communities, existing, onReload }: { communities: Community[]; existing?: NoticeDetailDto; onReload: () => Promise<void> }) {
  const [form, setForm] = useState<NoticeForm>(() => (existing ? formFromNotice(existing, new Date()) : emptyForm(new Date(), communities.length === 1 ? communities[0].id : undefined)))
  const { busy: saving, errors, setErrors, failure, keyFor, submit: send, check } = useFormSubmit(composeFieldOf)
  const [done, setDone] = useState<{ notice: NoticeDetailDto; edited: boolean }>()

  const state = existing?.state
  const isOut = state === 'published' || state === 'expired'
  const modes = !existing ? MODES : state === 'draft' ? MODES : state === 'scheduled' ? MODES.filter((m) => m.value !== 'draft') : []
  const lossy = existing ? !isLossless(existing.bodyHtml) : false
  const today = shanghaiParts(new Date()).date

  const patch = (p: Partial<NoticeForm>) => setForm((f) => ({ ...f, ...p }))
  useEffect(() => setErrors({}), [form.mode])

  const submit = async () => {
    if (saving) return
    if (!check(validateNoticeForm(form, new Date()))) return
    const sent = await send(async () => {
      if (!existing) {
        const input = toCreateInput(form)
        setDone({ notice: await createNotice(input, keyFor(input)), edited: false })
      } else {
        const saved = await updateNotice(existing.id, toUpdateInput(form, existing.version, existing.state))
        const then = publishAfterSave(form, existing.state)
        setDone(then ? { notice: await publishNotice(existing.id, then.publishAt), edited: false } : { notice: saved, edited: true })
      }
    })
    if (!sent) scrollToFormError()
  }

  if (done) return <Done notice={done.notice} edited={done.edited} />

  const submitLabel = isOut ? '保存修改' : form.mode === 'draft' ? '保存草稿' : form.mode === 'schedule' ? '定时发布' : '立即发布'

  return (
    <View id='compose-form'>
      <View className='hero'>
        <View className='hero__title'>{existing ? '编辑公告' : '发布公告'}</View>
        <View className='hero__sub'>{existing ? `${existing.stateLabel} · 第 ${existing.version} 版` : '面向居民发布通知、活动、政策等信息'}</View>
      </View>
      <FormFailure failure={failure} idPrefix='compose' subject='这条公告' onReload={onReload} />

      <View className='card'>
        <Field label='标题' error={errors.title} id='field-title' hint={`${form.title.trim().length}/${TITLE_MAX}`}>
          <Input className='input' value={form.title} maxlength={TITLE_MAX} placeholder='例如：12月3日停水通知' onInput={(e) => patch({ title: e.detail.value })} />
        </Field>
        <Field label='类别' id='field-category'>
          <View className='chips'>
            {NOTICE_CATEGORIES.map((c) => (
              <Chip key={c.value} id={`category-${c.value}`} active={c.value === form.category} onTap={() => patch({ category: c.value })}>
                {c.label}
              </Chip>
            ))}
          </View>
        </Field>
        <SwitchRow id='field-important' title='重要公告' hint='记录居民阅读情况，网格员可按未读名单上门告知' color='#b42318'
          checked={form.important} onChange={(important) => patch({ important })} />
      </View>

      <View className='card'>
        <Field label='发布范围' error={errors.target} id='field-target'>
          <TargetPicker form={form} communities={communities} locked={isOut} onChange={patch} />
        </Field>
      </View>

      <View className='card'>
        <Field label='正文' error={errors.body} id='field-body' hint='每行为一段；用 **文字** 表示加粗'>
          <Textarea
            className='textarea'
            value={form.body}
            maxlength={5000}
            autoHeight
            placeholder='请输入公告内容'
            onInput={(e) => patch({ body: e.detail.value })}
          />
        </Field>
        {lossy ? <View className='banner banner--info'>原正文含列表、标题或链接等格式，保存后将按段落纯文本保存。</View> : null}
        <Field label={`图片（最多${MAX_IMAGES}张）`} error={errors.images} id='field-images'>
          <PhotoPicker id='image-picker' photos={form.images} max={MAX_IMAGES} onChange={(images) => patch({ images })} />
        </Field>
      </View>

      <View className='card'>
        {modes.length ? (
          <Field label='发布方式' id='field-mode'>
            <View className='chips'>
              {modes.map((m) => (
                <Chip key={m.value} id={`mode-${m.value}`} active={m.value === form.mode} onTap={() => patch({ mode: m.value })}>
                  {m.label}
                </Chip>
              ))}
            </View>
          </Field>
        ) : (
          <View className='muted field'>已于 {formatDateTime(existing?.publishedAt)} 发布</View>
        )}
        {form.mode === 'schedule' && modes.length ? (
          <Field label='发布时间' error={errors.publishAt} id='field-publishAt'>
            <View className='pickers'>
              <Picker mode='date' value={form.publishDate} start={today} onChange={(e) => patch({ publishDate: String(e.detail.value) })}>
                <View className='input picker-value' id='publish-date'>{form.publishDate || '选择日期'}</View>
              </Picker>
              <Picker mode='time' value={form.publishTime} onChange={(e) => patch({ publishTime: String(e.detail.value) })}>
                <View className='input picker-value' id='publish-time'>{form.publishTime || '选择时间'}</View>
              </Picker>
            </View>
          </Field>
        ) : null}
        <SwitchRow id='field-pinned' title='置顶' hint='置顶的公告显示在列表最前面' checked={form.pinned} onChange={(pinned) => patch({ pinned })} />
        {form.pinned ? (
          <Field label='置顶至（含当天）' error={errors.pinnedUntil} id='field-pinnedUntil'>
            <Picker mode='date' value={form.pinnedUntilDate} start={today} onChange={(e) => patch({ pinnedUntilDate: String(e.detail.value) })}>
              <View className='input picker-value'>{form.pinnedUntilDate}</View>
            </Picker>
          </Field>
        ) : null}
        <SwitchRow id='field-expires' title='设置有效期' hint='过期后居民不再看到这条公告' checked={form.expires} onChange={(expires) => patch({ expires })} />
        {form.expires ? (
          <Field label='有效期至（含当天）' error={errors.expiresAt} id='field-expiresAt'>
            <Picker mode='date' value={form.expiresDate} start={today} onChange={(e) => patch({ expiresDate: String(e.detail.value) })}>
              <View className='input picker-value'>{form.expiresDate}</View>
            </Picker>
          </Field>
        ) : null}
      </View>

      <ActionButton block id='submit-notice' disabled={saving} onClick={() => void submit()}>
        {saving ? '提交中…' : submitLabel}
      </ActionButton>
      {existing && existing.revisions > 0 ? <RevisionHistory noticeId={existing.id} count={existing.revisions} /> : null}
    </View>
  )
}

function Done({ notice, edited }: { notice: NoticeDetailDto; edited: boolean }) {
  const message =
    notice.state === 'draft' ? '草稿已保存'
    : notice.state === 'scheduled' ? `已定时，将于 ${formatDateTime(notice.publishAt)} 发布`
    : edited ? '修改已保存'
    : '公告已发布'
  return (
    <View id='compose-done' data-notice-id={notice.id}>
      <View className='banner banner--ok'>{message}</View>
      <View className='card'>
        <View className='card__title'>{notice.title}</View>
        <View className='item__meta'>{notice.stateLabel} · 发布范围：{notice.targetLabel}</View>
        <View className='actions'>
          <ActionButton grow id='view-notice' onClick={() => Taro.redirectTo({ url: withQuery(NOTICE_DETAIL_PAGE, { id: notice.id }) })}>
            查看公告
          </ActionButton>
          <ActionButton kind='secondary' grow id='back-to-manage' onClick={() => Taro.navigateBack().catch(() => Taro.redirectTo({ url: NOTICE_MANAGE_PAGE }))}>
            返回公告管理
          </ActionButton>
        </View>
      </View>
    </View>
  )
}
